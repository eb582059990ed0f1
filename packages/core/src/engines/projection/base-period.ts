import type { Db } from '../../kernel/db.js';
import { UsageError } from '../../kernel/errors.js';
import { ident } from '../../kernel/sql.js';
import {
  lineEventsSql,
  sharedSourceTables,
  sourceRelationSql,
  sourceTableName,
} from './sources.js';
import { tableExists, type TempTables } from './temp-tables.js';
import type { ProjectionWarning, ServiceLineDef } from './types.js';

type Warn = (w: ProjectionWarning) => void;

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let y = from; y <= to; y++) out.push(y);
  return out;
}

/**
 * The lines whose source table exists and has rows; the others are skipped with one warning per
 * reason (`LINES_SKIPPED`). Refuses a run where no line is left (`NO_SERVICE_DATA`).
 */
export async function usableLines(
  db: Db,
  lines: readonly ServiceLineDef[],
  warn: Warn,
): Promise<ServiceLineDef[]> {
  const usable: ServiceLineDef[] = [];
  const skipped = new Map<string, string[]>(); // reason → line ids
  const tableRows = new Map<string, number>();
  for (const def of lines) {
    const table = sourceTableName(def);
    if (!tableRows.has(table)) {
      const exists = table !== '' && (await tableExists(db, table));
      tableRows.set(
        table,
        exists ? Number(await db.value<number>(`SELECT count(*) FROM ${ident(table)}`)) : -1,
      );
    }
    const rows = tableRows.get(table)!;
    if (rows <= 0) {
      const reason = rows === 0 ? `${table} is empty` : `there is no table ${table}`;
      skipped.set(reason, [...(skipped.get(reason) ?? []), def.id]);
      continue;
    }
    usable.push(def);
  }
  for (const [reason, ids] of skipped) {
    warn({
      code: 'LINES_SKIPPED',
      message: `${ids.length} service line${ids.length > 1 ? 's' : ''} skipped because ${reason}: ${ids.join(', ')}`,
    });
  }
  if (usable.length === 0)
    throw new UsageError(
      'NO_SERVICE_DATA',
      'no service line has data in the workspace; load registry extracts first',
    );
  return usable;
}

/**
 * The years that may be base years: the period asked for, else the last ten years with
 * population; without the excluded years. Refuses an empty list (`NO_BASE_PERIOD`).
 */
export async function candidateYears(
  db: Db,
  basePeriod: { from: number; to: number } | undefined,
  exclude: readonly number[],
): Promise<number[]> {
  const popYears = (
    await db.all<{ y: number }>(`SELECT DISTINCT year::INTEGER AS y FROM population ORDER BY 1`)
  ).map((r) => r.y);
  const candidates = basePeriod
    ? range(basePeriod.from, basePeriod.to).filter((y) => !exclude.includes(y))
    : popYears.slice(-10).filter((y) => !exclude.includes(y));
  if (candidates.length === 0)
    throw new UsageError(
      'NO_BASE_PERIOD',
      'no base years are left (no population loaded, or every year excluded)',
    );
  return candidates;
}

/**
 * `ev`: the events of every line in the candidate years, by line × year × municipality × sex ×
 * age ({@link lineEventsSql}). Relations that join other tables are computed once for all the
 * lines that read them (`src_<table>`).
 */
export async function createBaseEvents(
  tt: TempTables,
  usable: readonly ServiceLineDef[],
  candidates: readonly number[],
): Promise<void> {
  const relations = new Map<string, string>();
  for (const table of sharedSourceTables(usable)) {
    await tt.create(`src_${table}`, sourceRelationSql(table, candidates));
    relations.set(table, tt.rawName(`src_${table}`));
  }
  await tt.create(
    'ev',
    usable.map((d) => lineEventsSql(d, candidates, relations)).join('\nUNION ALL\n'),
  );
}

/**
 * Without a base period asked for: the latest `count` candidate years in which every source table
 * with data has events (extracts end at different years; ongoing municipal decisions reach into
 * years no other extract covers), with a warning naming them (`BASE_PERIOD_INFERRED`).
 */
export async function inferBaseYears(
  tt: TempTables,
  usable: readonly ServiceLineDef[],
  candidates: readonly number[],
  count: number,
  exclude: readonly number[],
  warn: Warn,
): Promise<number[]> {
  const rows = await tt.db.all<{ line_id: string; y: number }>(
    `SELECT DISTINCT split_part(line_id, ':', 1) AS line_id, year AS y FROM ${tt.t('ev')} WHERE events > 0`,
  );
  const tableOf = new Map(usable.map((d) => [d.id, sourceTableName(d)]));
  const byTable = new Map<string, Set<number>>();
  for (const r of rows) {
    const tbl = tableOf.get(r.line_id) ?? r.line_id;
    byTable.set(tbl, (byTable.get(tbl) ?? new Set<number>()).add(r.y));
  }
  const withEvents = candidates.filter(
    (y) => byTable.size > 0 && [...byTable.values()].every((ys) => ys.has(y)),
  );
  const baseYears = withEvents.slice(-count);
  if (baseYears.length === 0)
    throw new UsageError(
      'NO_BASE_PERIOD',
      `no service line has events in a year with population (${candidates.join(', ')})`,
    );
  warn({
    code: 'BASE_PERIOD_INFERRED',
    message: `base period: ${baseYears.join(', ')} (the latest years with population and events in every source${exclude.length ? `, without ${exclude.join(', ')}` : ''})`,
  });
  return baseYears;
}
