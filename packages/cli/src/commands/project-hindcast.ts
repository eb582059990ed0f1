/**
 * `felles project --hindcast`: the projection from an earlier base period to years already
 * observed, compared with what was observed, printed and written through disclosure control.
 */
import {
  exportTables,
  hindcast,
  Publication,
  recordWorkspaceInputs,
  UsageError,
  type HindcastResult,
  type ProjectOptions,
  type Workspace,
} from '@felles/core';
import {
  hindcastMethod,
  hindcastSummary,
  hindcastTables,
  HINDCAST_TABLE_ORDER,
  pairShown,
  type HindcastShownRow,
  type HindcastSummaryRow,
} from '@felles/pipelines';
import { log, out, outJson, type GlobalOptions } from '../context.js';
import { formatTable } from '../format.js';
import { fmtNumber, fmtPercent, fmtShare, unitName, type PrintLang } from '../number-format.js';

const TEXT = {
  nb: {
    title: (base: string, years: string) =>
      `Etterprøving av framskrivingen: basisperiode ${base}, sammenlignet med ${years}`,
    method: 'Metode',
    methodObserved: (base: string, sc: string) =>
      `basisrater (${base}) × registrert befolkning 1. januar hvert år, scenario ${sc}; feil = framskrevet − observert, relativ feil = feil / observert`,
    methodProjection: (base: string, tbl: string, alt: string, sc: string) =>
      `basisrater (${base}) × SSBs framskriving ${tbl}, alternativ ${alt}, scenario ${sc}; feil = framskrevet − observert, relativ feil = feil / observert`,
    hf: 'Helsefellesskap',
    municipality: 'Kommune',
    col: {
      line: 'tjenestelinje',
      unit: 'enhet',
      year: 'år',
      projected: 'framskrevet',
      observed: 'observert',
      error: 'feil',
      rel: 'relativ feil',
      interval: 'P10–P90',
      inside: 'innenfor',
      cells: 'celler',
      mape: 'MAPE',
      bias: 'skjevhet',
      coverage: 'innenfor P10–P90',
    },
    yes: 'ja',
    no: 'nei',
    all: 'alle linjer',
    summary: 'Samlet per tjenestelinje (alle helsefellesskap og år som vises)',
    legend:
      'MAPE = gjennomsnittlig absolutt relativ feil; skjevhet = gjennomsnittlig relativ feil (positiv: framskrevet for høyt).',
    noRuns: 'Andel innenfor P10–P90 krever Monte Carlo (--runs, f.eks. --runs 200).',
    hidden:
      '":" = skjult av avsløringskontroll (1–terskel hendelser i basisperioden eller i året), og feil regnes bare der begge tall vises.',
  },
  en: {
    title: (base: string, years: string) =>
      `Projection hindcast: base period ${base}, compared with ${years}`,
    method: 'Method',
    methodObserved: (base: string, sc: string) =>
      `base rates (${base}) × registered population on 1 January of each year, scenario ${sc}; error = projected − observed, relative error = error / observed`,
    methodProjection: (base: string, tbl: string, alt: string, sc: string) =>
      `base rates (${base}) × SSB's projection ${tbl}, alternative ${alt}, scenario ${sc}; error = projected − observed, relative error = error / observed`,
    hf: 'Helsefellesskap',
    municipality: 'Municipality',
    col: {
      line: 'service line',
      unit: 'unit',
      year: 'year',
      projected: 'projected',
      observed: 'observed',
      error: 'error',
      rel: 'relative error',
      interval: 'P10–P90',
      inside: 'inside',
      cells: 'cells',
      mape: 'MAPE',
      bias: 'bias',
      coverage: 'inside P10–P90',
    },
    yes: 'yes',
    no: 'no',
    all: 'all lines',
    summary: 'Over each service line (every helsefellesskap and year shown)',
    legend:
      'MAPE = mean absolute relative error; bias = mean relative error (positive: projected too high).',
    noRuns: 'The share inside P10–P90 needs Monte Carlo (--runs, e.g. --runs 200).',
    hidden:
      '":" = hidden by disclosure control (1–threshold events in the base period or the year); errors only where both figures are shown.',
  },
} as const;

/** What the hindcast command needs from `felles project`'s options. */
export interface HindcastCommand {
  population: 'observed' | 'projection';
  lang: PrintLang;
  outDir?: string;
  format: string;
  force: boolean;
  runOptions: Record<string, unknown>;
  /** The progress display, stopped before the tables are printed. */
  progress: { stop(): void };
}

/** The population argument of `--hindcast [population]`. */
export function hindcastPopulation(v: string | boolean | undefined): 'observed' | 'projection' {
  if (v === undefined || v === true || v === 'observed') return 'observed';
  if (v === 'projection') return 'projection';
  throw new UsageError(
    'BAD_OPTION',
    `--hindcast takes "observed" (the registered population, default) or "projection" (SSB's projection loaded), got ${String(v)}`,
  );
}

/** Run, publish (one publication, recorded in the run manifest) and print the hindcast. */
export async function runHindcastCommand(
  ws: Workspace,
  g: GlobalOptions,
  options: ProjectOptions,
  c: HindcastCommand,
): Promise<void> {
  let files: string[] = [];
  const { result } = await ws.run('project', c.runOptions, async (run) => {
    await recordWorkspaceInputs(ws, run, { cohorts: {} });
    const h = await hindcast(ws, { ...options, population: c.population });
    const m = h.projection.meta;
    run.addDefinition(`scenario:${m.scenario.id}`, m.scenario.version);
    for (const l of m.serviceLines) run.addDefinition(`service-line:${l.id}`, l.version);
    if (c.population === 'projection') run.addSsbTable(m.population.tableId, m.population.vintage);
    for (const w of h.warnings) run.note(w.message);
    run.manifest['rateCells'] = m.rateCells;
    run.manifest['hindcast'] = { method: hindcastMethod(h), years: h.years };
    const pub = await Publication.open(ws);
    const parts = hindcastTables(h, { threshold: pub.threshold });
    await pub.addAll(HINDCAST_TABLE_ORDER.map((k) => parts[k]));
    const { tables } = await pub.seal();
    for (const t of tables) run.count(t.name, t.rows.length);
    if (c.outDir) {
      files = await exportTables(tables, {
        format: c.format,
        out: c.outDir,
        overwrite: c.force,
        manifestId: run.id,
        run,
        baseName: 'hindcast',
        metadata: { title: `felles projection hindcast, ${hindcastMethod(h)}`, command: 'project' },
      });
    }
    const disclosure = await pub.record(run);
    if (disclosure.notice) log(g, disclosure.notice);
    return { h, rows: pairShown(tables[0]!, tables[1]!) };
  });
  c.progress.stop();
  for (const w of result.h.warnings) log(g, `warning: ${w.message}`);
  const summary = hindcastSummary(result.rows);
  if (g.json) {
    outJson({
      method: hindcastMethod(result.h),
      population: result.h.population,
      basePeriod: result.h.projection.meta.basePeriod,
      years: result.h.years,
      warnings: result.h.warnings,
      rows: result.rows,
      summary,
      files,
    });
    return;
  }
  printHindcast(result.h, result.rows, summary, c.lang);
  for (const f of files) log(g, `wrote ${f}`);
}

/** One table per area (line × year), then the errors per line. */
function printHindcast(
  h: HindcastResult,
  rows: readonly HindcastShownRow[],
  summary: readonly HindcastSummaryRow[],
  lang: PrintLang,
): void {
  const t = TEXT[lang];
  const c = t.col;
  const m = h.projection.meta;
  const base = m.basePeriod.years.join(', ');
  const sc = `${m.scenario.id} ${m.scenario.version}`;
  out(t.title(base, h.years.join(', ')));
  out(
    `${t.method}: ${
      h.population === 'observed'
        ? t.methodObserved(base, sc)
        : t.methodProjection(
            base,
            `${m.population.tableId} (${m.population.vintage})`,
            m.population.alternatives[0] ?? '',
            sc,
          )
    }`,
  );
  const lines = new Map(m.serviceLines.map((l) => [l.id, l]));
  const runs = m.monteCarlo !== undefined;
  const num = [c.projected, c.observed, c.error, c.rel, ...(runs ? [c.interval] : [])];
  for (const area of m.areas) {
    const own = rows.filter((r) => r.area_code === area);
    if (own.length === 0) continue;
    out('');
    out(`${m.areaLevel === 'hff' ? t.hf : t.municipality} ${area}`);
    const table = own.map((r) => ({
      [c.line]: r.line_id,
      [c.unit]: unitName(lines.get(r.line_id)?.unit ?? '', lang),
      [c.year]: r.year,
      [c.projected]: fmtNumber(r.projected, 0, lang),
      [c.observed]: fmtNumber(r.observed, 0, lang),
      [c.error]: fmtNumber(r.error, 0, lang),
      [c.rel]: fmtShare(r.relative_error, 1, lang),
      ...(runs
        ? {
            [c.interval]:
              r.p10 === null || r.p90 === null
                ? ':'
                : `${fmtNumber(r.p10, 0, lang)}–${fmtNumber(r.p90, 0, lang)}`,
            [c.inside]: r.inside === null ? ':' : r.inside ? t.yes : t.no,
          }
        : {}),
    }));
    out(formatTable(table, undefined, num));
  }
  out('');
  out(t.summary);
  const sumRows = summary.map((s) => ({
    [c.line]: s.line_id === 'all' ? t.all : s.line_id,
    [c.unit]: s.line_id === 'all' ? '' : unitName(lines.get(s.line_id)?.unit ?? '', lang),
    [c.cells]: s.cells,
    [c.mape]: fmtPercent(s.mape, 1, lang),
    [c.bias]: fmtPercent(s.bias, 1, lang),
    ...(runs ? { [c.coverage]: fmtShare(s.coverage, 0, lang) } : {}),
  }));
  out(formatTable(sumRows, undefined, [c.mape, c.bias, c.coverage]));
  out(t.legend);
  if (!runs) out(t.noRuns);
  out(t.hidden);
}
