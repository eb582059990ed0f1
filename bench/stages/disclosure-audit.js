// Disclosure audit: the whole indicator catalogue for the last year with data (as the
// indicators stage), disclosed as ONE linked publication by DisclosureRun — every table's cells
// with their canonical identity, the workspace geography, joint suppression and the LP audit.
// Reports the time of seal() (suppression + audit) against the indicator run it protects.
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
    log(`indicators for ${year} (every count, to disclose them together)`);
    const t0 = performance.now();
    // threshold 0 on the one-table path: the tables come back with every count, as computed
    const res = await core.runIndicators(ws, { years: [year], peers: 0, threshold: 0 });
    const runSeconds = (performance.now() - t0) / 1000;
    const tables = res.indicators.flatMap((i) => (i.table ? [i.table] : []));
    const t1 = performance.now();
    const pub = new core.DisclosureRun({
      workspace: ws,
      threshold: 4,
      geography: await core.areaHierarchy(ws.db, ws.config.structureYear),
    });
    let numbers = 0;
    for (const t of tables) {
      const rows = t.rows.map((r) => {
        const o = { ...r };
        delete o.suppressed;
        delete o.suppression_reason;
        return o;
      });
      const id = `${t.metadata.definitions?.[0]?.id ?? t.name}@${t.metadata.definitions?.[0]?.version ?? ''}`;
      const schema = {
        ...JSON.parse(JSON.stringify(t.schema)),
        cells: {
          measures: Object.fromEntries(t.schema.counts.map((c) => [c, `ind:${id}/${c}`])),
          coordinates: { year: 'period', area_id: 'area' },
        },
      };
      numbers +=
        rows.length *
        t.columns.filter(
          (c) => c.role !== 'flag' && c.role !== 'dimension' && c.role !== 'attribute',
        ).length;
      await pub.add(rows, schema);
    }
    const sealed = await pub.seal();
    const auditSeconds = (performance.now() - t1) / 1000;
    const a = sealed.audit;
    log(
      `audit: ${a.cellsPublished} cells, ${a.cellsAudited} hidden audited, ${a.lpSolves} LPs, ${a.rounds} rounds, ${auditSeconds.toFixed(1)} s`,
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
        { name: 'indicator run (s)', value: Math.round(runSeconds * 10) / 10 },
        { name: 'audit / run', value: `${Math.round((auditSeconds / runSeconds) * 100)} %` },
      ],
      notes: [
        `suppression + audit ${auditSeconds.toFixed(1)} s against the indicator run ${runSeconds.toFixed(1)} s (target: under 20 %)`,
        ...a.notes.slice(0, 5),
      ],
    };
  } finally {
    ws.close();
  }
}
