import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Workspace } from '../src/internal.js';
// The CLI on source (vitest maps @felles/core to packages/core/src), run in-process.
import { fellesInProcess, type CliRun } from '../../../test/felles-in-process.js';

let dir: string;

beforeAll(async () => {
  dir = join(mkdtempSync(join(tmpdir(), 'felles-geo-cli-')), 'ws');
  (await Workspace.init(dir)).close();
});

function felles(...args: string[]): Promise<CliRun> {
  return fellesInProcess(dir, args);
}

describe('felles geo', () => {
  it('prints what a former code maps to and its history', async () => {
    const r = await felles('geo', '0104');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('0104 Moss — former municipality code');
    expect(r.stdout).toContain(
      'maps to         3103 Moss   [0104 → 3002 (2020 merge) → 3103 (2024 recode)]',
    );
    expect(r.stdout).toContain('helsefellesskap OSTFOLD Helsefellesskapet Østfold');
    expect(r.stdout).toContain('2024  recode  3002 Moss → 3103 Moss');
  });

  it('shows a split with weights and the primary successor, as JSON', async () => {
    const r = await felles('--json', 'geo', '1507');
    expect(r.code).toBe(0);
    const [d] = JSON.parse(r.stdout) as {
      mapsTo: { code: string; weight: number; isPrimary: boolean }[];
    }[];
    expect(d!.mapsTo.map((t) => [t.code, t.weight, t.isPrimary])).toEqual([
      ['1508', 0.5, true],
      ['1580', 0.5, false],
    ]);
  });

  it('lists the 19 helsefellesskap and a community’s municipalities', async () => {
    const list = await felles('--json', 'geo', '--list', 'hf');
    expect((JSON.parse(list.stdout) as unknown[]).length).toBe(19);
    const oslo = await felles('geo', 'lovisenberg diakonale sykehus');
    expect(oslo.code).toBe(0);
    expect(oslo.stdout).toContain('OSLO Helsefellesskapet Oslo — helsefellesskap');
    expect(oslo.stdout).toContain('municipalities  1: 0301 Oslo - Oslove');
    const tm = await felles('geo', 'TELEMARK');
    expect(tm.stdout).toContain('municipalities  17: 4001 Porsgrunn, 4003 Skien,');
  });

  it('exits 2 with UNKNOWN_AREA and suggestions for an unknown area', async () => {
    const r = await felles('geo', 'Telemrak');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown area "Telemrak"; did you mean .*TELEMARK/);
    const j = await felles('--json', 'geo', 'nowhere');
    expect(JSON.parse(j.stderr)).toMatchObject({ error: { code: 'UNKNOWN_AREA', kind: 'usage' } });
  });
});
