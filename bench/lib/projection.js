// Projections as `felles project --hf all --to 2040` does them: all 19 helsefellesskap, every
// alternative loaded (MMMM, LLML, HHMH), deterministic, then `--runs 1000 --seed 1` (Monte
// Carlo), each followed by disclosure control as the CLI prints it. FELLES_BENCH_MC_RUNS overrides
// the number of runs.
import { performance } from 'node:perf_hooks';
import { profileNotes, profiled } from './workspace.js';

export const DETERMINISTIC = 'deterministic, all 19 to 2040';

export async function projectAll(ctx, ws) {
  const { core, log } = ctx;
  const runs = Number(process.env.FELLES_BENCH_MC_RUNS ?? 1000);
  const once = async (extra) => {
    const result = await core.project(ws, {
      areas: 'all',
      horizon: 2040,
      disclosureThreshold: ws.config.disclosure.threshold,
      ...extra,
    });
    await core.discloseProjection(result, { workspace: ws });
    return result;
  };
  let t0 = performance.now();
  const det = await profiled(ws, () => once({}));
  const detSeconds = (performance.now() - t0) / 1000;
  log(`deterministic: ${detSeconds.toFixed(1)} s`);
  t0 = performance.now();
  const mc = await profiled(ws, () => once({ runs, seed: 1 }));
  const mcSeconds = (performance.now() - t0) / 1000;
  log(`Monte Carlo (${runs} runs): ${mcSeconds.toFixed(1)} s`);
  const series = det.result.series;
  const alternatives = [...new Set(series.map((r) => r.alternative))].sort();
  return {
    seconds: detSeconds + mcSeconds,
    metrics: [
      { name: DETERMINISTIC, value: detSeconds, unit: 's' },
      { name: `Monte Carlo, ${runs} runs`, value: mcSeconds, unit: 's' },
      { name: 'areas', value: new Set(series.map((r) => r.area_code)).size },
      { name: 'alternatives', value: alternatives.length },
    ],
    notes: [
      `alternatives: ${alternatives.join(', ')}; service lines: ${new Set(series.map((r) => r.line_id)).size}`,
      ...det.result.warnings.map((w) => `warning: ${w.message}`),
      ...profileNotes([...det.slowest, ...mc.slowest].sort((a, b) => b.ms - a.ms).slice(0, 10)),
    ],
  };
}
