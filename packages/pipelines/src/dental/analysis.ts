/**
 * `dentalAnalysis()`: the public dental service (DOT) tables for county dental leaders —
 * utilisation by priority group and county (entitled population, under supervision, examined,
 * treated, not seen for two years), by clinic, caries at the status-examination ages with the
 * share examined beside every figure, recall intervals, and dental use in the cross-sector
 * priority groups. Every table is published through disclosure control ({@link dentalAnalysis}, or a
 * command's `Publication`). See `docs/dental.md`.
 */
import {
  type Row,
  UsageError,
  type TableMetadata,
  type TableToPublish,
  sql,
  entitledSql,
  dropDental,
  prepareDental,
  groupLabel,
  loadPriorityGroups,
  type Db,
} from '@felles/core';
import type { DentalInputs, DentalOptions, DentalTables, DentalTarget } from './analysis-types.js';
import { putCaries } from './caries-table.js';
import { dentalCells } from './cells.js';
import { putCrossSector } from './cross-sector-table.js';
import { putDemand } from './demand-table.js';
import { putGroupCheck } from './group-check-table.js';
import { putRecall } from './recall-table.js';
import type { DentalTableContext } from './table-context.js';
import { putClinics, putUtilisation } from './utilisation-tables.js';

export type {
  DentalAnalysis,
  DentalInputs,
  DentalOptions,
  DentalTables,
  DentalTarget,
} from './analysis-types.js';

/** Years with DOT records. */
export async function dentalYears(db: Db): Promise<number[]> {
  const rows = await db.all(`SELECT DISTINCT year FROM dental_record ORDER BY year`);
  return rows.map((r) => Number(r['year']));
}

/** County code → name, from the workspace's `municipality` table (and `NO` → Norge). */
export async function countyNames(db: Db): Promise<Map<string, string>> {
  const rows = await db.all(`SELECT DISTINCT county_code, county_name FROM municipality`);
  const m = new Map<string, string>(
    rows.map((r) => [String(r['county_code']), String(r['county_name'])]),
  );
  m.set('NO', 'Norge');
  m.set('unknown', 'Ukjent fylke');
  return m;
}

function checkOptions(o: DentalOptions): void {
  if (
    o.referenceDate !== undefined &&
    !/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(o.referenceDate)
  )
    throw new UsageError(
      'BAD_REFERENCE_DATE',
      `the reference date must be MM-DD, got ${o.referenceDate}`,
    );
  for (const c of o.counties ?? [])
    if (!/^\d{2}$/.test(c))
      throw new UsageError('BAD_COUNTY', `a county code has 2 digits (e.g. 40), got ${c}`);
  for (const y of o.years ?? [])
    if (!Number.isInteger(y) || y < 1984 || y > 2100)
      throw new UsageError('BAD_YEAR', `not a year: ${y}`);
}

/**
 * The tables of the dental analysis, ready to publish (read-only is enough: only temporary
 * tables are made). Throws `UsageError NO_DENTAL_RECORDS` when the workspace has no DOT records
 * for the years. See {@link dentalAnalysis} to disclose them.
 */
export async function dentalTableInputs(
  ws: DentalTarget,
  options: DentalOptions = {},
): Promise<DentalInputs> {
  checkOptions(options);
  const db = ws.db;
  const def = options.definition ?? loadPriorityGroups();
  const available = await dentalYears(db);
  const years = options.years?.length ? [...options.years].sort((a, b) => a - b) : available;
  if (years.length === 0 || !years.some((y) => available.includes(y)))
    throw new UsageError(
      'NO_DENTAL_RECORDS',
      `the workspace has no public dental service records${options.years?.length ? ` for ${years.join(', ')}` : ''}; load them with: felles ingest dental <file>`,
      { available },
    );
  const warnings: string[] = [];
  for (const y of years) if (!available.includes(y)) warnings.push(`no DOT records for ${y}`);
  try {
    await prepareDental(db, def, years, options.referenceDate ?? '12-31');
    await db.exec(entitledSql());
    const names = await countyNames(db);
    // With --county the other counties (and unknown residence) are parts of the country left
    // unpublished: a county kept alone is not the country. Without it the parts are the rows'.
    const county = {
      column: 'county_code',
      total: 'NO',
      ...(options.counties?.length ? { parts: [...names.keys()].filter((k) => k !== 'NO') } : {}),
    };
    const keep = (c: unknown) => !options.counties?.length || options.counties.includes(String(c));
    const meta = (title: string, extra: Partial<TableMetadata> = {}): TableMetadata => ({
      title,
      definitions: [{ id: def.id, version: def.version }],
      dataVintage: `DOT ${years.join(', ')}`,
      ...extra,
    });
    const label = (g: unknown) => groupLabel(def, String(g));
    const inputs: Partial<Record<keyof DentalTables, TableToPublish>> = {};
    const put: DentalTableContext['put'] = (key, rows, schema, metadata) => {
      inputs[key] = { input: rows, schema: { ...schema, cells: dentalCells(schema) }, metadata };
    };
    const unmatched = await db.value<number>(
      `SELECT count(*) FROM dtl_rec WHERE year IN ${sql.inList(years)} AND rule_group = 'none'`,
    );
    if (Number(unmatched) > 0)
      warnings.push(
        `${Number(unmatched)} DOT records fall in no priority group under the rule in force on their date (group "none")`,
      );

    const ctx: DentalTableContext = {
      ws,
      db,
      def,
      years,
      options,
      names,
      county,
      keep,
      meta,
      label,
      put,
      warnings,
    };
    await putUtilisation(ctx);
    await putClinics(ctx);
    await putCaries(ctx);
    await putRecall(ctx);
    await putCrossSector(ctx);
    await putGroupCheck(ctx);
    await putDemand(ctx);

    return { definition: { id: def.id, version: def.version }, years, inputs, warnings };
  } finally {
    await dropDental(db);
    await db.exec('DROP TABLE IF EXISTS dtl_ind; DROP TABLE IF EXISTS dtl_ent;');
  }
}

/** Rows of a query, for the explain output. */
export type { Row };
