import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BACKGROUND_ICD10,
  Db,
  generateSynthetic,
  resolveSynthOptions,
  UsageError,
  type SynthManifest,
} from '../src/internal.js';

const root = mkdtempSync(join(tmpdir(), 'felles-synth-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const sha = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');
/** A small, fast population: 0.3 % of every municipality, two years. */
const small = (outDir: string, seed = 7) =>
  generateSynthetic({ outDir, fraction: 0.003, years: [2023, 2024], seed, format: 'csv' });

describe('synth: options', () => {
  it('fills in the demo defaults', () => {
    const o = resolveSynthOptions({ outDir: 'x' });
    expect(o).toMatchObject({
      scale: 'demo',
      fraction: 0.02,
      years: [2020, 2021, 2022, 2023, 2024],
      format: 'csv',
      counties: null,
    });
    expect(resolveSynthOptions({ outDir: 'x', scale: 'county' })).toMatchObject({
      fraction: 1,
      counties: ['39'],
    });
    expect(resolveSynthOptions({ outDir: 'x', scale: 'national' }).years).toEqual([2024]);
  });
  it('refuses impossible options', () => {
    expect(() => resolveSynthOptions({ outDir: 'x', years: [2019] })).toThrow(UsageError);
    expect(() => resolveSynthOptions({ outDir: 'x', years: [2021, 2023] })).toThrow(/consecutive/);
    expect(() => resolveSynthOptions({ outDir: 'x', fraction: 0 })).toThrow(/fraction/);
    expect(() => resolveSynthOptions({ outDir: 'x', scale: 'galaxy' as never })).toThrow(/scale/);
    expect(() => resolveSynthOptions({ outDir: 'x', counties: ['3'] })).toThrow(/2 digits/);
  });
});

describe('synth: background diagnoses', () => {
  it('never uses a code on the chronic-condition list (so cohorts count only planted conditions)', () => {
    const list = readFileSync(
      new URL('../definitions/codelists/chronic-conditions.csv', import.meta.url),
      'utf8',
    )
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','))
      .filter((f) => f[0] === 'icd10' && f[6] !== 'true');
    expect(list.length).toBeGreaterThan(100);
    const hits = Object.values(BACKGROUND_ICD10)
      .flat()
      .filter((code) =>
        list.some(([, c, match]) => (match === 'exact' ? code === c : code.startsWith(c!))),
      );
    expect(hits).toEqual([]);
    // The codes replaced when the cohort and the generator disagreed.
    expect(Object.values(BACKGROUND_ICD10).flat()).not.toContain('H251');
  });
});

describe('synth: small population', () => {
  let a: SynthManifest;
  const dirA = join(root, 'a');
  beforeAll(async () => {
    a = await small(dirA);
  }, 300_000);

  it('is byte-identical for the same seed and differs for another seed', async () => {
    const b = await small(join(root, 'b'));
    expect(b.files.map((f) => f.file)).toEqual(a.files.map((f) => f.file));
    for (const f of a.files)
      expect(sha(join(root, 'b', f.file)), f.file).toBe(sha(join(dirA, f.file)));
    await small(join(root, 'c'), 8);
    expect(sha(join(root, 'c', 'npr.csv'))).not.toBe(sha(join(dirA, 'npr.csv')));
  }, 300_000);

  it('writes the native column names of docs/extract-formats.md', () => {
    const header = (f: string) =>
      readFileSync(join(dirA, f), 'utf8').split('\n')[0]!.trim().split(';');
    expect(header('npr.csv')).toEqual(
      expect.arrayContaining([
        'lopenr',
        'kjonn',
        'fodselsar',
        'komnrhjem2',
        'bydel2',
        'aar',
        'inndato',
        'inntid',
        'utdato',
        'uttid',
        'omsorgsniva',
        'innmateHast',
        'kontakttype',
        'tilstand_1_1',
        'tilstand_1_2',
        'tilstand_2_1',
        'drg',
        'episodefag',
        'behandlingsstedkode',
        'sektor',
        'utTilstand',
        'utskrKlarDato',
        'utskrKlarTid',
        'henvisningMottattDato',
        'vurderingDato',
        'tjenesteStartDato',
        'ventestatus',
        'rettighetsvurdering',
        'hjemmelInn',
        'tvangsvedtak',
      ]),
    );
    expect(header('kpr-bills.csv')).toEqual([
      'kpr_lnr',
      'enkeltregning_lnr',
      'dato',
      'kjonn',
      'kjonnK',
      'fodselsaar',
      'alder',
      'kommuneNr',
      'kommunenrPB',
      'bydel',
      'tjenestetype',
    ]);
    expect(header('kpr-diagnoses.csv')).toEqual([
      'enkeltregning_lnr',
      'diagnoseKode',
      'diagnoseTabell',
      'erHoveddiagnose',
    ]);
    expect(header('kpr-fees.csv')).toEqual(['enkeltregning_lnr', 'takstkode', 'antall']);
    expect(header('kpr-services.csv')).toEqual([
      'kpr_lnr',
      'tjenesteType',
      'tjenesteStartDato',
      'tjenesteSluttDato',
      'timerPerUke',
      'kommuneNr',
    ]);
    expect(header('iplos-function.csv').slice(0, 4)).toEqual([
      'kpr_lnr',
      'vurderingDato',
      'kommuneNr',
      'sosialDeltakelse',
    ]);
    expect(header('iplos-function.csv').at(-1)).toBe('bistandsbehov');
    expect(header('dental.csv')).toEqual([
      'kpr_lnr',
      'dato',
      'fylkeNr',
      'klinikk',
      'prioritetsgruppe',
      'underTilsyn',
      'undersokt',
      'behandlet',
      'dmft',
      'DMFT',
      'alder',
    ]);
    expect(header('link.csv')).toEqual(['npr_lopenr', 'kpr_lnr', 'dodsdato']);
  });

  it('keeps the extracts internally consistent', async () => {
    const db = await Db.open(':memory:');
    try {
      const csv = (f: string) =>
        `read_csv('${join(dirA, f)}', delim = ';', header = true, all_varchar = true)`;
      // every claim has a fee; diagnoses and fees point at existing claims
      expect(
        await db.value(
          `SELECT count(*) FROM ${csv('kpr-fees.csv')} WHERE enkeltregning_lnr NOT IN (SELECT enkeltregning_lnr FROM ${csv('kpr-bills.csv')})`,
        ),
      ).toBe(0);
      expect(
        await db.value(
          `SELECT count(*) FROM ${csv('kpr-bills.csv')} WHERE enkeltregning_lnr NOT IN (SELECT enkeltregning_lnr FROM ${csv('kpr-fees.csv')})`,
        ),
      ).toBe(0);
      expect(
        await db.value(
          `SELECT count(*) - count(DISTINCT enkeltregning_lnr) FROM ${csv('kpr-bills.csv')}`,
        ),
      ).toBe(0);
      // discharge never before admission; discharge-ready never after discharge
      expect(
        await db.value(`SELECT count(*) FROM ${csv('npr.csv')}
        WHERE CAST(utdato || ' ' || uttid AS TIMESTAMP) < CAST(inndato || ' ' || inntid AS TIMESTAMP)`),
      ).toBe(0);
      expect(
        await db.value(
          `SELECT count(*) FROM ${csv('npr.csv')} WHERE CAST(utskrKlarDato AS DATE) > CAST(utdato AS DATE)`,
        ),
      ).toBe(0);
      // deaths end the person's episodes: nothing starts after a death
      expect(
        await db.value(`WITH d AS (SELECT lopenr, min(CAST(utdato AS DATE)) AS dd FROM ${csv('npr.csv')} WHERE utTilstand = '2' GROUP BY 1)
        SELECT count(*) FROM ${csv('npr.csv')} n JOIN d USING (lopenr) WHERE CAST(n.inndato AS DATE) > d.dd`),
      ).toBe(0);
      // referrals: received ≤ assessed ≤ start of care = admission
      expect(
        await db.value(`SELECT count(*) FROM ${csv('npr.csv')} WHERE henvisningMottattDato IS NOT NULL AND NOT (
          CAST(henvisningMottattDato AS DATE) <= CAST(vurderingDato AS DATE)
          AND CAST(vurderingDato AS DATE) <= CAST(tjenesteStartDato AS DATE) AND tjenesteStartDato = inndato)`),
      ).toBe(0);
      // every death in hospital is in the key file with the same date (the register sees them all)
      expect(
        await db.value(`SELECT count(*) FROM ${csv('npr.csv')} n LEFT JOIN ${csv('link.csv')} l ON l.npr_lopenr = n.lopenr
        WHERE n.utTilstand = '2' AND l.dodsdato IS DISTINCT FROM n.utdato`),
      ).toBe(0);
      // the key file has a few deliberate conflicts: NPR ids with two KPR ids
      const conflicts = Number(
        await db.value(
          `SELECT count(*) FROM (SELECT npr_lopenr FROM ${csv('link.csv')} GROUP BY 1 HAVING count(*) > 1)`,
        ),
      );
      expect(conflicts).toBeGreaterThanOrEqual(0);
      // every municipality appears in the population file, 357 × 2 sexes × 106 ages
      expect(
        await db.value(
          `SELECT count(*) FROM read_csv('${join(dirA, 'population-statbank.csv')}', skip = 2, header = true, delim = ';')`,
        ),
      ).toBe(75684);
    } finally {
      db.close();
    }
  });

  it('writes a DEMO projection whose county totals follow SSB 2024-round county totals', async () => {
    const db = await Db.open(':memory:');
    try {
      const title = readFileSync(join(dirA, 'projection-demo.csv'), 'utf8').split('\r\n')[0]!;
      expect(title).toMatch(/DEMO population projection \(NOT an SSB projection/);
      // Vestfold (39) and Oslo (03), MMMM: growth 2024 → 2050 as SSB's, within 2 %
      const rows = await db.all<{ county: string; demo: number; ssb: number }>(`
        WITH p AS (SELECT substr(region, 3, 4) AS code, "DEMO projection, not SSB (MMMM) 2024" AS y0, "DEMO projection, not SSB (MMMM) 2050" AS y1
                   FROM read_csv('${join(dirA, 'projection-demo.csv')}', skip = 2, header = true, delim = ';')),
        m AS (SELECT code, county FROM read_csv('${join(process.cwd(), 'datasets/synth/municipalities.csv')}', all_varchar = true)),
        s AS (SELECT county, max(population) FILTER (WHERE year = 2050) / max(population) FILTER (WHERE year = 2024) AS ssb
              FROM read_csv('${join(process.cwd(), 'datasets/synth/county-projection.csv')}', types = {'county': 'VARCHAR'}) WHERE alternative = 'MMMM' GROUP BY 1)
        SELECT m.county, sum(y1) / sum(y0) AS demo, any_value(s.ssb) AS ssb FROM p JOIN m USING (code) JOIN s USING (county)
        WHERE m.county IN ('03', '39') GROUP BY 1 ORDER BY 1`);
      expect(rows).toHaveLength(2);
      // 0.3 % of Vestfold is ~750 people: rounding every cell to whole persons costs a few per cent
      for (const r of rows)
        expect(Math.abs(r.demo / r.ssb - 1), r.county).toBeLessThan(
          r.county === '03' ? 0.03 : 0.08,
        );
    } finally {
      db.close();
    }
  });
});
