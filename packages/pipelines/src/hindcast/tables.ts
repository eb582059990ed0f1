/**
 * A hindcast's tables for disclosure control, and the comparison computed from what they show.
 * See `docs/projections.md`, "Hindcast".
 */
import { createHash } from 'node:crypto';
import {
  AREA,
  baseEventsMeasure,
  CheckFailedError,
  projectionAreaId,
  type DisclosedTable,
  type HindcastResult,
  type TableMetadata,
  type TableToPublish,
} from '@felles/core';

const digest = (v: unknown): string =>
  createHash('sha256').update(JSON.stringify(v)).digest('hex').slice(0, 12);

/** The order a hindcast's tables are published in. */
export const HINDCAST_TABLE_ORDER = ['projected', 'observed'] as const;

/** The method of a hindcast, in words (carried with every figure). */
export function hindcastMethod(h: HindcastResult): string {
  const m = h.projection.meta;
  const pop =
    h.population === 'observed'
      ? 'the registered population (1 January) of each year'
      : `SSB's projection ${m.population.tableId} vintage ${m.population.vintage}, alternative ${m.population.alternatives[0]}`;
  return `base-period rates (${m.basePeriod.years.join(', ')}) × ${pop}, scenario ${m.scenario.id} ${m.scenario.version}; error = projected − observed, relative error = error / observed`;
}

/**
 * The hindcast's two tables, to publish together: `hindcast_projected` (the projected volume
 * and Monte Carlo P10/P90 per area, line and year, protected by the base-period events behind
 * the rates: the same cells as the projection's own tables) and `hindcast_observed` (the
 * observed volume, protected by the year's events). Refuses (`PROJECTION_NOT_COLLAPSED`) a
 * hindcast whose rates were computed on cells collapsed at a lower threshold.
 */
export function hindcastTables(
  h: HindcastResult,
  options: { threshold: number },
): Record<(typeof HINDCAST_TABLE_ORDER)[number], TableToPublish> {
  const r = h.projection;
  if ((r.meta.rateCells?.threshold ?? 0) < options.threshold)
    throw new CheckFailedError(
      'PROJECTION_NOT_COLLAPSED',
      `this hindcast's rates were computed from cells with as few as ${(r.meta.rateCells?.threshold ?? 0) + 1} events; compute it with disclosureThreshold ${options.threshold} (the threshold it is published under)`,
    );
  const method = hindcastMethod(h);
  const meta = (title: string): TableMetadata => ({
    title,
    definitions: [
      { id: `scenario:${r.meta.scenario.id}`, version: r.meta.scenario.version },
      ...r.meta.serviceLines.map((l) => ({ id: `service-line:${l.id}`, version: l.version })),
    ],
    methods: [`projection hindcast: ${method}`],
    dataVintage: `base period ${r.meta.basePeriod.years.join(', ')}; compared ${h.years.join(', ')}`,
    notes: h.warnings.map((w) => w.message),
  });
  const observedMeasure = `projection-observed-events:${digest({
    lines: r.meta.serviceLines.map((l) => [l.id, l.version]),
    areaLevel: r.meta.areaLevel,
  })}`;
  const areaId = (code: string) => projectionAreaId(r, code);
  return {
    projected: {
      input: h.rows.map((x) => ({
        area_id: areaId(x.area_code),
        area_code: x.area_code,
        line_id: x.line_id,
        year: x.year,
        alternative: x.alternative,
        base_events: x.base_events,
        projected: x.projected,
        p10: x.p10,
        p90: x.p90,
      })),
      schema: {
        name: 'hindcast_projected',
        dimensions: ['area_id', 'year', 'line_id'],
        counts: ['base_events'],
        derived: { projected: ['base_events'], p10: ['base_events'], p90: ['base_events'] },
        attributes: ['area_code', 'alternative'],
        // The year is folded onto the line coordinate: one cell per area and line, as in the
        // projection's tables.
        cells: {
          measures: { base_events: baseEventsMeasure(r) },
          coordinates: { area_id: AREA, year: 'projection_line', line_id: 'projection_line' },
        },
      },
      metadata: meta('Hindcast: projected volume per service line and year'),
    },
    observed: {
      input: h.rows.map((x) => ({
        area_id: areaId(x.area_code),
        area_code: x.area_code,
        line_id: x.line_id,
        year: x.year,
        events: x.observed_events,
        observed: x.observed,
      })),
      schema: {
        name: 'hindcast_observed',
        dimensions: ['area_id', 'year', 'line_id'],
        counts: ['events'],
        derived: { observed: ['events'] },
        attributes: ['area_code'],
        cells: {
          measures: { events: observedMeasure },
          coordinates: { area_id: AREA, year: 'period', line_id: 'projection_line' },
        },
      },
      metadata: meta('Hindcast: observed volume per service line and year'),
    },
  };
}

/** One compared cell as shown: figures hidden by disclosure control are null. */
export interface HindcastShownRow {
  area_code: string;
  line_id: string;
  year: number;
  projected: number | null;
  observed: number | null;
  /** projected − observed. */
  error: number | null;
  /** error / observed (null when observed is 0 or hidden). */
  relative_error: number | null;
  p10: number | null;
  p90: number | null;
  /** Whether observed lies in [P10, P90] (null without both). */
  inside: boolean | null;
}

const numOrNull = (v: unknown): number | null =>
  typeof v === 'number' && Number.isFinite(v) ? v : null;

/**
 * The comparison from the two disclosed tables: each area × line × year with the figures they
 * show, and the error where both are shown. Nothing hidden enters a difference.
 */
export function pairShown(projected: DisclosedTable, observed: DisclosedTable): HindcastShownRow[] {
  const key = (r: Record<string, unknown>) =>
    `${String(r['area_code'])}\u0000${String(r['line_id'])}\u0000${String(r['year'])}`;
  const obs = new Map(
    (observed.rows as ReadonlyArray<Record<string, unknown>>).map((r) => [key(r), r]),
  );
  return (projected.rows as ReadonlyArray<Record<string, unknown>>).map((p) => {
    const o = obs.get(key(p));
    const pr = numOrNull(p['projected']);
    const ob = o ? numOrNull(o['observed']) : null;
    const error = pr !== null && ob !== null ? pr - ob : null;
    const p10 = numOrNull(p['p10']);
    const p90 = numOrNull(p['p90']);
    return {
      area_code: String(p['area_code']),
      line_id: String(p['line_id']),
      year: Number(p['year']),
      projected: pr,
      observed: ob,
      error,
      relative_error: error !== null && ob !== null && ob > 0 ? error / ob : null,
      p10,
      p90,
      inside: p10 !== null && p90 !== null && ob !== null ? ob >= p10 && ob <= p90 : null,
    };
  });
}

/** Errors of one service line (or `all`) over the areas and years shown. */
export interface HindcastSummaryRow {
  line_id: string;
  /** Cells with a relative error (both figures shown, observed > 0). */
  cells: number;
  /** Mean absolute percentage error: 100 × mean |error / observed|. */
  mape: number | null;
  /** Mean percentage error (bias): 100 × mean (error / observed); positive = projected too high. */
  bias: number | null;
  /** Cells with a relative error whose P10 and P90 are shown. */
  withInterval: number;
  /** Share of those whose observed figure lies in [P10, P90]. */
  coverage: number | null;
}

/**
 * Per service line, then over all lines (`all`): MAPE = 100 × mean |e/o| and bias (mean
 * percentage error) = 100 × mean e/o over the cells whose relative error is shown, and the share
 * of observed figures inside the Monte Carlo P10–P90 (Hyndman & Koehler 2006 for the error
 * measures). Computed from the shown cells only.
 */
export function hindcastSummary(rows: readonly HindcastShownRow[]): HindcastSummaryRow[] {
  const lines = [...new Set(rows.map((r) => r.line_id))].sort();
  const one = (id: string, rs: readonly HindcastShownRow[]): HindcastSummaryRow => {
    const rel = rs.map((r) => r.relative_error).filter((v): v is number => v !== null);
    // as the errors: cells with the observed figure shown and above 0
    const ins = rs
      .filter((r) => r.relative_error !== null)
      .map((r) => r.inside)
      .filter((v): v is boolean => v !== null);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    return {
      line_id: id,
      cells: rel.length,
      mape: rel.length ? 100 * mean(rel.map(Math.abs)) : null,
      bias: rel.length ? 100 * mean(rel) : null,
      withInterval: ins.length,
      coverage: ins.length ? ins.filter(Boolean).length / ins.length : null,
    };
  };
  return [
    ...lines.map((l) =>
      one(
        l,
        rows.filter((r) => r.line_id === l),
      ),
    ),
    one('all', rows),
  ];
}
