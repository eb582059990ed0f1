import type { Db } from '../../kernel/db.js';
import { CheckFailedError } from '../../kernel/errors.js';
import { disclose } from '../../disclosure/disclose.js';
import { PersonIdProbe } from '../../disclosure/id-probe.js';
import type { DisclosedTable } from '../../disclosure/disclosed-table.js';
import type { DimensionSpec, TableMetadata } from '../../disclosure/schema.js';
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
  /** With a `db`, the tables are also checked against the workspace's person ids (read once for all). */
  workspace?: { config: { disclosure: { threshold: number } }; db?: Db };
  /** Also disclose the base rates (by rate area × sex × age band; heavily suppressed in small areas). */
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

/**
 * Put every projection table through disclosure control. Refuses (`PROJECTION_NOT_COLLAPSED`) a
 * projection whose rates were not computed on cells collapsed at the threshold it is disclosed
 * under (`ProjectOptions.disclosureThreshold`): its volumes would reveal the small cells. The protected count of a row is
 * `base_events`: the base-period events behind the area's rates for that line. A line whose
 * area has 1–threshold events is hidden in every table, with every figure computed from it
 * (modelled volumes, changes, decomposition, capacity, quantiles). Sub-lines (e.g. ICD-10
 * chapters) are declared as parts of their unsplit line, so complementary suppression keeps a
 * hidden chapter from being worked out from the total.
 */
export async function discloseProjection(
  r: ProjectionResult,
  options: DiscloseProjectionOptions = {},
): Promise<DisclosedProjection> {
  const threshold =
    options.threshold ?? options.workspace?.config.disclosure.threshold ?? CONVENTION_THRESHOLD;
  if ((r.meta.rateCells?.threshold ?? 0) < threshold)
    throw new CheckFailedError(
      'PROJECTION_NOT_COLLAPSED',
      `this projection's rates were computed from cells with as few as ${(r.meta.rateCells?.threshold ?? 0) + 1} events, and its volumes would let them be worked out; compute it with disclosureThreshold ${threshold} (the threshold it is published under)`,
    );
  const opts = {
    ...(options.threshold !== undefined ? { threshold: options.threshold } : {}),
    ...(options.workspace ? { workspace: options.workspace } : {}),
    ...(options.workspace?.db ? { personIds: new PersonIdProbe(options.workspace.db) } : {}),
  };
  const lineDim: DimensionSpec = { column: 'line_id', parents: r.meta.lineParents };
  const meta = (title: string, extra: Partial<TableMetadata> = {}): TableMetadata => ({
    title,
    definitions: [
      { id: `scenario:${r.meta.scenario.id}`, version: r.meta.scenario.version },
      ...r.meta.serviceLines.map((l) => ({ id: `service-line:${l.id}`, version: l.version })),
    ],
    methods: [
      'base rates pooled over the base period × SSB projected population; change factors per docs/projections.md',
    ],
    dataVintage: `SSB ${r.meta.population.tableId} vintage ${r.meta.population.vintage}${r.meta.population.isDemo ? ' (demo data)' : ''}; base period ${r.meta.basePeriod.years.join(', ')}`,
    notes: [
      "SSB's population alternatives (MMMM, LLML, HHMH, …) are scenarios, not probability intervals.",
      'base_events = base-period events behind the rates of the line in the area (the protected count).',
      ...r.warnings.map((w) => w.message),
    ],
    ...extra,
  });
  const summary = await disclose(
    projectionSummary(r) as unknown as Record<string, unknown>[],
    {
      name: 'projection_summary',
      dimensions: ['area_code', lineDim, 'alternative'],
      counts: ['base_events'],
      derived: {
        base: ['base_events'],
        horizon: ['base_events'],
        change_pct: ['base_events'],
        p10: ['base_events'],
        p90: ['base_events'],
      },
      attributes: ['label', 'unit', 'base_year', 'horizon_year'],
    },
    {
      ...opts,
      metadata: meta('Projection summary: base year, horizon and change per service line'),
    },
  );
  const series = await disclose(
    r.series as unknown as Record<string, unknown>[],
    {
      name: 'projection_series',
      dimensions: ['area_code', lineDim, 'alternative', 'year'],
      counts: ['base_events'],
      publicCounts: ['population'],
      derived: {
        base: ['base_events'],
        demography: ['base_events'],
        volume: ['base_events'],
        change: ['base_events'],
        change_pct: ['base_events'],
      },
      attributes: ['table_id', 'vintage'],
    },
    { ...opts, metadata: meta('Projected volume per service line and year') },
  );
  const decomposition = await disclose(
    r.decomposition as unknown as Record<string, unknown>[],
    {
      name: 'projection_decomposition',
      dimensions: ['area_code', lineDim, 'alternative', 'year', 'component'],
      counts: ['base_events'],
      derived: { value: ['base_events'] },
    },
    {
      ...opts,
      metadata: meta(
        'Change from the base year: demography, each change factor and the interaction remainder',
      ),
    },
  );
  const capacity = await disclose(
    r.capacity as unknown as Record<string, unknown>[],
    {
      name: 'projection_capacity',
      dimensions: ['area_code', lineDim, 'alternative', 'year', 'resource'],
      counts: ['base_events'],
      derived: { base: ['base_events'], value: ['base_events'] },
      attributes: ['formula'],
    },
    {
      ...opts,
      metadata: meta('Capacity: beds, places, rooms and FTEs from the projected volumes'),
    },
  );
  const out: DisclosedProjection = { summary, series, decomposition, capacity };
  if (r.uncertainty.length) {
    out.uncertainty = await disclose(
      r.uncertainty as unknown as Record<string, unknown>[],
      {
        name: 'projection_uncertainty',
        dimensions: ['area_code', lineDim, 'quantity', 'year'],
        counts: ['base_events'],
        derived: { p10: ['base_events'], p50: ['base_events'], p90: ['base_events'] },
        attributes: ['runs', 'seed'],
      },
      {
        ...opts,
        metadata: meta('Monte Carlo P10, P50 and P90 per service line and year', {
          methods: ['seeded Monte Carlo, docs/projections.md'],
        }),
      },
    );
  }
  if (options.baseRates) {
    out.baseRates = await disclose(
      r.baseRates.map((b) => ({ ...b, events: Math.round(b.events) })) as unknown as Record<
        string,
        unknown
      >[],
      {
        name: 'projection_base_rates',
        dimensions: ['line_id', 'rate_area', 'sex', 'band'],
        counts: ['events'],
        publicCounts: ['person_years'],
        derived: { value: ['events'], rate: ['events', 'person_years'] },
      },
      {
        ...opts,
        metadata: meta(
          'Base rates per service line, rate area, sex and age band (pooled over the base period)',
        ),
      },
    );
  }
  return out;
}
