import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  builtinScenario,
  builtinScenarioIds,
  builtinServiceLines,
  effectAt,
  loadScenario,
  makeAgeBands,
  matchesPattern,
  phase,
  quantileSorted,
  Random,
  validateScenario,
} from '../src/internal.js';

describe('scenario files', () => {
  it('ships a baseline and an example of each factor type, all valid', () => {
    const ids = builtinScenarioIds();
    expect(ids).toContain('baseline');
    const types = new Set(ids.flatMap((id) => builtinScenario(id).factors.map((f) => f.type)));
    expect([...types].sort()).toEqual([
      'care_shift',
      'efficiency',
      'healthy_ageing',
      'los_reduction',
      'task_transfer',
      'trend',
    ]);
    expect(builtinScenario('baseline').factors).toEqual([]);
  });

  it('every factor of the examples names built-in service lines', () => {
    const lines = builtinServiceLines().map((d) => d.id);
    for (const id of builtinScenarioIds()) {
      for (const f of builtinScenario(id).factors) {
        const names = [
          ...(f.lines ?? []),
          ...(f.from ? [f.from] : []),
          ...(f.to ? [f.to] : []),
          ...(f.companions ?? []),
        ];
        for (const n of names)
          expect(
            lines.some((l) => matchesPattern(l, n)),
            `${id}: ${n}`,
          ).toBe(true);
      }
    }
  });

  const base = { id: 's', version: '1', title: 't' };
  const f = { id: 'f', type: 'trend', lines: ['a'], start: 2024, target: 2030 };
  it('rejects files that break the schema or its rules, naming the problem', () => {
    expect(() => validateScenario({ ...base })).toThrow(/factors/);
    expect(() => validateScenario({ ...base, factors: [{ ...f }] })).toThrow(/schema/); // neither value nor interval
    expect(() =>
      validateScenario({ ...base, factors: [{ ...f, value: 1, interval: [0, 2] }] }),
    ).toThrow(/schema/);
    expect(() =>
      validateScenario({ ...base, factors: [{ ...f, type: 'magic', value: 1 }] }),
    ).toThrow(/schema/);
    expect(() =>
      validateScenario({ ...base, factors: [{ ...f, value: 1, target: 2020 }] }),
    ).toThrow(/before start year/);
    expect(() => validateScenario({ ...base, factors: [{ ...f, interval: [3, 1] }] })).toThrow(
      /above high/,
    );
    expect(() =>
      validateScenario({
        ...base,
        factors: [
          { id: 'x', type: 'task_transfer', start: 2024, target: 2030, value: 5, lines: ['a'] },
        ],
      }),
    ).toThrow(/schema/);
    expect(() =>
      validateScenario({
        ...base,
        factors: [
          {
            id: 'x',
            type: 'task_transfer',
            from: 'a',
            to: 'b',
            start: 2024,
            target: 2030,
            value: 120,
          },
        ],
      }),
    ).toThrow(/outside/);
    expect(() => validateScenario({ ...base, horizon: 2060, factors: [] })).toThrow(/schema/);
    expect(validateScenario({ ...base, factors: [{ ...f, value: 1 }] }).factors).toHaveLength(1);
  });

  it('reads a scenario file and reports bad JSON with the file name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'felles-sc-'));
    writeFileSync(join(dir, 'ok.json'), JSON.stringify({ ...base, factors: [] }));
    writeFileSync(join(dir, 'bad.json'), '{ nope');
    expect(loadScenario(join(dir, 'ok.json')).id).toBe('s');
    expect(() => loadScenario(join(dir, 'bad.json'))).toThrow(/bad\.json/);
  });
});

describe('building blocks', () => {
  it('phase-in is linear between start and target and flat outside', () => {
    expect([2023, 2024, 2026, 2028, 2035].map((y) => phase(y, 2024, 2028))).toEqual([
      0, 0, 0.5, 1, 1,
    ]);
    expect([2029, 2030].map((y) => phase(y, 2030, 2030))).toEqual([0, 1]);
    expect(
      effectAt(
        { type: 'los_reduction', value: 10, start: 2024, target: 2034, realisation: 0.5 },
        2029,
      ),
    ).toBeCloseTo(0.025, 15);
  });

  it('age bands: 0–4 … 85–89, 90+ by default; midpoints and labels', () => {
    const b = makeAgeBands();
    expect(b).toHaveLength(19);
    expect(b[18]).toMatchObject({ from: 90, to: null, label: '90+' });
    expect(() => makeAgeBands([5, 10])).toThrow(/start at 0/);
    expect(() => makeAgeBands([0, 10, 10])).toThrow(/increase/);
  });

  it('seeded random numbers: reproducible; Poisson and normal have the right moments', () => {
    const a = new Random(5);
    const b = new Random(5);
    expect([a.uniform(), a.normal(), a.poisson(3), a.poisson(250)]).toEqual([
      b.uniform(),
      b.normal(),
      b.poisson(3),
      b.poisson(250),
    ]);
    const r = new Random(11);
    for (const lambda of [0.5, 4, 30, 1000]) {
      const n = 20000;
      let s = 0;
      let s2 = 0;
      for (let i = 0; i < n; i++) {
        const x = r.poisson(lambda);
        s += x;
        s2 += x * x;
      }
      const mean = s / n;
      const variance = s2 / n - mean * mean;
      expect(Math.abs(mean - lambda)).toBeLessThan(5 * Math.sqrt(lambda / n));
      expect(variance / lambda).toBeGreaterThan(0.93);
      expect(variance / lambda).toBeLessThan(1.07);
    }
    const z = Array.from({ length: 20000 }, () => r.normal()).sort((x, y) => x - y);
    expect(quantileSorted(z, 0.9)).toBeCloseTo(1.2816, 1);
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
  });
});

describe('computeTotals', () => {
  it('equals the cell volumes summed, with every factor type and a rate scale', async () => {
    const { computeVolumes, computeTotals, bindFactors } =
      await import('../src/engines/projection/index.js');
    const bands = makeAgeBands([0, 50, 80]);
    const lines = ['a', 'b', 'c'];
    const years = [2024, 2025, 2026];
    const cells = 6;
    const fill = (k: number) =>
      lines.map((_, l) =>
        Float64Array.from({ length: years.length * cells }, (_, i) => k + l * 7 + i * 1.5),
      );
    const block = {
      lines,
      years,
      bands,
      cells,
      demo: fill(10),
      prev: fill(4),
      base: lines.map(() => new Float64Array(cells)),
    };
    const factors = bindFactors(
      [
        { id: 't', type: 'trend', lines: ['a'], start: 2024, target: 2026, value: 3 },
        {
          id: 'h',
          type: 'healthy_ageing',
          lines: ['a', 'b'],
          fromAge: 50,
          start: 2024,
          target: 2026,
          value: 4,
        },
        {
          id: 'x',
          type: 'task_transfer',
          from: 'a',
          to: 'c',
          start: 2024,
          target: 2025,
          value: 30,
        },
        {
          id: 's',
          type: 'care_shift',
          from: 'b',
          to: 'c',
          companions: ['a'],
          start: 2024,
          target: 2026,
          value: 20,
        },
        { id: 'l', type: 'los_reduction', lines: ['b'], start: 2024, target: 2026, value: 10 },
      ],
      lines,
      bands,
    );
    const scale = lines.map((_, l) =>
      Float64Array.from({ length: cells }, (_, c) => 0.9 + 0.03 * (c + l)),
    );
    const cellsV = computeVolumes(block, factors, scale);
    const tot = computeTotals(block, factors, scale);
    lines.forEach((_, l) =>
      years.forEach((_, yi) => {
        let s = 0;
        for (let c = 0; c < cells; c++) s += cellsV[l]![yi * cells + c]!;
        expect(tot[l]![yi]).toBeCloseTo(s, 9);
      }),
    );
  });
});
