import { str } from '../kernel/sql.js';
import { icd10Chapters, type Icd10Chapter } from '../reference/icd10-chapters.js';

/** The split code of a chapter: `ch01` … `ch22`. */
const chapterCode = (ch: Icd10Chapter) => `ch${String(ch.number).padStart(2, '0')}`;

/** SQL CASE giving the ICD-10 chapter (`ch01` … `ch22`) of a code column; NULL when outside. */
export function icd10ChapterSql(column: string): string {
  const c = `substr(${column}, 1, 3)`;
  return `CASE ${icd10Chapters()
    .map(
      (ch) => `WHEN ${c} BETWEEN ${str(ch.first)} AND ${str(ch.last)} THEN ${str(chapterCode(ch))}`,
    )
    .join(' ')} END`;
}
