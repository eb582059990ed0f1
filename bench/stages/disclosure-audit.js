// Disclosure audit: the whole indicator catalogue for the last year with data (as the
// indicators stage), disclosed as ONE linked publication by `indicators run` itself — every
// table's cells with their canonical identity, the workspace geography and ledger, joint
// suppression and the LP audit (two passes: the second with the comparison figures). Reports the
// time of the two seal() calls (suppression + audit) against the rest of the run it protects.
// Target: the audit under 20 % of that run.
import { performance } from 'node:perf_hooks';
import { openWorkspace } from '../lib/workspace.js';

export const description =
  'disclosure: the indicator catalogue (last year) as one linked publication, suppressed and audited';

/** @param {import('../run.js').StageContext} ctx */
export async function run(ctx) {
  const { core, log } = ctx;
  const ws = await openWorkspace(ctx);
  try {
    const year = await core.latestDataYear(ws.db);
    log(`indicators for ${year}, disclosed as one linked publication (as indicators run does)`);
    const t0 = performance.now();
    const res = await core.runIndicators(ws, { years: [year], peers: 0 });
    const runSeconds = (performance.now() - t0) / 1000;
    const a = res.disclosure;
    const tables = res.indicators.flatMap((i) => (i.table ? [i.table] : []));
    const numbers = tables.reduce(
      (s, t) =>
        s +
        t.rows.length *
          t.columns.filter(
            (c) => c.role !== 'flag' && c.role !== 'dimension' && c.role !== 'attribute',
          ).length,
      0,
    );
    const auditSeconds = a.sealSeconds;
    const rest = runSeconds - auditSeconds;
    log(
      `audit: ${a.cellsPublished} cells, ${a.cellsAudited} hidden audited, ${a.lpSolves} LPs, ${a.rounds} rounds, ${auditSeconds.toFixed(1)} s of a ${runSeconds.toFixed(1)} s run`,
    );
    return {
      seconds: auditSeconds,
      metrics: [
        { name: 'year', value: year },
        { name: 'tables', value: tables.length },
        { name: 'numbers published', value: numbers },
        { name: 'count cells', value: a.cellsPublished },
        { name: 'hidden cells audited', value: a.cellsAudited },
        { name: 'primary', value: a.primaryCells },
        { name: 'secondary', value: a.secondaryCells },
        { name: 'unpublished cells checked', value: a.unpublishedChecked },
        { name: 'components', value: a.components },
        { name: 'components audited in parts', value: a.componentsInParts },
        { name: 'LP solves', value: a.lpSolves },
        { name: 'rounds', value: a.rounds },
        { name: 'last audit (s)', value: Math.round(a.ms) / 1000 },
        { name: 'indicator run without disclosure (s)', value: Math.round(rest * 10) / 10 },
        { name: 'audit / run', value: `${Math.round((auditSeconds / rest) * 100)} %` },
      ],
      notes: [
        `suppression + audit (both passes) ${auditSeconds.toFixed(1)} s against the indicator run it protects ${rest.toFixed(1)} s (target: under 20 %)`,
        ...a.notes.slice(0, 5),
      ],
    };
  } finally {
    ws.close();
  }
}
