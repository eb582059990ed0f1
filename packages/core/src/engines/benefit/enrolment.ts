import { existsSync } from 'node:fs';
import type { Db } from '../../kernel/db.js';
import { InputDataError, UsageError } from '../../kernel/errors.js';
import { path, str } from '../../kernel/sql.js';

/** Workspace table of enrolments: intervention, id space, person id, enrolment date. */
export const ENROLMENT_TABLE = 'benefit_enrolment';

/**
 * Load an enrolment file into `benefit_enrolment`, replacing earlier rows of the interventions it
 * names. The file is CSV (`;` or `,`) with the header `intervention;person_id;id_space;enrolment_date`
 * (id space `npr` or `kpr`, date `YYYY-MM-DD`). Every row must be valid or nothing is loaded: the
 * first bad row is named with its line, column and value. Returns the rows loaded.
 */
export async function loadEnrolment(db: Db, file: string): Promise<number> {
  if (!existsSync(file)) throw new UsageError('FILE_NOT_FOUND', `no enrolment file at ${file}`);
  await db.exec(`CREATE OR REPLACE TEMP TABLE benefit_enrol_in AS
    SELECT row_number() OVER () + 1 AS line, * FROM ${
      file.toLowerCase().endsWith('.parquet')
        ? `(SELECT COLUMNS(*)::VARCHAR FROM read_parquet(${path(file)}))`
        : `read_csv(${path(file)}, header = true, all_varchar = true, auto_detect = true)`
    }`);
  const cols = (
    await db.all<{ name: string }>(`SELECT column_name AS name FROM (DESCRIBE benefit_enrol_in)`)
  ).map((r) => r.name);
  for (const c of ['intervention', 'person_id', 'id_space', 'enrolment_date'])
    if (!cols.includes(c))
      throw new InputDataError(
        'ENROLMENT_COLUMN_MISSING',
        `column "${c}" is missing (found ${cols.join(', ')})`,
        { file, column: c },
      );
  const bad = await db.all(`SELECT line, col, val FROM (
      SELECT line, 'intervention' AS col, intervention AS val FROM benefit_enrol_in WHERE NOT regexp_full_match(coalesce(intervention, ''), '[A-Za-z0-9-]+')
      UNION ALL SELECT line, 'person_id', person_id FROM benefit_enrol_in WHERE coalesce(trim(person_id), '') = ''
      UNION ALL SELECT line, 'id_space', id_space FROM benefit_enrol_in WHERE coalesce(id_space, '') NOT IN ('npr', 'kpr')
      UNION ALL SELECT line, 'enrolment_date', enrolment_date FROM benefit_enrol_in WHERE try_strptime(enrolment_date, '%Y-%m-%d') IS NULL
    ) ORDER BY line LIMIT 1`);
  if (bad.length > 0) {
    const b = bad[0]!;
    throw new InputDataError(
      'BAD_ENROLMENT_ROW',
      'not a valid enrolment (intervention: letters, digits, -; id_space npr or kpr; date YYYY-MM-DD)',
      { file, line: Number(b['line']), column: String(b['col']), value: String(b['val'] ?? '') },
    );
  }
  return db.transaction(async () => {
    await db.exec(`CREATE TABLE IF NOT EXISTS ${ENROLMENT_TABLE} (intervention VARCHAR NOT NULL, id_space VARCHAR NOT NULL,
      person_id VARCHAR NOT NULL, enrolment_date DATE NOT NULL, source_file VARCHAR NOT NULL);
      DELETE FROM ${ENROLMENT_TABLE} WHERE intervention IN (SELECT DISTINCT intervention FROM benefit_enrol_in);`);
    const n = await db.run(`INSERT INTO ${ENROLMENT_TABLE}
      SELECT DISTINCT intervention, id_space, trim(person_id), CAST(enrolment_date AS DATE), ${str(file)} FROM benefit_enrol_in`);
    await db.exec(`DROP TABLE benefit_enrol_in`);
    return n;
  });
}
