/** One written extract file. */
export interface SynthFile {
  /** Extract kind as `felles ingest` names it (`npr`, `kpr-claims`, …, `population`, `projection`). */
  kind: string;
  /** Role within a multi-file kind (`bills`, `diagnoses`, `fees`), else the kind. */
  role: string;
  file: string;
  rows: number;
}
