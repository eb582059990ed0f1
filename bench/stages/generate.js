// Generation benchmark: the synthetic-data generator (felles synth) at the run's scale and years,
// written as Parquet into <workDir>/synth for the later stages. Reports persons, rows per file and
// rows per second; bench/run.js adds wall time and peak memory. Scales: demo = 2 % of every
// municipality, 2020–2024; county = all of Vestfold, 2020–2024; national = everyone, 2024;
// `--years N` = the N years ending 2024. An existing data set in the work folder whose manifest
// (synth/synth.json) matches scale, years and seed is reused instead (see bench/README.md).
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { mismatch, readManifest, synthDir } from '../lib/synth.js';

export const description =
  'generate synthetic Norway (people, NPR, KUHR, municipal, IPLOS, dental, key file, projection)';

const RESULT = 'generate-result.json';

/** @param {import('../run.js').StageContext} ctx */
export async function run(ctx) {
  const { scale, workDir, core, log } = ctx;
  const years = ctx.years ?? core.resolveSynthOptions({ outDir: '.', scale }).years;
  const seed = ctx.seed ?? core.DEFAULT_SEED;
  const outDir = synthDir(workDir);
  const existing = readManifest(workDir);
  const why = mismatch(existing, { scale, years, seed, workDir });
  if (existing && !why) {
    log(
      `reusing the data set in ${outDir} (manifest matches scale ${scale}, years ${years.join(', ')}, seed ${seed}); not generating`,
    );
    const earlier = earlierResult(workDir);
    return {
      reused: true,
      ...(earlier ? { earlier } : {}),
      metrics: summary(existing),
      notes: [
        `reused ${outDir} (synth.json: scale ${scale}, years ${years.join(', ')}, seed ${seed}); generation not timed in this run`,
        earlier
          ? `earlier generation of this set: ${earlier.seconds.toFixed(0)} s, peak RSS ${Math.round(earlier.peakRssMB)} MB (${earlier.from})`
          : 'no earlier timing of this generation found in the work folder',
      ],
    };
  }
  if (existing)
    throw new Error(
      `${outDir} holds a different data set (${why}); not overwriting it — use another --work-dir, or delete ${outDir} first`,
    );
  const t0 = performance.now();
  const manifest = await core.generateSynthetic({
    outDir,
    scale,
    years,
    seed,
    format: 'parquet',
    memoryLimit: ctx.memoryLimit ?? (scale === 'national' ? '6GB' : '4GB'),
    progress: (e) =>
      e.message && log(`${((performance.now() - t0) / 1000).toFixed(1)} s ${e.message}`),
  });
  const seconds = (performance.now() - t0) / 1000;
  const metrics = summary(manifest);
  const rows = metrics.find((m) => m.name === 'rows written').value;
  metrics.push(
    { name: 'generation rate', value: Math.round(rows / seconds), unit: 'rows/s' },
    {
      name: 'person-year rate',
      value: Math.round(metrics.find((m) => m.name === 'person-years').value / seconds),
      unit: 'person-years/s',
    },
  );
  const peakRssMB = process.resourceUsage().maxRSS / 1024;
  writeFileSync(
    join(workDir, RESULT),
    `${JSON.stringify({ seconds, peakRssMB, date: new Date().toISOString(), scale, years, seed }, null, 2)}\n`,
  );
  return {
    seconds,
    rows,
    metrics,
    notes: [`files in ${outDir} (seed ${manifest.seed}, years ${manifest.years.join(', ')})`],
  };
}

function summary(manifest) {
  const rows = manifest.files.reduce(
    (s, f) => s + (f.role === 'projection' || f.role === 'projection-lite' ? 0 : f.rows),
    0,
  );
  const byRole = Object.fromEntries(manifest.files.map((f) => [f.role, f.rows]));
  return [
    { name: 'residents (last year)', value: Object.values(manifest.residents).at(-1) ?? 0 },
    { name: 'person-years', value: Object.values(manifest.residents).reduce((s, n) => s + n, 0) },
    { name: 'npr episodes', value: byRole.npr ?? 0 },
    { name: 'kuhr bills', value: byRole.bills ?? 0 },
    { name: 'rows written', value: rows },
  ];
}

/**
 * The timing of the generation that made a reused set: <workDir>/generate-result.json (written
 * by this stage), else a `@@bench-result` line of a generate child in a *.out file of the work
 * folder (`node bench/run.js --child generate … > <workDir>/gen.out`).
 */
function earlierResult(workDir) {
  const f = join(workDir, RESULT);
  if (existsSync(f)) {
    try {
      return { ...JSON.parse(readFileSync(f, 'utf8')), from: RESULT };
    } catch {
      /* fall through */
    }
  }
  for (const name of readdirSync(workDir).filter((n) => n.endsWith('.out'))) {
    const line = readFileSync(join(workDir, name), 'utf8')
      .split('\n')
      .find((l) => l.startsWith('@@bench-result {"stage":"generate"'));
    if (line) {
      const r = JSON.parse(line.slice('@@bench-result '.length));
      return { seconds: r.seconds, peakRssMB: r.peakRssMB, from: name };
    }
  }
  return null;
}
