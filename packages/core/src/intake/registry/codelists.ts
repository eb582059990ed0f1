import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../../kernel/db.js';
import { path as sqlPath } from '../../kernel/sql.js';
import { DEFINITIONS_DIR } from '../../kernel/util/paths.js';

/** Folder of the ingest code lists (definitions/ingest), each described in its SOURCES.md. */
export const INGEST_DEFINITIONS_DIR = join(DEFINITIONS_DIR, 'ingest');

/** Versions of the ingest code lists, recorded in every ingest run manifest. */
export function ingestCodelistVersions(): { id: string; version: string }[] {
  const v = JSON.parse(
    readFileSync(join(INGEST_DEFINITIONS_DIR, 'VERSIONS.json'), 'utf8'),
  ) as Record<string, string>;
  return Object.entries(v).map(([id, version]) => ({ id, version }));
}

/**
 * Load the ingest code lists into temporary tables:
 * `ingest_icd10_chapter(first, last)`, `ingest_fee_map(code, match, contact_type, out_of_hours, rank)`
 * and `ingest_service(code, service_group, recode_to, status)`.
 */
export async function loadIngestCodelists(db: Db): Promise<void> {
  const csv = (f: string) =>
    `read_csv(${sqlPath(join(INGEST_DEFINITIONS_DIR, f))}, header = true, all_varchar = true, delim = ',', quote = '"')`;
  await db.exec(`
    CREATE OR REPLACE TEMP TABLE ingest_icd10_chapter AS SELECT first, last FROM ${csv('icd10-chapters.csv')};
    CREATE OR REPLACE TEMP TABLE ingest_fee_map AS
      SELECT lower(m.code) AS code, m.match, m.contact_type, m.out_of_hours = 'true' AS out_of_hours, CAST(r.rank AS INTEGER) AS rank
      FROM ${csv('kuhr-contact-type.csv')} m JOIN ${csv('kuhr-contact-type-rank.csv')} r USING (contact_type);
    CREATE OR REPLACE TEMP TABLE ingest_service AS
      SELECT code, service_group, NULLIF(recode_to, '') AS recode_to, status FROM ${csv('iplos-services.csv')};
  `);
}
