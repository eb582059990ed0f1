/**
 * Median indicators (`kind` `median`): the median of a numeric column (`medianOf`) over the
 * numerator's rows at every level (the statistic row: `medianStat` in no-interval.ts). See docs/indicators.md
 * ("Median").
 */
import { ident } from '../../kernel/sql.js';
import { INDICATOR_SOURCES } from '../../catalogue/sources.js';
import { levelAgg, measureFacts, withClause, type CompileIndicatorOptions } from './compile.js';
import type { IndicatorDefinition } from './types.js';

/**
 * SQL of the median of `medianOf` over the numerator's rows at every level (columns `year, level,
 * area_code, <breakdowns>, band, sx, v`): the rows are reduced to one per area, stratum, breakdown
 * code and value with their number (`w`), expanded back to one row per event, and DuckDB's `median`
 * taken — the middle value, the mean of the two middle values for an even number.
 */
export function medianSql(def: IndicatorDefinition, o: CompileIndicatorOptions): string {
  const col = def.medianOf!;
  const src = INDICATOR_SOURCES[def.numerator.source];
  const head = withClause(
    o,
    o.reportingTable
      ? `SELECT year, municipality_code FROM ${ident(o.reportingTable)}`
      : src.reportingSql,
  );
  const keyDims = [...(def.breakdowns ?? []).map((b) => b.id), 'band', 'sx'];
  const rel = measureFacts(def.numerator, def, o, 'numerator', { sum: ['w'], keep: [col] });
  const rows = `SELECT * EXCLUDE (__n) FROM (SELECT *, unnest(range(CAST(w AS BIGINT))) AS __n FROM (${rel}) f)`;
  return `${head}
    ${levelAgg(rows, `median(${ident(col)})`, keyDims)}`;
}
