// Start-up of the command line: `felles --version`, `felles --help` and `felles sql "SELECT 1"`
// (on a new, empty workspace), each run many times as a user runs it — a new Node process on the
// built bin/felles.js — in turns, so that a change in the machine's load touches all three alike.
// Reported per command: the median wall time (the target: under 0.3 s, 0.3 s and 0.6 s on a
// 2-core machine) and, where /usr/bin/time exists, the median CPU time (user + system), which
// the load of other processes changes far less than the wall time. `node -e 0` is timed beside
// them as the reference: what starting Node alone costs on the machine at that moment.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

export const description = 'CLI start-up: --version, --help, sql "SELECT 1" (median of many runs)';

const BIN = resolve(fileURLToPath(import.meta.url), '../../../packages/cli/bin/felles.js');
const TIME = '/usr/bin/time';

/** The commands timed, with their targets (median wall seconds). */
export const STARTUP_COMMANDS = [
  // Reference, no target: Node starting and doing nothing, on the same machine at the same time.
  { name: 'node -e 0', node: ['-e', '0'] },
  { name: 'felles --version', args: ['--version'], target: 0.3 },
  { name: 'felles --help', args: ['--help'], target: 0.3 },
  { name: 'felles sql "SELECT 1"', args: ['sql', 'SELECT 1'], workspace: true, target: 0.6 },
];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round3 = (x) => Math.round(x * 1000) / 1000;

/** One run: wall seconds, and CPU seconds (user + system) when /usr/bin/time is there. */
function runOnce(args, cpuFile) {
  const withTime = existsSync(TIME);
  const cmd = withTime ? TIME : process.execPath;
  const argv = withTime ? ['-o', cpuFile, '-f', '%U %S', process.execPath, ...args] : args;
  const t0 = performance.now();
  const r = spawnSync(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 0)
    throw new Error(`felles ${args.join(' ')} exited with ${r.status}: ${r.stderr.slice(-500)}`);
  let cpu;
  if (withTime) {
    const [u, s] = readFileSync(cpuFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
    cpu = u + s;
  }
  return { wall, cpu };
}

/** @param {import('../run.js').StageContext} ctx */
export async function run(ctx) {
  const runs = Number(process.env.FELLES_BENCH_STARTUP_RUNS ?? 21);
  const tmp = mkdtempSync(join(ctx.workDir, 'startup-'));
  try {
    const ws = join(tmp, 'ws');
    const init = spawnSync(process.execPath, [BIN, '-q', 'init', ws], { encoding: 'utf8' });
    if (init.status !== 0) throw new Error(`felles init failed: ${init.stderr}`);
    const cpuFile = join(tmp, 'time.txt');
    const argsOf = (c) => c.node ?? [BIN, ...(c.workspace ? ['-w', ws] : []), ...c.args];
    // One warm-up of each (file cache), not counted.
    for (const c of STARTUP_COMMANDS) runOnce(argsOf(c), cpuFile);
    const samples = STARTUP_COMMANDS.map(() => ({ wall: [], cpu: [] }));
    for (let i = 0; i < runs; i++)
      STARTUP_COMMANDS.forEach((c, j) => {
        const r = runOnce(argsOf(c), cpuFile);
        samples[j].wall.push(r.wall);
        if (r.cpu !== undefined) samples[j].cpu.push(r.cpu);
      });
    const metrics = [];
    const notes = [`${runs} runs of each command, in turns, after one warm-up; medians`];
    STARTUP_COMMANDS.forEach((c, j) => {
      const wall = median(samples[j].wall);
      metrics.push({ name: `${c.name} (median wall)`, value: round3(wall), unit: 's' });
      if (samples[j].cpu.length)
        metrics.push({
          name: `${c.name} (median CPU)`,
          value: round3(median(samples[j].cpu)),
          unit: 's',
        });
      ctx.log(
        `${c.name}: median ${wall.toFixed(3)} s${c.target ? ` (target < ${c.target} s)` : ''}`,
      );
    });
    return { metrics, notes };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
