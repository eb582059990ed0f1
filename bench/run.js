#!/usr/bin/env node
// felles benchmarks: `pnpm bench [-- --scale demo|county|national] [--years N] [--work-dir DIR]
// [--stage <name> …] [--memory-limit 8GB] [--profile] [--keep]`. Runs on the built packages
// (dist/), never on sources: `pnpm bench` builds first. Each stage runs in its own Node process so
// that its peak memory (max RSS, DuckDB included) is its own. Results: a table on stdout and a JSON
// file in bench/results/ (committed, with the machine described). See bench/README.md.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setInterval, clearInterval } from 'node:timers';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { readFloors, stageFloor } from './lib/floor.js';
import { describeMachine } from './lib/machine.js';
import { wantedYears } from './lib/synth.js';
import { TARGET_SCOPE, runTargets, stageTargets } from './lib/targets.js';

const here = dirname(fileURLToPath(import.meta.url));
export const SCALES = ['demo', 'county', 'national'];
/** The default run, in order. `demo` and `project` (the demo workspace) run only when named. */
export const PIPELINE = [
  'startup',
  'generate',
  'floor',
  'ingest-parquet',
  'ingest-csv',
  'floor-ws',
  'validate',
  'cohorts',
  'indicators',
  'disclosure-audit',
  'projections',
  'reports',
];

/**
 * @typedef {object} StageContext
 * @property {'demo'|'county'|'national'} scale
 * @property {number[]} years      years of the data set (`--years N`: the N years ending 2024)
 * @property {number} seed         generator seed
 * @property {string} workDir      the run's work folder (shared by all stages)
 * @property {any} core            the built @felles/core module
 * @property {any} pipelines       the built @felles/pipelines module
 * @property {(msg: string) => void} log   progress to stderr
 * @property {string|undefined} memoryLimit  `--memory-limit`, else undefined (machine default)
 * @property {boolean} profile     `--profile` (FELLES_PROFILE=1 is set too)
 * @property {boolean} keep        `--keep`
 */

const USAGE = `usage: node bench/run.js [options]      (pnpm bench -- [options] builds first)
  --scale demo|county|national   data set size (default demo)
  --years N                      N consecutive years ending 2024 (default: the scale's: demo and
                                 county 2020–2024, national 2024)
  --seed N                       generator seed (default the generator's, 20240101)
  --work-dir DIR                 persistent work folder; a generated set there whose synth.json
                                 matches scale, years and seed is reused (never deleted)
  --stage NAME                   run only these stages (repeat); default: ${PIPELINE.join(', ')}
                                 also: demo, project (the felles demo workspace, scale demo)
  --memory-limit SIZE            DuckDB memory_limit (default: the workspace's, 40 % of RAM)
  --profile                      FELLES_PROFILE=1: the 10 slowest statements per stage in notes
  --keep                         keep the temporary work folder and the CSV workspace
`;

function parseArgs(argv) {
  const a = { scale: 'demo', stages: [], keep: false, profile: false, child: undefined };
  const num = (flag, v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) fail(`${flag} takes a whole number, got ${v}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    let x = argv[i];
    if (x === '--') continue; // pnpm passes it through
    let v;
    const eq = x.indexOf('=');
    if (x.startsWith('--') && eq > 0) [x, v] = [x.slice(0, eq), x.slice(eq + 1)];
    const value = () => v ?? argv[++i];
    if (x === '--scale') a.scale = value();
    else if (x === '--years') a.years = num('--years', value());
    else if (x === '--seed') a.seed = num('--seed', value());
    else if (x === '--stage') a.stages.push(value());
    else if (x === '--keep') a.keep = true;
    else if (x === '--profile') a.profile = true;
    else if (x === '--memory-limit') a.memoryLimit = value();
    else if (x === '--work-dir') a.workDir = value();
    else if (x === '--child') a.child = value();
    else if (x === '--help' || x === '-h') {
      process.stdout.write(USAGE);
      process.exit(0);
    } else fail(`unknown argument ${x}\n${USAGE}`);
  }
  if (!SCALES.includes(a.scale)) fail(`--scale must be one of ${SCALES.join(', ')}`);
  if (a.years !== undefined && (a.years < 1 || a.years > 5))
    fail('--years must be 1–5 (the generator covers 2020–2025 and the run ends in 2024)');
  if (
    a.memoryLimit !== undefined &&
    !/^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(a.memoryLimit)
  )
    fail(`--memory-limit takes a size such as 8GB, got ${a.memoryLimit}`);
  const known = readdirSync(join(here, 'stages'))
    .filter((f) => f.endsWith('.js'))
    .map((f) => f.slice(0, -3));
  for (const s of [...a.stages, ...(a.child ? [a.child] : [])])
    if (!known.includes(s)) fail(`unknown stage ${s}; stages: ${known.join(', ')}`);
  return a;
}

function fail(msg) {
  process.stderr.write(`bench: ${msg}\n`);
  process.exit(2);
}

const importPackage = (name) =>
  import(pathToFileURL(join(here, '..', 'packages', name, 'dist', 'index.js')).href);
const importCore = () => importPackage('core');

/** Child: run one stage and print its result as one JSON line prefixed with a marker. */
async function runChild(args) {
  const name = args.child;
  const mod = await import(pathToFileURL(join(here, 'stages', `${name}.js`)).href);
  const core = await importCore();
  const pipelines = await importPackage('pipelines');
  const log = (msg) => process.stderr.write(`[${name}] ${msg}\n`);
  /** @type {StageContext} */
  const ctx = {
    scale: args.scale,
    years: wantedYears(core, args.scale, args.years),
    seed: args.seed ?? core.DEFAULT_SEED,
    workDir: args.workDir,
    core,
    pipelines,
    log,
    memoryLimit: args.memoryLimit,
    profile: args.profile || process.env.FELLES_PROFILE === '1',
    keep: args.keep,
  };
  const started = performance.now();
  const result = await mod.run(ctx);
  const wallSeconds = (performance.now() - started) / 1000;
  const peakRssMB = process.resourceUsage().maxRSS / 1024; // maxRSS is in kilobytes
  process.stdout.write(
    `@@bench-result ${JSON.stringify({ stage: name, seconds: wallSeconds, wallSeconds, peakRssMB, ...result })}\n`,
  );
}

/** Peak resident memory of a process so far (Linux: VmHWM), in MB; undefined elsewhere. */
function hwmMB(pid) {
  try {
    const m = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

function runStageProcess(name, args, workDir) {
  return new Promise((done) => {
    const childArgs = ['--child', name, '--scale', args.scale, '--work-dir', workDir];
    if (args.years !== undefined) childArgs.push('--years', String(args.years));
    if (args.seed !== undefined) childArgs.push('--seed', String(args.seed));
    if (args.memoryLimit) childArgs.push('--memory-limit', args.memoryLimit);
    if (args.profile) childArgs.push('--profile');
    if (args.keep) childArgs.push('--keep');
    const t0 = performance.now();
    const child = spawn(process.execPath, [fileURLToPath(import.meta.url), ...childArgs], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, TZ: 'UTC', ...(args.profile ? { FELLES_PROFILE: '1' } : {}) },
    });
    let out = '';
    let errTail = '';
    let polledMB = 0;
    const poll = setInterval(() => (polledMB = Math.max(polledMB, hwmMB(child.pid) ?? 0)), 500);
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => {
      process.stderr.write(d);
      errTail = (errTail + d).slice(-2000);
    });
    const finish = (code, signal, error) => {
      clearInterval(poll);
      const wallSeconds = (performance.now() - t0) / 1000;
      const line = out.split('\n').find((l) => l.startsWith('@@bench-result '));
      if (code === 0 && line) {
        const r = JSON.parse(line.slice('@@bench-result '.length));
        done({ ...r, ok: true, wallSeconds, peakRssMB: Math.max(r.peakRssMB, polledMB) });
        return;
      }
      const why = error
        ? error.message
        : signal
          ? `killed by ${signal}${signal === 'SIGKILL' ? ' (out of memory?)' : ''}`
          : `exit code ${code}`;
      const last = errTail.trim().split('\n').filter(Boolean).slice(-3).join(' | ');
      done({
        stage: name,
        ok: false,
        seconds: wallSeconds,
        wallSeconds,
        ...(polledMB ? { peakRssMB: polledMB } : {}),
        error: `${why}${last ? `: ${last}` : ''}`,
        metrics: [],
        notes: [],
      });
    };
    child.on('error', (e) => finish(null, null, e));
    child.on('close', (code, signal) => finish(code, signal));
  });
}

const group = (n) =>
  Math.round(n)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ' ');

function fmtTime(s) {
  if (s === undefined) return '';
  if (s < 100) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${String(Math.round(s - m * 60)).padStart(2, '0')} s`;
}

function table(rows, cols, left = 1) {
  const w = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c] ?? '').length)));
  const line = (cells) =>
    cells
      .map((s, i) => (i < left ? s.padEnd(w[i]) : s.padStart(w[i])))
      .join('  ')
      .trimEnd();
  return [
    line(cols),
    w.map((x) => '-'.repeat(x)).join('  '),
    ...rows.map((r) => line(cols.map((c) => String(r[c] ?? '')))),
  ].join('\n');
}

/** Stage seconds, rows/s, floor and × floor, and the targets. */
function complete(r, floors) {
  const floor = stageFloor(r.stage, floors);
  const rows = r.rows ?? floor?.rows;
  const out = { ...r };
  if (rows !== undefined && r.seconds > 0 && !r.reused) out.rowsPerSecond = rows / r.seconds;
  if (rows !== undefined) out.rows = rows;
  if (floor && floor.seconds > 0) {
    out.floor = floor;
    if (!r.reused) out.xFloor = r.seconds / floor.seconds;
  }
  out.targets = stageTargets(out);
  return out;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.child) return runChild(args);
  const stages = args.stages.length ? args.stages : PIPELINE;
  const persistent = args.workDir !== undefined;
  const workDir = persistent
    ? resolve(args.workDir)
    : mkdtempSync(join(tmpdir(), `felles-bench-${args.scale}-`));
  mkdirSync(workDir, { recursive: true });
  const core = await importCore();
  const years = wantedYears(core, args.scale, args.years);
  const machine = await describeMachine(core, workDir, join(here, '..'));
  process.stderr.write(
    `bench: scale ${args.scale}, years ${years.join(', ')}, stages ${stages.join(', ')}, work folder ${workDir}${persistent ? ' (kept)' : ''}\n`,
  );
  const started = new Date();
  const results = [];
  try {
    for (const s of stages) {
      process.stderr.write(`bench: stage ${s}\n`);
      const r = await runStageProcess(s, args, workDir);
      if (!r.ok) process.stderr.write(`bench: stage ${s} FAILED: ${r.error}\n`);
      results.push(r);
    }
  } finally {
    if (!persistent && !args.keep) rmSync(workDir, { recursive: true, force: true });
  }
  const floors = persistent || args.keep ? readFloors(workDir) : floorsFrom(results);
  const done = results.map((r) => complete(r, floors));
  const whole = runTargets(done, { scale: args.scale, years });

  const metLabel = (ts) =>
    ts.length === 0
      ? ''
      : ts.every((t) => t.met)
        ? 'met'
        : `NOT met: ${ts
            .filter((t) => !t.met)
            .map((t) => t.target)
            .join(', ')}`;
  const rows = done.map((r) => ({
    stage: r.stage,
    time: r.reused
      ? `reused${r.earlier ? ` (was ${fmtTime(r.earlier.seconds)})` : ''}`
      : fmtTime(r.seconds),
    'rows/s': r.rowsPerSecond ? group(r.rowsPerSecond) : '',
    '× floor': r.xFloor !== undefined ? `${r.xFloor.toFixed(1)}×` : '',
    'peak memory':
      r.peakRssMB !== undefined && !r.reused ? `${(r.peakRssMB / 1024).toFixed(2)} GB` : '',
    target: r.targets
      .filter((t) => t.unit === 's')
      .map((t) => t.target)
      .join(', '),
    met: r.ok ? metLabel(r.targets) : `FAILED (${r.error?.split(':')[0]})`,
  }));
  const cols = ['stage', 'time', 'rows/s', '× floor', 'peak memory', 'target', 'met'];
  const lines = [table(rows, cols), ''];
  for (const t of whole)
    lines.push(
      `${t.met ? 'met    ' : 'NOT met'}  ${t.target} (${typeof t.value === 'number' ? Math.round(t.value * 10) / 10 : t.value} ${t.unit})`,
    );
  const binding = args.scale === 'national' && years.length === 1;
  lines.push(
    '',
    binding
      ? `targets: ${TARGET_SCOPE}`
      : `targets are set for ${TARGET_SCOPE}; at ${args.scale}, ${years.length} year(s) they are shown for orientation only`,
    `× floor = stage time / scan floor of the inputs it reads (bench/README.md); peak memory = max RSS of the stage process`,
  );
  for (const r of done.filter((x) => x.reused)) lines.push(`${r.stage}: ${r.notes.join('; ')}`);
  process.stdout.write(`${lines.join('\n')}\n`);

  const report = {
    scale: args.scale,
    years,
    seed: args.seed ?? core.DEFAULT_SEED,
    date: started.toISOString(),
    finished: new Date().toISOString(),
    command: `node bench/run.js ${process.argv.slice(2).join(' ')}`.trim(),
    memoryLimit: args.memoryLimit ?? `workspace default (${machine.duckdbDefaults.memoryLimit})`,
    profile: args.profile,
    machine,
    targets: { scope: TARGET_SCOPE, binding, run: whole },
    floors,
    stages: done,
  };
  const dir = join(here, 'results');
  mkdirSync(dir, { recursive: true });
  const name = [
    args.scale,
    ...(args.years !== undefined ? [`${args.years}y`] : []),
    started.toISOString().slice(0, 10),
    ...(args.stages.length ? [args.stages.join('+')] : []),
  ].join('-');
  const file = join(dir, `${name}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  process.stderr.write(`bench: results written to ${file}\n`);
  if (done.some((r) => !r.ok)) process.exitCode = 1;
}

/** Floors from this run's floor stages (when the work folder is gone). */
function floorsFrom(results) {
  return Object.assign({}, ...results.filter((r) => r.ok && r.floor).map((r) => r.floor));
}

main().catch((e) => {
  process.stderr.write(`bench: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
