import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Db } from '../kernel/db.js';
import { InputDataError } from '../kernel/errors.js';
import { path } from '../kernel/sql.js';
import { SYNTH_MANIFEST, type SynthManifest } from './generate.js';
import { calibrationTablesSql } from './check-tables.js';
import {
  calibrationRecorder,
  measureCohorts,
  measureContacts,
  measureDental,
  measureHfSpread,
  measureWaitsAndCoercion,
} from './check-measures.js';
import type { CalibrationRow } from './calibration-targets.js';

export { CALIBRATION_TARGETS, type CalibrationRow } from './calibration-targets.js';

/** Options of {@link checkSynthetic}. */
export interface CalibrationOptions {
  /** Year to check (default: the last year in the manifest). */
  year?: number;
  /** GP consultation days in the year that alone put a person with COPD/diabetes/heart failure at medium–high risk (default 20, the dho-target cohort's `minGpContacts`). */
  dhoGpContacts?: number;
  /** GP consultation days that, with home health care, put such a person at medium–high risk (default 10, the cohort's `minGpContactsWithHomeCare`). */
  dhoGpContactsWithHomeCare?: number;
}

/**
 * Compute the calibration targets FROM THE EXTRACT FILES in `dir` (written by
 * {@link generateSynthetic}): SQL over the files, never the generator's state. Definitions mirror
 * the built-in cohorts: complex multimorbidity = adults with ≥ 3 chronic conditions in ≥ 3 organ
 * systems in NPR (main or secondary ICD-10) in the year; frail = IPLOS need level moderate-to-large
 * or extensive (`bistandsbehov` ≥ 2) in the year; the overlap links NPR to KPR through the key file
 * (conflicting ids left out); the digital home follow-up group is the built-in `dho-target` cohort
 * (adults with COPD/diabetes/heart failure in NPR or KPR in the year and an acute inpatient episode
 * with one of them as main diagnosis, or ≥ `dhoGpContacts` GP consultation days, or home health
 * care with ≥ `dhoGpContactsWithHomeCare` such days), alive at 31 December as far as the extracts
 * tell (no NPR episode in the year ending in death), as the cohorts count. Ages are reached during
 * the year, and denominators come from the population file on 1 January of the next year (the same
 * birth cohorts).
 */
export async function checkSynthetic(
  dir: string,
  options: CalibrationOptions = {},
): Promise<CalibrationRow[]> {
  const abs = resolve(dir);
  const mf = join(abs, SYNTH_MANIFEST);
  if (!existsSync(mf))
    throw new InputDataError(
      'SYNTH_NO_MANIFEST',
      'no synth.json: not a folder written by felles synth',
      { file: mf },
    );
  const manifest = JSON.parse(await readFile(mf, 'utf8')) as SynthManifest;
  const year = options.year ?? Math.max(...manifest.years);
  const nGp = options.dhoGpContacts ?? 20;
  const nGpHome = options.dhoGpContactsWithHomeCare ?? 10;
  const file = (role: string) => {
    const f = manifest.files.find((x) => x.role === role);
    if (!f)
      throw new InputDataError('SYNTH_MISSING_FILE', `synth.json lists no ${role} file`, {
        file: mf,
      });
    const p = join(abs, f.file);
    return f.file.endsWith('.parquet')
      ? `read_parquet(${path(p)})`
      : `read_csv(${path(p)}, delim = ';', header = true, all_varchar = true)`;
  };
  const db = await Db.open(':memory:');
  try {
    await db.exec(calibrationTablesSql({ abs, file, year, nGp, nGpHome }));
    const r = calibrationRecorder(db);
    await measureCohorts(r);
    await measureContacts(r, nGp, nGpHome);
    await measureDental(r);
    await measureHfSpread(r);
    await measureWaitsAndCoercion(r, year);
    return r.rows;
  } finally {
    db.close();
  }
}
