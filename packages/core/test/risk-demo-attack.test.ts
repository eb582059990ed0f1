/**
 * The independent attacker over everything `felles risk` publishes on a full demo workspace: the
 * files it writes, read back as a reader would, and the JSON it prints. Opt-in (it runs the risk
 * model on every resident of the demo, minutes on two cores): `FELLES_RISK_DEMO=<folder>` names a
 * COPY of a demo workspace made by `felles demo` (the run writes tables and a run record into it).
 * Trains on 2022 → 2023, validates on 2023 → 2024 and scores 2024, at municipality level.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { areaHierarchy, bandLabels, loadRiskModel, Workspace } from '../src/internal.js';
import { ALL, attack, type AttackTable, type Hierarchy } from './attacker/attacker.js';
import { readOutputFile, type PublishedTable } from './published/read-outputs.js';
import { fellesInProcess } from '../../../test/felles-in-process.js';

const demo = process.env['FELLES_RISK_DEMO'];

/** The attacker's view of the risk tables: counts with their coordinates and known totals. */
function riskAttackTables(tables: readonly PublishedTable[]): AttackTable[] {
  const of = (name: string) => tables.filter((t) => t.name === name).flatMap((t) => t.rows);
  return [
    {
      rows: of('risk_counts'),
      measures: { persons: 'persons' },
      coordinates: {
        area: 'area',
        risk_band: 'risk_band',
        priority_group: 'group',
        year: 'period',
      },
      totals: { area: 'NO', risk_band: 'all' },
    },
    {
      rows: of('risk_calibration'),
      measures: { persons: 'cal_p', observed: 'cal_o' },
      coordinates: { model: 'model', risk_decile: 'decile' },
    },
    {
      rows: of('risk_coefficients'),
      measures: { persons: 'coef_p', events: 'coef_e' },
      coordinates: { model: 'model', term: 'term' },
    },
  ];
}

describe.runIf(demo)('felles risk on the demo workspace', () => {
  it('validates 2023 → 2024 better than age and sex, and the attacker finds nothing', async () => {
    const dir = demo!;
    const out = join(dir, 'out', `risk-attack-${process.pid}`);
    const r = await fellesInProcess(
      dir,
      [
        '--json',
        'risk',
        '--train-year',
        '2022',
        '--validation-year',
        '2023',
        '--score-year',
        '2024',
        '--level',
        'municipality',
        '--format',
        'json',
        '--out',
        out,
      ],
      { quiet: true },
    );
    expect(r.code, r.stderr).toBe(0);
    const printed = JSON.parse(r.stdout) as {
      tables: Record<string, Array<Record<string, string | number | null>>>;
    };
    const perf = printed.tables['risk_performance']!;
    const model = perf.find((x) => x['model'] === 'model')!;
    const base = perf.find((x) => x['model'] === 'age-sex baseline')!;
    console.log(JSON.stringify({ model, base }));
    expect(Number(model['auroc'])).toBeGreaterThan(Number(base['auroc']));
    expect(Number(model['calibration_slope'])).toBeGreaterThan(0.8);
    expect(Number(model['calibration_slope'])).toBeLessThan(1.2);

    const files: PublishedTable[] = [];
    for (const f of readdirSync(out)) files.push(...(await readOutputFile(join(out, f))));
    expect(new Set(files.map((t) => t.name))).toEqual(
      new Set(['risk_counts', 'risk_coefficients', 'risk_performance', 'risk_calibration']),
    );
    const fromStdout: PublishedTable[] = Object.entries(printed.tables).map(([name, rows]) => ({
      name,
      rows,
      from: 'stdout',
    }));

    const ws = await Workspace.open(dir, { readOnly: true });
    let hierarchies: Hierarchy[];
    try {
      const geo = await areaHierarchy(ws.db, ws.config.structureYear);
      const model = await loadRiskModel();
      hierarchies = [
        ...geo.decompositions
          .filter((d) => d.parent !== 'NO')
          .map((d) => ({
            coordinate: 'area',
            parent: d.parent === '*' ? ALL : d.parent,
            children: d.children,
          })),
        { coordinate: 'risk_band', parent: ALL, children: bandLabels(model.bands) },
      ];
    } finally {
      ws.close();
    }
    const tables = [...riskAttackTables(files), ...riskAttackTables(fromStdout)];
    const cells = tables.reduce((s, t) => s + t.rows.length, 0);
    const found = attack(tables, { threshold: 4, hierarchies });
    console.log(JSON.stringify({ files: readdirSync(out), cells, found: found.length }));
    expect(found).toEqual([]);
  }, 3_600_000);
});
