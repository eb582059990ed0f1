/**
 * The indicator step of the report's data gathering: every indicator of the library for the
 * report year and up to four years before it, at municipality, helsefellesskap and national
 * level (one `indicators run` with its own manifest, or the one `felles demo` made for the
 * report), what the page needs to know about each (unit, direction, targets), and the
 * indicators' data-quality flags.
 */
import { indicatorQuality, loadIndicatorLibrary, type Workspace } from '@felles/core';
import { text } from '@felles/text';
import {
  computeReportIndicators,
  REPORT_INDICATOR_LEVELS,
  reportIndicatorsUsable,
} from './indicators.js';
import type { GatherReportOptions, ReportData, ReportIndicatorInfo } from './types.js';

/** Fill the indicator tables, their info and their quality flags into `data`. */
export async function indicatorStep(
  ws: Workspace,
  data: ReportData,
  options: GatherReportOptions,
): Promise<void> {
  const lang = options.lang ?? 'nb';
  const progress = options.progress;
  try {
    const lib = loadIndicatorLibrary(ws.dir);
    const pre =
      options.indicators && (await reportIndicatorsUsable(ws.db, options.indicators, data.year))
        ? options.indicators
        : undefined;
    const computed =
      pre ?? (await computeReportIndicators(ws, data.year, progress ? { progress } : {}));
    const r = computed.result;
    if (pre) {
      options.run?.note(`indicators: computed in run ${r.runId}, not again`);
      data.methods.notes.push(text(lang, 'gather.indicatorsComputedBefore', { run: r.runId }));
    }
    options.run?.addInputRun(r.runId, 'indicators run', `indicators ${r.years.join(', ')}`);
    const tabs = r.indicators.flatMap((i) => (i.table ? [i.table] : []));
    if (tabs.length) data.tables.indicators = tabs;
    else data.unavailable.indicators = text(lang, 'gather.noIndicators');
    data.indicatorLevels = REPORT_INDICATOR_LEVELS;
    for (const i of r.indicators) {
      const loaded = lib.get(i.id);
      const d = loaded?.definition;
      data.methods.definitions.push({
        kind: 'indicator',
        id: i.id,
        version: i.version,
        title: d?.title ?? i.title,
        ...(d?.description ? { description: d.description } : {}),
        ...(d?.source ? { source: d.source } : {}),
      });
      options.run?.addDefinition(i.id, i.version);
      if (i.note)
        data.methods.notes.push(text(lang, 'gather.indicatorNothing', { indicator: i.id }));
      if (!d || !loaded) continue;
      const info: ReportIndicatorInfo = {
        id: d.id,
        version: d.version,
        title: d.title,
        ...(d.shortTitle ? { shortTitle: d.shortTitle } : {}),
        description: d.description,
        ...(d.caveat ? { caveat: d.caveat } : {}),
        unit: d.unit,
        direction: d.direction,
        confidence: d.confidence ?? 'poisson',
        standardisation: d.standardisation ?? 'none',
        kind: d.kind ?? 'rate',
        hasTargets: (d.targets ?? []).length > 0,
        denominator: d.denominator.kind,
        qualityDimension: d.qualityDimension,
        tags: d.tags ?? [],
        needsLinkage: loaded.needsLinkage,
        breakdowns: (d.breakdowns ?? []).map((b) => ({
          id: b.id,
          partition: b.partition,
          ...(b.label ? { label: b.label } : {}),
          values: b.values.map((v) => ({ code: v.code, ...(v.label ? { label: v.label } : {}) })),
        })),
      };
      data.indicatorInfo[d.id] = info;
    }
    if (r.quality) data.tables.indicatorQuality = r.quality;
    else if (tabs.length) {
      data.tables.indicatorQuality = await indicatorQuality(ws, {
        ids: tabs.map((t) => String(t.rows[0]?.['indicator_id'] ?? t.name)),
        years: computed.years,
        levels: REPORT_INDICATOR_LEVELS,
      });
    }
  } catch (e) {
    options.run?.note(`report: indicators failed: ${e instanceof Error ? e.message : String(e)}`);
    data.unavailable.indicators = text(lang, 'gather.indicatorsFailed');
  }
}
