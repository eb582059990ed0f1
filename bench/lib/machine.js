// What machine a result is from: CPU, cores, memory, OS, Node, DuckDB, disk free, load, commit.
import { execFileSync } from 'node:child_process';
import { statfsSync } from 'node:fs';
import {
  arch,
  availableParallelism,
  cpus,
  loadavg,
  platform,
  release,
  totalmem,
  type,
} from 'node:os';

export async function describeMachine(core, workDir, repoDir) {
  let duckdb = 'unknown';
  try {
    const db = await core.Db.open(':memory:');
    duckdb = String(await db.value('SELECT version()'));
    db.close();
  } catch {
    /* keep unknown */
  }
  let diskFreeGB;
  try {
    const s = statfsSync(workDir);
    diskFreeGB = Math.round((s.bavail * s.bsize) / 1e8) / 10;
  } catch {
    /* not available */
  }
  const git = (...a) => {
    try {
      return execFileSync('git', ['-C', repoDir, ...a], { encoding: 'utf8' }).trim();
    } catch {
      return undefined;
    }
  };
  const d = core.machineDuckdbDefaults();
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: availableParallelism(),
    memoryGB: Math.round((totalmem() / 1073741824) * 10) / 10,
    os: `${type()} ${release()} (${platform()}-${arch()})`,
    node: process.version,
    duckdb,
    diskFreeGB,
    workDir,
    loadAverageAtStart: loadavg().map((x) => Math.round(x * 100) / 100),
    duckdbDefaults: d,
    commit: git('rev-parse', '--short', 'HEAD'),
    uncommittedChanges: (git('status', '--porcelain', '--untracked-files=no') ?? '') !== '',
  };
}
