/**
 * What a run read from the workspace, written into its manifest so that every number can be
 * traced back to the extract files behind it (`felles lineage`).
 *
 * Every registry and SSB file whose rows are in the workspace counts as read: `person` and
 * `residence` are built from every registry source, and every rate reads the population, so any
 * loaded file can move any figure. Cohort results are read per cohort run.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { inList } from '../kernel/sql.js';
import type { RunManifest, RunRecorder } from './manifest.js';
import type { Workspace } from './workspace.js';

/** Which cohort results a run reads (default: none). */
export interface CohortInputs {
  /** Cohort ids (default: every cohort computed). */
  ids?: readonly string[];
  /** Years (default: every year computed). */
  years?: readonly number[];
}

/** Options of {@link recordWorkspaceInputs}. */
export interface WorkspaceInputsOptions {
  /** The run reads cohort results (`cohort_member`, `cohort_count`): these. */
  cohorts?: CohortInputs;
}

/** Read a run's manifest from `runs/<id>/manifest.json`, or undefined when there is none. */
export async function readRunManifest(
  runsDir: string,
  id: string,
): Promise<RunManifest | undefined> {
  if (!/^[A-Za-z0-9._-]+$/.test(id)) return undefined;
  const f = join(runsDir, id, 'manifest.json');
  if (!existsSync(f)) return undefined;
  try {
    return JSON.parse(await readFile(f, 'utf8')) as RunManifest;
  } catch {
    return undefined;
  }
}

async function hasTable(ws: Workspace, name: string): Promise<boolean> {
  return (
    Number(
      await ws.db.value(`SELECT count(*) FROM information_schema.tables WHERE table_name = $1`, [
        name,
      ]),
    ) > 0
  );
}

/**
 * Record in `run`'s manifest what it reads from the workspace: the init run (its geography),
 * every loaded file (path, SHA-256,
 * size, kind, the ingest run that loaded it and its `ingest_file` id) in `inputs`, those ingest
 * runs in `inputRuns`, and the SSB tables with vintages and the code lists those runs recorded;
 * with `cohorts`, also the cohorts runs whose results it reads, with their definitions (id and
 * version) and code lists. Call it at the start of the run, before it changes anything.
 */
export async function recordWorkspaceInputs(
  ws: Workspace,
  run: RunRecorder,
  options: WorkspaceInputsOptions = {},
): Promise<void> {
  const files = await ws.db.all<{
    file_id: number;
    run_id: string;
    kind: string;
    path: string;
    sha256: string;
    bytes: number;
    rows_loaded: number;
  }>(
    `SELECT file_id, run_id, kind, path, sha256, bytes, rows_loaded FROM ingest_file ORDER BY file_id`,
  );
  const initRun = await ws.db.value<string>(`SELECT value FROM meta WHERE key = 'init_run'`);
  if (initRun)
    run.addInputRun(initRun, 'init', `geography, structure year ${ws.config.structureYear}`);
  const manifests = new Map<string, RunManifest | undefined>();
  const manifestOf = async (id: string) => {
    if (!manifests.has(id)) manifests.set(id, await readRunManifest(ws.runsDir, id));
    return manifests.get(id);
  };
  for (const f of files) {
    if (!run.manifest.inputs.some((i) => i.fileId === f.file_id && i.run === f.run_id))
      run.manifest.inputs.push({
        path: f.path,
        sha256: f.sha256,
        bytes: Number(f.bytes),
        kind: f.kind,
        rowsLoaded: Number(f.rows_loaded),
        run: f.run_id,
        fileId: f.file_id,
      });
    const m = await manifestOf(f.run_id);
    run.addInputRun(f.run_id, m?.command ?? `ingest ${f.kind}`, `${f.kind} ${f.path}`);
    for (const t of m?.ssbTables ?? []) run.addSsbTable(t.tableId, t.vintage);
    for (const c of m?.codelists ?? []) run.addCodelist(c.id, c.version);
  }
  // Projections loaded by a path that kept no manifest still name their SSB table in the data.
  for (const p of await ws.db.all<{ table_id: string; vintage: number }>(
    `SELECT DISTINCT table_id, vintage FROM population_projection ORDER BY 1, 2`,
  ))
    run.addSsbTable(p.table_id, Number(p.vintage));
  if (options.cohorts && (await hasTable(ws, 'cohort_count'))) {
    const { ids, years } = options.cohorts;
    const where = [
      ...(ids ? [`cohort_id IN ${inList(ids)}`] : []),
      ...(years ? [`year IN ${inList(years)}`] : []),
    ];
    const cohortRuns = await ws.db.all<{
      run_id: string;
      cohort_id: string;
      version: string;
      year: number;
    }>(
      `SELECT DISTINCT run_id, cohort_id, version, year FROM cohort_count ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY run_id, cohort_id, year`,
    );
    for (const c of cohortRuns) {
      const m = await manifestOf(c.run_id);
      run.addInputRun(
        c.run_id,
        m?.command ?? 'cohorts run',
        `cohort ${c.cohort_id} ${c.version}, ${c.year}`,
      );
      run.addDefinition(`cohort:${c.cohort_id}`, c.version);
      for (const cl of m?.codelists ?? []) run.addCodelist(cl.id, cl.version);
    }
  }
}
