/**
 * `runIndicators`: compute a set of indicators for years and levels in one run (with a run
 * manifest recording every definition id and version), disclose each as one table and,
 * optionally, export them in one format.
 */
import type { LocalText } from '@felles/text';
import { PersonIdProbe, type DisclosedTable } from '../../disclosure/index.js';
import type { PublicationRecord } from '../../export/publication.js';
import { UsageError } from '../../kernel/errors.js';
import { exportTables, prepareOutputFolder } from '../../export/index.js';
import { recordWorkspaceInputs } from '../../workspace/run-inputs.js';
import { join } from 'node:path';
import {
  resolveStandardPopulation,
  type StandardPopulation,
} from '../../reference/standard-population.js';
import { noProgress, type ProgressFn } from '../../kernel/util/progress.js';
import type { Workspace } from '../../workspace/workspace.js';
import type { Db } from '../../kernel/db.js';
import { ensureCohortTables } from '../../catalogue/cohort-tables.js';
import { areaPopulation } from './comparison.js';
import { computeIndicator, type IndicatorRow } from './compute.js';
import { definitionCohorts } from './compile.js';
import { areaFrame } from './disclosed.js';
import { publishIndicators, type IndicatorToPublish } from './publish-indicators.js';
import { indicatorQuality } from './quality.js';
import { loadIndicatorLibrary } from './library.js';
import { INDICATOR_SOURCES } from '../../catalogue/sources.js';
import {
  INDICATOR_LEVELS,
  type IndicatorDefinition,
  type IndicatorLevel,
  type LoadedIndicator,
} from './types.js';
import { GRAIN_REASONS, grainReason, withGrain, type Grain } from './grain.js';
import { populationYears } from '../../reference/population/years.js';

/** Options of {@link runIndicators}. */
export interface RunIndicatorsOptions {
  /** Indicator ids (default: all in the catalogue). */
  ids?: readonly string[];
  /** Only indicators with one of these tags. */
  tags?: readonly string[];
  /** Years (default: every year with registry data). */
  years?: readonly number[];
  /** Levels to output (default all; the national row is always kept for comparison). */
  levels?: readonly IndicatorLevel[];
  /** Only this helsefellesskap (code): its municipalities and health trusts, all 19 communities, RHFs and the country. */
  hf?: string;
  /** Export format (`csv`, `parquet`, `arrow`, `xlsx`, `json`); none = no files. */
  format?: string;
  /**
   * Output folder (default `<workspace>/out/indicators`). It must be new or empty unless
   * `overwrite`; checked before anything is computed (`prepareOutputFolder`).
   */
  out?: string;
  /** Write into a folder that already holds files, replacing files of the same name. */
  overwrite?: boolean;
  /** Peers per area of similar population size (0 = no peer comparison; default 0). */
  peers?: number;
  threshold?: number;
  standardisation?: 'none' | 'direct';
  confidenceLevel?: number;
  /**
   * Compute the indicators' data-quality flags (`indicator_quality`: reporting, coding
   * completeness, linkage coverage) and export them with the indicators. Default true.
   */
  quality?: boolean;
  /** Time grain (default `year`); by `quarter` or `month` only indicators that have such figures. */
  grain?: Grain;
  progress?: ProgressFn;
}

/** One indicator's outcome. */
export interface IndicatorRunItem {
  id: string;
  version: string;
  title: LocalText;
  rows: number;
  status: Record<string, number>;
  /** The disclosed table; null when there is nothing to publish (every count 0 or 1: no data). */
  table: DisclosedTable | null;
  /** Why there is no table. */
  note?: string;
}

/** Result of {@link runIndicators}. */
export interface RunIndicatorsResult {
  runId: string;
  years: number[];
  indicators: IndicatorRunItem[];
  /** The indicators' data-quality flags (absent with `quality: false` or nothing computed). */
  quality?: DisclosedTable;
  files: string[];
  /** The disclosure of the run: threshold, cells audited, the narrowest interval (also in the manifest). */
  disclosure: PublicationRecord | null;
  /** With a sub-year grain: the indicators left out, and why (see `GRAIN_REASONS`). */
  noGrain: Array<{ id: string; reason: string }>;
}

/** Years with registry data (NPR, KPR), else with population. */
export async function indicatorYears(db: Db): Promise<number[]> {
  const rows = await db.all(
    `SELECT DISTINCT year FROM (SELECT year FROM specialist_episode UNION SELECT year FROM primary_contact) ORDER BY 1`,
  );
  const ys = rows.map((r) => Number(r['year']));
  if (ys.length) return ys;
  return populationYears(db);
}

/** What the data are: files loaded per kind (latest load) and population years. */
export async function dataVintage(db: Db): Promise<string> {
  const files = await db.all(
    `SELECT kind, count(*) AS n, CAST(max(loaded_at) AS VARCHAR) AS at FROM ingest_file GROUP BY 1 ORDER BY 1`,
  );
  const pop = await db.all(`SELECT min(year) AS a, max(year) AS b FROM population`);
  const parts = files.map(
    (f) =>
      `${String(f['kind'])}: ${String(f['n'])} file(s), last loaded ${String(f['at']).slice(0, 19)}`,
  );
  if (pop[0]?.['a'] !== null && pop[0]?.['a'] !== undefined)
    parts.push(`SSB population ${String(pop[0]['a'])}–${String(pop[0]['b'])}`);
  return parts.join('; ') || 'no data loaded';
}

/** Pick the indicators to run. */
export function selectIndicators(
  lib: Map<string, LoadedIndicator>,
  ids?: readonly string[],
  tags?: readonly string[],
): LoadedIndicator[] {
  if (ids?.length) {
    return ids.map((id) => {
      const l = lib.get(id);
      if (!l)
        throw new UsageError(
          'UNKNOWN_INDICATOR',
          `unknown indicator "${id}"; see felles indicators list`,
        );
      return l;
    });
  }
  return [...lib.values()].filter(
    (l) => !tags?.length || (l.definition.tags ?? []).some((t) => tags.includes(t)),
  );
}

function keepRow(
  r: IndicatorRow,
  levels: Set<string>,
  hf: { code: string; municipalities: Set<string>; trusts: Set<string> } | null,
): boolean {
  if (r.level !== 'national' && r.level !== 'unknown' && !levels.has(r.level)) return false;
  if (r.level === 'unknown' && !levels.has('municipality')) return false;
  if (!hf) return true;
  if (r.level === 'municipality') return hf.municipalities.has(r.area_code);
  if (r.level === 'health_trust') return hf.trusts.has(r.area_code);
  return r.level !== 'unknown';
}

/**
 * Compute, disclose and (optionally) export indicators. Runs inside `ws.run('indicators run')`:
 * the manifest records every indicator id and version, the cohorts read, the standard population
 * and what disclosure control hid. Linked indicators are `unavailable` (not an error) without
 * usable `person_link` rows.
 */
export async function runIndicators(
  ws: Workspace,
  options: RunIndicatorsOptions = {},
): Promise<RunIndicatorsResult> {
  const progress = options.progress ?? noProgress;
  // Where the files go is checked before anything is computed.
  const outDir = options.format
    ? await prepareOutputFolder(options.out ?? join(ws.outDir, 'indicators'), {
        ...(options.overwrite !== undefined ? { overwrite: options.overwrite } : {}),
      })
    : undefined;
  const lib = loadIndicatorLibrary(ws.dir);
  const grain = options.grain ?? 'year';
  const selected = selectIndicators(lib, options.ids, options.tags);
  const why = (d: IndicatorDefinition) => (grain === 'year' ? undefined : grainReason(d));
  const chosen = selected.filter((c) => !why(c.definition));
  const noGrain = selected.flatMap((c) => {
    const r = why(c.definition);
    return r ? [{ id: c.definition.id, reason: GRAIN_REASONS[r] }] : [];
  });
  if (chosen.length === 0)
    throw new UsageError('NO_GRAIN', `none of the indicators chosen has ${grain}ly figures`);
  const years = [...(options.years ?? (await indicatorYears(ws.db)))].sort((a, b) => a - b);
  if (years.length === 0)
    throw new UsageError(
      'NO_DATA',
      'no years to compute: load registry extracts or population first (felles ingest …), or pass --year',
    );
  const levels = new Set<string>(options.levels ?? INDICATOR_LEVELS);
  const params = {
    ids: chosen.map((c) => c.definition.id),
    years,
    levels: [...levels],
    hf: options.hf ?? null,
    format: options.format ?? null,
    out: outDir ?? null,
    peers: options.peers ?? 0,
    grain,
  };
  const { result } = await ws.run('indicators run', params, async (run) => {
    const db = ws.db;
    const structureYear = ws.config.structureYear;
    await ensureCohortTables(db);
    await recordWorkspaceInputs(ws, run, {
      cohorts: { ids: [...new Set(chosen.flatMap((c) => definitionCohorts(c.definition)))], years },
    });
    let hf: { code: string; municipalities: Set<string>; trusts: Set<string> } | null = null;
    if (options.hf) {
      const code = options.hf.toUpperCase();
      const muns = (await db.all(`SELECT code FROM municipality WHERE hff_code = $1`, [code])).map(
        (r) => String(r['code']),
      );
      if (muns.length === 0)
        throw new UsageError(
          'UNKNOWN_AREA',
          `unknown helsefellesskap "${options.hf}"; see felles geo --list hf`,
        );
      const trusts = (
        await db.all(`SELECT DISTINCT hf_code FROM catchment WHERE hff_code = $1`, [code])
      ).map((r) => String(r['hf_code']));
      hf = { code, municipalities: new Set(muns), trusts: new Set(trusts) };
    }
    const links = Number(await db.value(`SELECT count(*) FROM person_link WHERE NOT conflict`));
    const frame = await areaFrame(db, structureYear);
    const populations =
      (options.peers ?? 0) > 0 ? await areaPopulation(db, years, structureYear) : undefined;
    const vintage = await dataVintage(db);
    let standard: StandardPopulation | undefined;
    const needsStandard = chosen.some(
      (c) =>
        (options.standardisation ?? c.definition.standardisation) === 'direct' &&
        c.definition.kind !== 'growth-comparison',
    );
    if (needsStandard) {
      standard = await resolveStandardPopulation(ws.config.standardPopulation, db);
      run.note(`standard population: ${standard.id}`);
    }
    const items: IndicatorRunItem[] = [];
    const toPublish: IndicatorToPublish[] = [];
    // The run changes no person: the person table is read once for the disclosure checks of all.
    const personIds = new PersonIdProbe(db);
    const reportingCache = new Map<string, string>();
    const sourceCache = new Map<string, string>();
    let done = 0;
    for (const l of chosen) {
      const def: IndicatorDefinition = withGrain(l.definition, grain);
      progress({
        stage: 'indicators',
        phase: done === 0 ? 'start' : 'update',
        done,
        total: chosen.length,
        unit: 'indicators',
        message: def.id,
      });
      run.addDefinition(def.id, def.version);
      if (INDICATOR_SOURCES[def.numerator.source].needsLinkage && links === 0)
        run.note(`${def.id}: unavailable without NPR–KPR linkage (no usable person_link rows)`);
      const rows = (
        await computeIndicator(db, l.definition, {
          grain,
          years,
          structureYear,
          usableLinks: links,
          reportingCache,
          sourceCache,
          // Only the levels that will be kept (and the country, the comparison's reference):
          // computing and standardising 357 municipalities to drop them cost most of the time.
          ...(options.levels
            ? {
                levels: (def.levels ?? INDICATOR_LEVELS).filter(
                  (l) => levels.has(l) || l === 'national',
                ),
              }
            : {}),
          ...(standard ? { standard } : {}),
          ...(options.standardisation ? { standardisation: options.standardisation } : {}),
          ...(options.confidenceLevel ? { confidenceLevel: options.confidenceLevel } : {}),
        })
      ).filter((r) => keepRow(r, levels, hf));
      const counts = rows
        .flatMap((r) => [
          r.numerator,
          ...(def.denominator.kind === 'population' ? [] : [r.denominator]),
        ])
        .filter((x): x is number => x !== null);
      if (rows.length >= 10 && !counts.some((x) => x > 1)) {
        const note =
          'nothing to publish: every count is 0, 1 or missing (no data for these years?)';
        run.note(`${def.id}: ${note}`);
        const status: Record<string, number> = {};
        for (const r of rows) status[r.status] = (status[r.status] ?? 0) + 1;
        items.push({
          id: def.id,
          version: def.version,
          title: def.title,
          rows: rows.length,
          status,
          table: null,
          note,
        });
        done++;
        continue;
      }
      toPublish.push({
        def,
        rows,
        dataVintage: vintage,
        ...(standard ? { standard: standard.id } : {}),
      });
      const status: Record<string, number> = {};
      for (const r of rows) status[r.status] = (status[r.status] ?? 0) + 1;
      run.count(`indicator:${def.id}`, rows.length);
      items.push({
        id: def.id,
        version: def.version,
        title: def.title,
        rows: rows.length,
        status,
        table: null,
      });
      done++;
    }
    for (const t of [...reportingCache.values(), ...sourceCache.values()])
      await db.exec(`DROP TABLE IF EXISTS ${t}`);
    const computed = toPublish.map((t) => t.def.id);
    let quality: DisclosedTable | undefined;
    if (options.quality !== false && computed.length) {
      progress({ stage: 'indicators', phase: 'log', message: 'data quality' });
      quality = await indicatorQuality(ws, {
        ids: computed,
        years,
        levels: [...levels] as IndicatorLevel[],
      });
    }
    progress({ stage: 'indicators', phase: 'end', message: `${items.length} indicators` });
    // every indicator of the run disclosed together, against what the workspace published before
    progress({ stage: 'disclosure', phase: 'start', message: `${toPublish.length} tables` });
    const { tables, publication } = await publishIndicators(ws, toPublish, {
      frame,
      personIds,
      ...(options.threshold !== undefined ? { threshold: options.threshold } : {}),
      ...(populations ? { populations, peers: options.peers ?? 0 } : {}),
    });
    tables.forEach((t, k) => {
      const item = items.find((i) => i.id === toPublish[k]!.def.id)!;
      item.table = t;
    });
    let files: string[] = [];
    if (options.format && outDir) {
      files = await exportTables(
        [...items.flatMap((i) => (i.table ? [i.table] : [])), ...(quality ? [quality] : [])],
        {
          format: options.format,
          out: outDir,
          overwrite: options.overwrite ?? false,
          manifestId: run.id,
          run,
          baseName: 'indicators',
          metadata: {
            title: 'felles indicators',
            years,
            dataVintage: vintage,
            ...(standard ? { standardPopulation: standard.id } : {}),
            indicators: items.map((i) => ({
              id: i.id,
              version: i.version,
              ...(i.note ? { note: i.note } : {}),
            })),
            definitions: Object.fromEntries(chosen.map((c) => [c.definition.id, c.definition])),
          },
        },
      );
    }
    const disclosure = await publication.record(run);
    progress({
      stage: 'disclosure',
      phase: 'end',
      message: `${disclosure.cellsAudited} hidden cells audited`,
    });
    return {
      runId: run.id,
      years,
      indicators: items,
      ...(quality ? { quality } : {}),
      files,
      disclosure,
      noGrain,
    };
  });
  return result;
}
