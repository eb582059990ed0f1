/**
 * The attack on projections the demo allowed: the series publishes yearly volumes
 * (Σ rate × population over age bands and sexes) for the base year and every projected year and
 * alternative, and SSB's population is public, so the volumes can be solved for the rates and
 * rate × person-years gives back the base-period events of every cell (the demo's Telemark lines;
 * long-stay users: 7 hidden cells, all 1). Built on the hand-worked projection fixture, with a
 * projected population that changes differently per cell from year to year (as SSB's does), so
 * that the system has full rank.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { project, type Db, type ProjectionResult } from '@felles/core';
import { BANDS, LINES, fixtureDb, scenario } from './projection-fixture.js';

let db: Db;

beforeAll(async () => {
  db = await fixtureDb();
  // every cell grows at its own (non-linear) pace, and differently in each alternative
  await db.exec(`UPDATE population_projection SET population = population *
    power(1 + (year - 2024) * 0.1, 1 + age_from / 40.0 + (sex = 'M')::INTEGER + 2 * (region_code = '3002')::INTEGER)
    * (CASE alternative WHEN 'LLML' THEN 1 + (year - 2024) * 0.05 * age_from / 30.0 ELSE 1 END)`);
});
afterAll(() => db?.close());

const band = (age: number) => BANDS.filter((b) => b <= age).length - 1;

/** The attacker's equations for H1: one row per published volume, one column per cell. */
async function equations(r: ProjectionResult) {
  const cells = [
    ...['F', 'M'].flatMap((s) => [0, 1, 2].map((b) => `3001|${s}|${b}`)),
    '3002|F|0',
    '3002|M|0',
  ];
  const col = new Map(cells.map((c, i) => [c, i]));
  const base = await db.all(
    `SELECT municipality_code AS m, sex, age, population FROM population WHERE year = 2023`,
  );
  const proj = await db.all(
    `SELECT alternative AS alt, year, region_code AS m, sex, age_from AS age, population FROM population_projection`,
  );
  const rowOf = (pop: Array<Record<string, unknown>>) => {
    const a = new Array<number>(cells.length).fill(0);
    for (const p of pop) {
      const j = col.get(`${String(p['m'])}|${String(p['sex'])}|${band(Number(p['age']))}`);
      if (j !== undefined) a[j]! += Number(p['population']);
    }
    return a;
  };
  const A: number[][] = [];
  const y: number[] = [];
  const line = r.series.filter((s) => s.area_code === 'H1' && s.line_id === 'h.stays');
  const first = line.find((s) => s.year === 2023) ?? line[0]!;
  A.push(rowOf(base));
  y.push(first.base);
  for (const s of line.filter((x) => x.year > 2023)) {
    A.push(rowOf(proj.filter((p) => p['alt'] === s.alternative && p['year'] === s.year)));
    y.push(s.demography);
  }
  const py = rowOf(base); // person-years of the base year (one base year)
  return { cells, A, y, py };
}

/** Rank of a matrix (Gaussian elimination with partial pivoting, relative tolerance). */
function rank(M: number[][]): number {
  const a = M.map((r) => [...r]);
  const scale = Math.max(1, ...a.flat().map(Math.abs));
  let rk = 0;
  for (let c = 0; c < (a[0]?.length ?? 0) && rk < a.length; c++) {
    let p = rk;
    for (let i = rk + 1; i < a.length; i++) if (Math.abs(a[i]![c]!) > Math.abs(a[p]![c]!)) p = i;
    if (Math.abs(a[p]![c]!) < 1e-9 * scale) continue;
    [a[rk], a[p]] = [a[p]!, a[rk]!];
    for (let i = 0; i < a.length; i++) {
      if (i === rk) continue;
      const f = a[i]![c]! / a[rk]![c]!;
      for (let k = c; k < a[i]!.length; k++) a[i]![k]! -= f * a[rk]![k]!;
    }
    rk++;
  }
  return rk;
}

/** Least-squares solution of A x = y (normal equations; A has full column rank here). */
function solve(A: number[][], y: number[]): number[] {
  const n = A[0]!.length;
  const N = Array.from({ length: n }, (_, i) =>
    Array.from({ length: n + 1 }, (_, j) =>
      j < n
        ? A.reduce((s, r) => s + r[i]! * r[j]!, 0)
        : A.reduce((s, r, k) => s + r[i]! * y[k]!, 0),
    ),
  );
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let i = c + 1; i < n; i++) if (Math.abs(N[i]![c]!) > Math.abs(N[p]![c]!)) p = i;
    [N[c], N[p]] = [N[p]!, N[c]!];
    for (let i = 0; i < n; i++) {
      if (i === c) continue;
      const f = N[i]![c]! / N[c]![c]!;
      for (let k = c; k <= n; k++) N[i]![k]! -= f * N[c]![k]!;
    }
  }
  return N.map((r, i) => r[n]! / r[i]!);
}

/** Cells whose events can be worked out from the volumes alone (e_c in the row space of A). */
function recovered(e: Awaited<ReturnType<typeof equations>>): Map<string, number> {
  const out = new Map<string, number>();
  const rk = rank(e.A);
  const full = rk === e.cells.length ? solve(e.A, e.y) : null;
  e.cells.forEach((c, j) => {
    const unit = e.cells.map((_, k) => (k === j ? 1 : 0));
    if (rank([...e.A, unit]) !== rk) return; // not determined
    // determined: any solution gives it; with full rank the least-squares one is exact
    if (full) out.set(c, Math.round(full[j]! * e.py[j]! * 1e3) / 1e3);
    else out.set(c, NaN);
  });
  return out;
}

/** The true base events of H1's cells (projection-fixture.ts). */
const TRUTH: Record<string, number> = {
  '3001|F|0': 10,
  '3001|F|1': 25,
  '3001|F|2': 20,
  '3001|M|0': 8,
  '3001|M|1': 30,
  '3001|M|2': 15,
  '3002|F|0': 4,
  '3002|M|0': 1,
};

describe('projection volumes solved for the rates', () => {
  const run = (threshold: number) =>
    project(
      { db },
      {
        serviceLines: [LINES[0]!],
        scenario: scenario([]),
        areas: ['H1'],
        alternatives: ['MMMM', 'LLML'],
        disclosureThreshold: threshold,
      },
    );

  it('give back every base cell when rates come from the raw cells (the attack works)', async () => {
    const got = recovered(await equations(await run(0)));
    expect(Object.fromEntries(got)).toEqual(TRUTH); // 3002: 4 women and 1 man, exactly
  });

  it('give back no true count from 1 to 4 when rates come from collapsed cells', async () => {
    const got = recovered(await equations(await run(4)));
    // 3001's cells all have more than 4 events and come back as they are; 3002's women and men
    // share the pooled rate of 3002 and 4601 (9 stays / 600 person-years), so what comes back
    // for them is that rate × their person-years (3 and 3), not their stays (4 and 1)
    for (const c of Object.keys(TRUTH).filter((k) => k.startsWith('3001')))
      expect([c, got.get(c)]).toEqual([c, TRUTH[c]]);
    expect(got.get('3002|F|0')).toBeCloseTo(3, 6);
    expect(got.get('3002|M|0')).toBeCloseTo(3, 6);
    for (const [c, v] of Object.entries(TRUTH))
      if (v >= 1 && v <= 4) expect([c, got.get(c)]).not.toEqual([c, v]);
  });
});
