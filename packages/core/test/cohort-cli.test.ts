/**
 * `felles cohorts …` in-process on source. The command module is mounted on a bare commander
 * program here (the same global options as the real one) so the test does not depend on wiring.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explainCohortSql, type Workspace } from '../src/internal.js';
import { episode, newWorkspace, person } from './cohort-fixtures.js';
import { fellesInProcess, type CliRun } from '../../../test/felles-in-process.js';

// commander is a dependency of the CLI package, not of core: resolve it from there.

let dir: string;
let ws: Workspace | undefined;

beforeAll(async () => {
  ws = await newWorkspace('cli');
  dir = ws.dir;
  for (let i = 1; i <= 6; i++) {
    await person(ws.db, 'npr', `P${i}`, { birthYear: 1945 });
    await episode(ws.db, `P${i}`, '2024-03-01', 'I500', ['E119', 'J449', 'F001', 'R296']);
  }
  ws.close();
  ws = undefined;
});
afterAll(() => ws?.close());

function felles(...args: string[]): Promise<CliRun> {
  return fellesInProcess(dir, args, { quiet: true });
}

describe('felles cohorts', () => {
  it('list shows the 9 built-ins with id space and linkage', async () => {
    const r = await felles('--json', 'cohorts', 'list');
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as { id: string; id_space: string; linkage: string }[];
    expect(rows).toHaveLength(9);
    expect(rows.find((x) => x.id === 'dementia')).toMatchObject({
      id_space: 'linked',
      linkage: 'needed',
    });
    expect(rows.find((x) => x.id === 'charlson')).toMatchObject({ id_space: 'npr', linkage: 'no' });
  });

  it('show --sql prints deterministic SQL for every built-in, and DuckDB plans it', async () => {
    const ids = (
      JSON.parse((await felles('--json', 'cohorts', 'list')).stdout) as { id: string }[]
    ).map((x) => x.id);
    const { Workspace } = await import('../src/internal.js');
    const w = await Workspace.open(dir, { readOnly: true });
    try {
      for (const id of ids) {
        const a = await felles('cohorts', 'show', id, '--sql', '--year', '2024');
        const b = await felles('cohorts', 'show', id, '--sql', '--year', '2024');
        expect(a.code).toBe(0);
        expect(a.stdout).toBe(b.stdout);
        expect(a.stdout).toMatch(new RegExp(`^-- felles cohort ${id} `));
        // The code lists are not loaded in a fresh workspace; an empty codelist table is enough to plan.
        await explainCohortSql(w.db, a.stdout.replace(/^--.*\n/, '').replace(/;\s*$/, ''));
      }
    } finally {
      w.close();
    }
  });

  it('run prints counts per helsefellesskap with prevalence and the attrition table', async () => {
    const r = await felles(
      'cohorts',
      'run',
      '--year',
      '2024',
      '--id',
      'complex-multimorbidity,frail-elderly-hfrs,multimorbidity',
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'complex-multimorbidity 1.0.0 (npr ids; code lists: chronic-conditions)',
    );
    expect(r.stdout).toMatch(/complex-multimorbidity\s+2024\s+OSLO\s+Oslo\s+6/);
    expect(r.stdout).toMatch(
      /frail-elderly-hfrs\s+2024\s+2\s+HFRS ≥ 5 over 24 months of NPR diagnoses\s+6/,
    );
    expect(r.stdout).not.toContain('multimorbidity 1.0.0 (linked');
    const j = await felles(
      '--json',
      'cohorts',
      'run',
      '--year',
      '2024',
      '--id',
      'multimorbidity',
      '--id',
      'charlson',
    );
    const out = JSON.parse(j.stdout) as {
      skipped: { id: string }[];
      counts: { cohort_id: string }[];
      scores: { cohort_id: string; area_code: string; band: string; persons: number | null }[];
    };
    expect(out.skipped.map((s) => s.id)).toEqual(['multimorbidity']);
    // charlson is a score: its six people scored are a distribution over the bands, not counts
    expect(out.counts.filter((c) => c.cohort_id === 'charlson')).toEqual([]);
    expect(
      out.scores.find(
        (c) => c.cohort_id === 'charlson' && c.area_code === 'NO' && c.band === 'all',
      )!.persons,
    ).toBe(6);
  });

  it('overlap prints a matrix per helsefellesskap', async () => {
    await felles(
      'cohorts',
      'run',
      '--year',
      '2024',
      '--id',
      'complex-multimorbidity',
      '--id',
      'frail-elderly-hfrs',
    );
    const r = await felles('cohorts', 'overlap', '--year', '2024', '--hf', 'OSLO');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('OSLO: % of the row cohort also in the column cohort');
    expect(r.stdout).toMatch(/complex-multimorbidity\s+6\s+100 %\s+100 %/);
  });

  it('unknown cohort and bad options are usage errors', async () => {
    expect((await felles('cohorts', 'show', 'nope')).code).toBe(2);
    expect((await felles('cohorts', 'run', '--year', 'twenty')).code).toBe(2);
    expect((await felles('cohorts', 'run', '--param', 'dho-target.minGpContacts=x')).code).toBe(2);
  });
});
