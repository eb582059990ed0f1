import { createHash } from 'node:crypto';
import { CheckFailedError } from '../../kernel/errors.js';
import { AREA, DisclosureRun } from '../../disclosure/run.js';
import type { DisclosedTable } from '../../disclosure/disclosed-table.js';
import type { DimensionSpec, TableMetadata } from '../../disclosure/schema.js';
import { Publication, type TableToPublish } from '../../export/publication.js';
import type { Workspace } from '../../workspace/workspace.js';
import type { ProjectionResult } from './types.js';
import { localText } from '@felles/text';

/** One row of the per-line summary: base year, horizon and change (and Monte Carlo quantiles). */
export interface SummaryRow {
  area_code: string;
  line_id: string;
  label: string;
  unit: string;
  /** A population alternative, or `monte_carlo` for the quantile row. */
  alternative: string;
  base_events: number;
  base_year: number;
  base: number;
  horizon_year: number;
  /** Deterministic volume at the horizon (P50 on the `monte_carlo` row). */
  horizon: number;
  change_pct: number | null;
  p10: number | null;
  p90: number | null;
}

/** The summary the CLI prints: per area × line × alternative, plus a Monte Carlo row when run. */
export function projectionSummary(r: ProjectionResult): SummaryRow[] {
  const h = r.meta.years[r.meta.years.length - 1]!;
  const labelOf = (id: string) => {
    const [parent, sub] = id.split(':');
    const d = r.meta.serviceLines.find((x) => x.id === parent);
    return {
      label: d ? `${localText(d.label, 'en')}${sub ? ` — ${sub}` : ''}` : id,
      unit: d?.unit ?? '',
    };
  };
  const out: SummaryRow[] = [];
  for (const s of r.series) {
    if (s.year !== h) continue;
    const { label, unit } = labelOf(s.line_id);
    out.push({
      area_code: s.area_code,
      line_id: s.line_id,
      label,
      unit,
      alternative: s.alternative,
      base_events: s.base_events,
      base_year: r.meta.baseYear,
      base: s.base,
      horizon_year: h,
      horizon: s.volume,
      change_pct: s.change_pct,
      p10: null,
      p90: null,
    });
  }
  for (const u of r.uncertainty) {
    if (u.year !== h || u.quantity !== 'volume') continue;
    const base =
      r.series.find(
        (s) => s.area_code === u.area_code && s.line_id === u.line_id && s.year === r.meta.baseYear,
      )?.base ?? 0;
    const { label, unit } = labelOf(u.line_id);
    out.push({
      area_code: u.area_code,
      line_id: u.line_id,
      label,
      unit,
      alternative: 'monte_carlo',
      base_events: u.base_events,
      base_year: r.meta.baseYear,
      base,
      horizon_year: h,
      horizon: u.p50,
      change_pct: base > 0 ? (100 * (u.p50 - base)) / base : null,
      p10: u.p10,
      p90: u.p90,
    });
  }
  return out.sort(
    (a, b) =>
      a.area_code.localeCompare(b.area_code) ||
      a.line_id.localeCompare(b.line_id) ||
      a.alternative.localeCompare(b.alternative),
  );
}

/** Options of {@link discloseProjection}. */
export interface DiscloseProjectionOptions {
  /** Suppression threshold; default the workspace's, else 4. */
  threshold?: number;
  /**
   * The workspace: its disclosure settings, geography, ledger and person ids. Without it the
   * tables are disclosed on their own (a projection on a bare database, in tests).
   */
  workspace?: Workspace;
  /** Also disclose the base rates (per collapsed cell: line × rate area × sex × age band). */
  baseRates?: boolean;
}

/** The disclosed tables of a projection, ready for `exportTables`. */
export interface DisclosedProjection {
  summary: DisclosedTable;
  series: DisclosedTable;
  decomposition: DisclosedTable;
  capacity: DisclosedTable;
  uncertainty?: DisclosedTable;
  baseRates?: DisclosedTable;
}

/** The published convention: counts from 1 to 4 are hidden. */
const CONVENTION_THRESHOLD = 4;

/** Coordinate of the service line; the other non-area dimensions are folded into it (below). */
const LINE = 'projection_line';

/**
 * The projection's tables, ready to publish (see {@link Publication}). The protected count of a
 * row is `base_events`: the base-period events behind the area's rates for that line, the same
 * cell in every table and every alternative, year, component or resource (those dimensions are
 * mapped onto the line coordinate before it, so the line's value is the cell's: one cell per area
 * and line). A line whose area has 1–threshold events is hidden in every table, with every figure
 * computed from it. Sub-lines (e.g. ICD-10 chapters) are parts of their unsplit line. Refuses
 * (`PROJECTION_NOT_COLLAPSED`) a projection whose rates were not computed on cells collapsed at
 * the threshold it is published under (`ProjectOptions.disclosureThreshold`): its volumes would
 * reveal the small cells.
 */
export function projectionTables(
  r: ProjectionResult,
  options: { threshold: number; baseRates?: boolean },
): Partial<Record<keyof DisclosedProjection, TableToPublish>> {
  const threshold = options.threshold;
  if ((r.meta.rateCells?.threshold ?? 0) < threshold)
    throw new CheckFailedError(
      'PROJECTION_NOT_COLLAPSED',
      `this projection's rates were computed from cells with as few as ${(r.meta.rateCells?.threshold ?? 0) + 1} events, and its volumes would let them be worked out; compute it with disclosureThreshold ${threshold} (the threshold it is published under)`,
    );
  const lineDim: DimensionSpec = { column: 'line_id', parents: r.meta.lineParents };
  const measure = baseEventsMeasure(r);
  const areaId = (code: unknown) => projectionAreaId(r, code);
  const rowsOf = (rows: readonly object[]) =>
    rows.map((x) => {
      const o = x as Record<string, unknown>;
      return { area_id: areaId(o['area_code']), ...o };
    });
  /** `other` dimensions first (folded into the line coordinate), the line last. */
  const cells = (other: readonly string[]) => ({
    measures: { base_events: measure },
    coordinates: {
      area_id: AREA,
      ...Object.fromEntries(other.map((c) => [c, LINE])),
      line_id: LINE,
    },
  });
  const dims = (other: readonly string[]) => ['area_id', ...other, lineDim];
  const meta = projectionMetadata(r);
  const out: Partial<Record<keyof DisclosedProjection, TableToPublish>> = {
    summary: {
      input: rowsOf(projectionSummary(r)),
      schema: {
        name: 'projection_summary',
        dimensions: dims(['alternative']),
        counts: ['base_events'],
        derived: {
          base: ['base_events'],
          horizon: ['base_events'],
          change_pct: ['base_events'],
          p10: ['base_events'],
          p90: ['base_events'],
        },
        attributes: ['area_code', 'label', 'unit', 'base_year', 'horizon_year'],
        cells: cells(['alternative']),
      },
      metadata: meta('Projection summary: base year, horizon and change per service line'),
    },
    series: {
      input: rowsOf(r.series),
      schema: {
        name: 'projection_series',
        dimensions: dims(['alternative', 'year']),
        counts: ['base_events'],
        publicCounts: ['population'],
        derived: {
          base: ['base_events'],
          demography: ['base_events'],
          volume: ['base_events'],
          change: ['base_events'],
          change_pct: ['base_events'],
        },
        attributes: ['area_code', 'table_id', 'vintage'],
        cells: cells(['alternative', 'year']),
      },
      metadata: meta('Projected volume per service line and year'),
    },
    decomposition: {
      input: rowsOf(r.decomposition),
      schema: {
        name: 'projection_decomposition',
        dimensions: dims(['alternative', 'year', 'component']),
        counts: ['base_events'],
        derived: { value: ['base_events'] },
        attributes: ['area_code'],
        cells: cells(['alternative', 'year', 'component']),
      },
      metadata: meta(
        'Change from the base year: demography, each change factor and the interaction remainder',
      ),
    },
    capacity: {
      input: rowsOf(r.capacity),
      schema: {
        name: 'projection_capacity',
        dimensions: dims(['alternative', 'year', 'resource']),
        counts: ['base_events'],
        derived: { base: ['base_events'], value: ['base_events'] },
        attributes: ['area_code', 'formula'],
        cells: cells(['alternative', 'year', 'resource']),
      },
      metadata: meta('Capacity: beds, places, rooms and FTEs from the projected volumes'),
    },
  };
  if (r.uncertainty.length)
    out.uncertainty = {
      input: rowsOf(r.uncertainty),
      schema: {
        name: 'projection_uncertainty',
        dimensions: dims(['quantity', 'year']),
        counts: ['base_events'],
        derived: { p10: ['base_events'], p50: ['base_events'], p90: ['base_events'] },
        attributes: ['area_code', 'runs', 'seed'],
        cells: cells(['quantity', 'year']),
      },
      metadata: meta('Monte Carlo P10, P50 and P90 per service line and year', {
        methods: ['seeded Monte Carlo, docs/projections.md'],
      }),
    };
  if (options.baseRates) out.baseRates = baseRatesTable(r, measure, meta);
  return out;
}

/** The metadata of every projection table: scenario and service lines, methods, vintage and notes. */
function projectionMetadata(
  r: ProjectionResult,
): (title: string, extra?: Partial<TableMetadata>) => TableMetadata {
  return (title: string, extra: Partial<TableMetadata> = {}): TableMetadata => ({
    title,
    definitions: [
      { id: `scenario:${r.meta.scenario.id}`, version: r.meta.scenario.version },
      ...r.meta.serviceLines.map((l) => ({ id: `service-line:${l.id}`, version: l.version })),
    ],
    methods: [
      'base rates pooled over the base period × SSB projected population; change factors per docs/projections.md',
      `rates from base cells with no events or more than ${r.meta.rateCells?.threshold ?? 0} (age bands merged, sexes combined, areas pooled where fewer: docs/disclosure.md)`,
    ],
    dataVintage: `SSB ${r.meta.population.tableId} vintage ${r.meta.population.vintage}${r.meta.population.isDemo ? ' (demo data)' : ''}; base period ${r.meta.basePeriod.years.join(', ')}`,
    notes: [
      "SSB's population alternatives (MMMM, LLML, HHMH, …) are scenarios, not probability intervals.",
      'base_events = base-period events behind the rates of the line in the area (the protected count).',
      ...r.warnings.map((w) => w.message),
    ],
    ...extra,
  });
}

/** The base rates per collapsed cell (line × rate area × sex × age band), protected by their events. */
function baseRatesTable(
  r: ProjectionResult,
  measure: string,
  meta: (title: string) => TableMetadata,
): TableToPublish {
  return {
    input: r.baseRates.map((b) => ({ ...b, events: Math.round(b.events) })),
    schema: {
      name: 'projection_base_rates',
      dimensions: ['line_id', 'rate_area', 'sex', 'band'],
      counts: ['events'],
      publicCounts: ['person_years'],
      derived: { value: ['events'], rate: ['events', 'person_years'] },
      cells: {
        measures: { events: `projection-rate-events:${measure.split(':')[1]!}` },
        coordinates: { line_id: LINE, rate_area: 'rate_area', sex: 'sex', band: 'band' },
      },
    },
    metadata: meta(
      'Base rates per service line, rate area, sex and age band (pooled over the base period; cells collapsed)',
    ),
  };
}

/**
 * The measure id of a projection's protected count (`base_events`): the base-period events of
 * its lines, years, area level and rate-cell collapse. Tables of two runs with the same base show
 * the same cells.
 */
export function baseEventsMeasure(r: ProjectionResult): string {
  return `projection-base-events:${digest({
    years: r.meta.basePeriod.years,
    lines: r.meta.serviceLines.map((l) => [l.id, l.version]),
    areaLevel: r.meta.areaLevel,
    collapse: r.meta.rateCells?.threshold ?? 0,
  })}`;
}

/** The disclosure area id of a projection area: `HFF-<code>`, or `K-<code>` per municipality. */
export function projectionAreaId(r: ProjectionResult, code: unknown): string {
  return r.meta.areaLevel === 'municipality' ? `K-${String(code)}` : `HFF-${String(code)}`;
}

/** The order the tables of a projection are published in. */
export const PROJECTION_TABLE_ORDER: ReadonlyArray<keyof DisclosedProjection> = [
  'summary',
  'series',
  'decomposition',
  'capacity',
  'uncertainty',
  'baseRates',
];

/**
 * Put every projection table through disclosure control as one publication against what the
 * workspace published before (not recorded: a command that writes or prints the tables records
 * the publication itself, see `felles project`). See {@link projectionTables}.
 */
export async function discloseProjection(
  r: ProjectionResult,
  options: DiscloseProjectionOptions = {},
): Promise<DisclosedProjection> {
  const threshold = {
    ...(options.threshold !== undefined ? { threshold: options.threshold } : {}),
  };
  const run = options.workspace
    ? await Publication.open(options.workspace, threshold)
    : new DisclosureRun({ threshold: options.threshold ?? CONVENTION_THRESHOLD });
  const tables = projectionTables(r, {
    threshold: run instanceof Publication ? run.threshold : run.thresholdUsed,
    ...(options.baseRates ? { baseRates: true } : {}),
  });
  const keys = PROJECTION_TABLE_ORDER.filter((k) => tables[k]);
  for (const k of keys) {
    const t = tables[k]!;
    await run.add(t.input, t.schema, t.metadata ? { metadata: t.metadata } : {});
  }
  const sealed = await run.seal();
  return Object.fromEntries(
    keys.map((k, i) => [k, sealed.tables[i]!]),
  ) as unknown as DisclosedProjection;
}

/** A short stable digest of a JSON value (for measure ids). */
export function digest(v: unknown): string {
  return createHash('sha256').update(JSON.stringify(v)).digest('hex').slice(0, 12);
}
