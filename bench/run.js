#!/usr/bin/env node
// felles benchmarks: `pnpm bench [-- --scale demo|county|national] [--stage ingest] [--keep]`.
// Runs on the built packages (dist/), never on sources: `pnpm bench` builds first.
// Each stage runs in its own Node process so that its peak memory (max RSS, DuckDB included,
// from process.resourceUsage()) is its own. Results: a table on stdout and a JSON file in
// bench/results/. See bench/README.md for the stage interface.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const SCALES = ['demo', 'county', 'national'];

function parseArgs(argv) {
  const a = {
    scale: 'demo',
    stages: [],
    keep: false,
    child: undefined,
    workDir: undefined,
    memoryLimit: '2GB',
  };
  for (let i = 0; i < argv.length; i++) {
    const x = argv[i];
    if (x === '--') continue; // pnpm passes it through
    if (x === '--scale') a.scale = argv[++i];
    else if (x.startsWith('--scale=')) a.scale = x.slice(8);
    else if (x === '--stage') a.stages.push(argv[++i]);
    else if (x.startsWith('--stage=')) a.stages.push(x.slice(8));
    else if (x === '--keep') a.keep = true;
    else if (x === '--memory-limit') a.memoryLimit = argv[++i];
    else if (x.startsWith('--memory-limit=')) a.memoryLimit = x.slice(15);
    else if (x === '--child') a.child = argv[++i];
    else if (x === '--work-dir') a.workDir = argv[++i];
    else if (x === '--help' || x === '-h') {
      process.stdout.write(
        'usage: pnpm bench [-- --scale demo|county|national] [--stage <name> ...] [--memory-limit 2GB] [--keep]\n',
      );
      process.exit(0);
    } else {
      process.stderr.write(`bench: unknown argument ${x}\n`);
      process.exit(2);
    }
  }
  if (!SCALES.includes(a.scale)) {
    process.stderr.write(`bench: --scale must be one of ${SCALES.join(', ')}\n`);
    process.exit(2);
  }
  return a;
}

function availableStages() {
  return readdirSync(join(here, 'stages'))
    .filter((f) => f.endsWith('.js'))
    .map((f) => f.slice(0, -3))
    .sort((a, b) => (a === 'generate' ? -1 : b === 'generate' ? 1 : a.localeCompare(b)));
}

/** Child: run one stage and print its result as one JSON line prefixed with a marker. */
async function runChild(name, scale, workDir, memoryLimit) {
  const mod = await import(pathToFileURL(join(here, 'stages', `${name}.js`)).href);
  const core = await import(
    pathToFileURL(join(here, '..', 'packages', 'core', 'dist', 'index.js')).href
  );
  const log = (msg) => process.stderr.write(`[${name}] ${msg}\n`);
  const started = performance.now();
  const result = await mod.run({ scale, workDir, core, log, memoryLimit });
  const seconds = (performance.now() - started) / 1000;
  const peakRssMB = process.resourceUsage().maxRSS / 1024; // maxRSS is in kilobytes
  process.stdout.write(
    `@@bench-result ${JSON.stringify({ stage: name, seconds, peakRssMB, ...result })}\n`,
  );
}

function runStageProcess(name, scale, workDir, memoryLimit) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        fileURLToPath(import.meta.url),
        '--child',
        name,
        '--scale',
        scale,
        '--work-dir',
        workDir,
        '--memory-limit',
        memoryLimit,
      ],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
        env: { ...process.env, TZ: 'UTC' },
      },
    );
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('@@bench-result '));
      if (code !== 0 || !line) reject(new Error(`stage ${name} failed (exit ${code})`));
      else resolve(JSON.parse(line.slice('@@bench-result '.length)));
    });
  });
}

function fmt(n) {
  if (typeof n !== 'number') return String(n ?? '');
  if (Math.abs(n) >= 1000)
    return Math.round(n)
      .toString()
      .replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return String(Math.round(n * 100) / 100);
}

function table(rows, cols) {
  const w = cols.map((c) => Math.max(c.length, ...rows.map((r) => fmt(r[c]).length)));
  const line = (cells) =>
    cells.map((s, i) => (i < 2 ? s.padEnd(w[i]) : s.padStart(w[i]))).join('  ');
  return [
    line(cols),
    w.map((x) => '-'.repeat(x)).join('  '),
    ...rows.map((r) => line(cols.map((c) => fmt(r[c])))),
  ].join('\n');
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.child) return runChild(args.child, args.scale, args.workDir, args.memoryLimit);
  const stages = args.stages.length ? args.stages : availableStages();
  const workDir = mkdtempSync(join(tmpdir(), `felles-bench-${args.scale}-`));
  process.stderr.write(
    `bench: scale ${args.scale}, stages ${stages.join(', ')}, work folder ${workDir}\n`,
  );
  const results = [];
  try {
    for (const s of stages)
      results.push(await runStageProcess(s, args.scale, workDir, args.memoryLimit));
  } finally {
    if (!args.keep) rmSync(workDir, { recursive: true, force: true });
  }
  const rows = [];
  for (const r of results) {
    rows.push({
      stage: r.stage,
      metric: '(stage total)',
      value: r.seconds,
      unit: 's',
      'peak RSS MB': r.peakRssMB,
    });
    for (const m of r.metrics ?? [])
      rows.push({
        stage: r.stage,
        metric: m.name,
        value: m.value,
        unit: m.unit ?? '',
        'peak RSS MB': '',
      });
  }
  process.stdout.write(`${table(rows, ['stage', 'metric', 'value', 'unit', 'peak RSS MB'])}\n`);
  const report = {
    scale: args.scale,
    memoryLimit: args.memoryLimit,
    date: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpus: cpus().length,
    totalMemMB: Math.round(totalmem() / 1048576),
    stages: results,
  };
  mkdirSync(join(here, 'results'), { recursive: true });
  const file = join(here, 'results', `${report.date.replace(/[:.]/g, '-')}-${args.scale}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  process.stderr.write(`bench: results written to ${file}\n`);
}

main().catch((e) => {
  process.stderr.write(`bench: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
