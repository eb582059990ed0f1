// Generation benchmark: the synthetic-data generator (felles synth) at the run's scale, written
// as Parquet into the shared work folder (<workDir>/synth), so later stages can load realistic
// people instead of simple shapes. Reports persons, rows per file and rows per second; bench/run.js
// adds wall time and peak memory (DuckDB's memory is in-process). Scales: demo = 2 % of every
// municipality, 2020–2024; county = all of Vestfold, 2020–2024; national = everyone, 2024.
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

export const description =
  'generate synthetic Norway (people, NPR, KUHR, municipal, IPLOS, dental, key file, projection)';

/** @param {{ scale: 'demo'|'county'|'national', workDir: string, core: any, log: (m: string) => void }} ctx */
export async function run({ scale, workDir, core, log }) {
  const outDir = join(workDir, 'synth');
  const t0 = performance.now();
  const manifest = await core.generateSynthetic({
    outDir,
    scale,
    format: 'parquet',
    memoryLimit: scale === 'national' ? '6GB' : '4GB',
    progress: (e) =>
      e.message && log(`${((performance.now() - t0) / 1000).toFixed(1)} s ${e.message}`),
  });
  const seconds = (performance.now() - t0) / 1000;
  const rows = manifest.files.reduce(
    (s, f) => s + (f.role === 'projection' || f.role === 'projection-lite' ? 0 : f.rows),
    0,
  );
  const personYears = Object.values(manifest.residents).reduce((s, n) => s + n, 0);
  const byRole = Object.fromEntries(manifest.files.map((f) => [f.role, f.rows]));
  return {
    metrics: [
      { name: 'residents (last year)', value: Object.values(manifest.residents).at(-1) ?? 0 },
      { name: 'person-years', value: personYears },
      { name: 'npr episodes', value: byRole.npr ?? 0 },
      { name: 'kuhr bills', value: byRole.bills ?? 0 },
      { name: 'rows written', value: rows },
      { name: 'generation rate', value: Math.round(rows / seconds), unit: 'rows/s' },
      {
        name: 'person-year rate',
        value: Math.round(personYears / seconds),
        unit: 'person-years/s',
      },
    ],
    notes: [`files in ${outDir} (seed ${manifest.seed}, years ${manifest.years.join(', ')})`],
  };
}
