/**
 * The projection step of the report's data gathering: demand per service line for all
 * communities to the horizon, with seeded Monte Carlo by default (so the P10–P90 column and the
 * fan are filled), added to the report's publication; the scenario as it was used (the base period the rates were pooled
 * over, not the one asked for), and the engine's notes in the report's language.
 */
import { builtinScenario, project, projectionTables, type Workspace } from '@felles/core';
import { hasText, text, type TextKey } from '@felles/text';
import type { ReportPublication } from './publication.js';
import {
  REPORT_MONTE_CARLO_RUNS,
  REPORT_MONTE_CARLO_SEED,
  type GatherReportOptions,
  type ReportData,
} from './types.js';

/** The projection tables the report shows and writes, and where they go in its data. */
const REPORT_PROJECTION_TABLES = {
  summary: 'projectionSummary',
  series: 'projectionSeries',
  decomposition: 'projectionDecomposition',
  uncertainty: 'projectionUncertainty',
} as const;

/**
 * Fill the scenario and the service lines into `data`, and add the projection tables to the
 * report's publication `pub` (they are filled in when it is sealed).
 */
export async function projectionStep(
  ws: Workspace,
  data: ReportData,
  popYears: readonly number[],
  options: GatherReportOptions,
  pub: ReportPublication,
): Promise<void> {
  const lang = options.lang ?? 'nb';
  const runs = options.runs ?? REPORT_MONTE_CARLO_RUNS;
  const seed = options.seed ?? REPORT_MONTE_CARLO_SEED;
  try {
    const scenario = options.scenario ?? builtinScenario('baseline');
    // The scenario's base period, clipped to the population years loaded (a demo or a short
    // extract may start later than the scenario asks for).
    const bp = scenario.basePeriod;
    const first = popYears[0] ?? data.year;
    const basePeriod =
      bp?.from !== undefined && bp.to !== undefined && bp.from < first && bp.to >= first
        ? { ...bp, from: first, to: bp.to }
        : undefined;
    if (basePeriod && bp?.from !== undefined)
      data.methods.notes.push(text(lang, 'gather.basePeriodClipped', { from: bp.from, first }));
    const r = await project(ws, {
      areas: 'all',
      scenario,
      ...(basePeriod ? { basePeriod } : {}),
      ...(data.horizon ? { horizon: data.horizon } : {}),
      runs,
      seed,
      disclosureThreshold: ws.config.disclosure.threshold,
      ...(options.progress ? { progress: options.progress } : {}),
    });
    const inputs = projectionTables(r, { threshold: pub.threshold });
    // the tables the report shows and writes (not capacity or base rates)
    const keys = (
      Object.keys(REPORT_PROJECTION_TABLES) as Array<keyof typeof REPORT_PROJECTION_TABLES>
    ).filter((k) => inputs[k]);
    await pub.add(
      keys.map((k) => inputs[k]!),
      (tables) => keys.forEach((k, i) => (data.tables[REPORT_PROJECTION_TABLES[k]] = tables[i]!)),
    );
    data.methods.scenario = {
      id: scenario.id,
      version: scenario.version,
      title: scenario.title,
      ...(scenario.description ? { description: scenario.description } : {}),
      basePeriod: r.meta.basePeriod.years,
      ...(bp?.years !== undefined && bp.from === undefined ? { basePeriodAsked: bp.years } : {}),
      horizon: r.meta.horizon,
      alternatives: r.meta.population.alternatives,
      monteCarlo: { runs, seed },
      factors: scenario.factors,
    };
    data.methods.definitions.push({
      kind: 'scenario',
      id: scenario.id,
      version: scenario.version,
      title: scenario.title,
      ...(scenario.description ? { description: scenario.description } : {}),
    });
    options.run?.addDefinition(`scenario:${scenario.id}`, scenario.version);
    for (const l of r.meta.serviceLines) {
      data.methods.serviceLines[l.id] = { label: l.label, unit: l.unit };
      data.methods.definitions.push({
        kind: 'serviceLine',
        id: l.id,
        version: l.version,
        title: l.label,
      });
      options.run?.addDefinition(`service-line:${l.id}`, l.version);
    }
    const seen = new Set<string>();
    for (const w of r.warnings) {
      options.run?.note(`projection: ${w.code}: ${w.message}`);
      if (seen.has(w.code)) continue;
      seen.add(w.code);
      const key = `projWarning.${w.code}`;
      data.methods.notes.push(
        hasText(key)
          ? text(lang, key as TextKey)
          : text(lang, 'projWarning.other', { code: w.code }),
      );
    }
  } catch (e) {
    options.run?.note(`report: projection failed: ${e instanceof Error ? e.message : String(e)}`);
    data.unavailable.projections = text(lang, 'gather.projectionFailed');
  }
}
