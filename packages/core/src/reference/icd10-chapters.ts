/**
 * The chapters of ICD-10 (WHO 2019 edition) as ranges of 3-character categories, from the bundled
 * list `definitions/ingest/icd10-chapters.csv` — the one place they are written down. Intake uses
 * them to check codes, the projection to split service lines by chapter.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFINITIONS_DIR } from '../kernel/util/paths.js';

/** One ICD-10 chapter: its roman numeral, its position (1–22), its first and last category. */
export interface Icd10Chapter {
  chapter: string;
  number: number;
  first: string;
  last: string;
  title: string;
}

let chapters: readonly Icd10Chapter[] | undefined;

/** The 22 chapters in the order of the classification (I … XXII). */
export function icd10Chapters(): readonly Icd10Chapter[] {
  if (chapters) return chapters;
  const text = readFileSync(join(DEFINITIONS_DIR, 'ingest', 'icd10-chapters.csv'), 'utf8');
  const out: Icd10Chapter[] = [];
  for (const line of text.split(/\r?\n/).slice(1)) {
    if (!line.trim()) continue;
    const m = /^([IVXL]+),([A-Z][0-9]{2}),([A-Z][0-9]{2}),(?:"((?:[^"]|"")*)"|(.*))$/.exec(line);
    if (!m) throw new Error(`bad line in icd10-chapters.csv: ${line}`);
    out.push({
      chapter: m[1]!,
      number: out.length + 1,
      first: m[2]!,
      last: m[3]!,
      title: (m[4] ?? m[5] ?? '').replace(/""/g, '"'),
    });
  }
  chapters = out;
  return out;
}
