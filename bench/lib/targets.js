// Issue 10's targets (national, 1 year, on a 2-core, 24 GB machine) and their evaluation.
import { DETERMINISTIC } from './projection.js';

export const TARGET_SCOPE = 'national, 1 year, 2-core 24 GB machine';
export const MAX_FLOOR_MULTIPLE = 5;
export const MAX_PEAK_MB = 12 * 1024;

/** Stage-specific time targets (one, or several for a stage with several timed metrics). */
export const TIME_TARGETS = {
  'ingest-parquet': { label: '≤ 3 min', seconds: 180 },
  cohorts: { label: '≤ 1 min', seconds: 60 },
  indicators: { label: '≤ 1 min', seconds: 60 },
  projections: { label: 'deterministic ≤ 30 s', seconds: 30, metric: DETERMINISTIC },
  startup: [
    { label: '--version < 0.3 s', seconds: 0.3, metric: 'felles --version (median wall)' },
    { label: '--help < 0.3 s', seconds: 0.3, metric: 'felles --help (median wall)' },
    { label: 'sql < 0.6 s', seconds: 0.6, metric: 'felles sql "SELECT 1" (median wall)' },
  ],
};

/**
 * Targets of one stage result: its time target (if any), peak memory ≤ 12 GB and (for stages
 * with a floor) ≤ 5× floor. A stage that failed, or was reused, says so.
 */
export function stageTargets(r) {
  const out = [];
  for (const t of [TIME_TARGETS[r.stage] ?? []].flat()) {
    const v = t.metric ? r.metrics?.find((m) => m.name === t.metric)?.value : r.seconds;
    out.push({
      target: t.label,
      value: v,
      unit: 's',
      met: r.ok && v !== undefined ? v <= t.seconds : false,
    });
  }
  if (r.peakRssMB !== undefined && !r.reused)
    out.push({
      target: 'peak ≤ 12 GB',
      value: r.peakRssMB,
      unit: 'MB',
      met: r.peakRssMB <= MAX_PEAK_MB,
    });
  if (r.xFloor !== undefined)
    out.push({
      target: `≤ ${MAX_FLOOR_MULTIPLE}× floor`,
      value: r.xFloor,
      unit: '× floor',
      met: r.ok && r.xFloor <= MAX_FLOOR_MULTIPLE,
    });
  if (!r.ok) out.push({ target: 'completes', value: 0, unit: '', met: false });
  return out;
}

/** Whole-run targets: peak memory throughout; with ≥ 3 national years, running to the end. */
export function runTargets(results, { scale, years }) {
  const ran = results.filter((r) => !r.reused && r.peakRssMB !== undefined);
  const peak = Math.max(0, ...ran.map((r) => r.peakRssMB));
  const out = [
    {
      target: 'peak resident memory ≤ 12 GB throughout',
      value: peak,
      unit: 'MB',
      met: peak <= MAX_PEAK_MB,
    },
  ];
  const everyFloor = results.filter((r) => r.xFloor !== undefined);
  if (everyFloor.length)
    out.push({
      target: `every stage within ${MAX_FLOOR_MULTIPLE}× its scan floor`,
      value: Math.max(0, ...everyFloor.map((r) => r.xFloor)),
      unit: '× floor (worst)',
      met: everyFloor.length > 0 && everyFloor.every((r) => r.ok && r.xFloor <= MAX_FLOOR_MULTIPLE),
    });
  if (scale === 'national' && years.length >= 3)
    out.push({
      target: `${years.length} national years run to the end without running out of memory`,
      value: results.filter((r) => r.ok).length,
      unit: `of ${results.length} stages completed`,
      met: results.every((r) => r.ok),
    });
  return out;
}
