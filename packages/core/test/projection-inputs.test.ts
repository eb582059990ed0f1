import { afterEach, describe, expect, it } from 'vitest';
import { project, type Db } from '../src/internal.js';
import { COHORT_DDL } from '../src/catalogue/cohort-tables.js';
import { fixtureDb, LINES, scenario } from './projection-fixture.js';

/**
 * Inputs checked before a projection uses them (fixture: projection-fixture.ts; every year below
 * holds the fixture's 2023 events, 117 in agg_hosp, unless said otherwise).
 */
let db: Db | undefined;
afterEach(() => db?.close());

const stays = [LINES[0]!];
const noPeriod = { ...scenario([]), basePeriod: undefined };

/** Population and agg_hosp events copied from 2023 to each year given. */
async function withYears(d: Db, years: number[]): Promise<void> {
  for (const y of years)
    await d.exec(`
      INSERT INTO population SELECT ${y}, municipality_code, sex, age, population, file_id FROM population WHERE year = 2023;
      INSERT INTO agg_hosp SELECT ${y}, municipality_code, sex, age, value, events FROM agg_hosp WHERE year = 2023;`);
}

describe('project: a base year far below the others (incomplete extract)', () => {
  it('is left out of the default base period, with a warning naming it', async () => {
    db = await fixtureDb();
    await withYears(db, [2021, 2022]);
    // 2024: population as 2023, one stay (an extract that ends early in the year).
    await db.exec(`
      INSERT INTO population SELECT 2024, municipality_code, sex, age, population, file_id FROM population WHERE year = 2023;
      INSERT INTO agg_hosp VALUES (2024, '3001', 'F', 30, 1, 1);`);
    const r = await project({ db }, { serviceLines: stays, scenario: noPeriod, areas: ['H1'] });
    expect(r.meta.basePeriod.years).toEqual([2021, 2022, 2023]);
    expect(r.warnings.find((w) => w.code === 'BASE_YEAR_INCOMPLETE')?.message).toBe(
      '2024 is left out of the base period: h.stays (agg_hosp) has 1 event in 2024 against a median of 117 events in the other years (less than 50 %), so the extract looks incomplete',
    );
    expect(r.warnings.find((w) => w.code === 'BASE_PERIOD_INFERRED')?.message).toBe(
      'base period: 2021, 2022, 2023 (the latest complete years with population and events in every source)',
    );
  });

  it('is refused in a base period asked for, as is a year with no data', async () => {
    db = await fixtureDb();
    await withYears(db, [2022]);
    await db.exec(`INSERT INTO agg_hosp VALUES (2024, '3001', 'F', 30, 40, 40);
      INSERT INTO population SELECT y, municipality_code, sex, age, population, file_id FROM population, (VALUES (2021), (2024)) t(y) WHERE year = 2023;`);
    const run = (from: number, to: number) =>
      project(
        { db: db! },
        { serviceLines: stays, scenario: scenario([]), basePeriod: { from, to }, areas: ['H1'] },
      );
    await expect(run(2022, 2024)).rejects.toThrow(
      'base year 2024 looks incomplete: h.stays (agg_hosp) has 40 events in 2024 against a median of 117 events in the other base years (less than 50 %); leave the year out (--exclude 2024) or choose complete years (--base)',
    );
    await expect(run(2021, 2023)).rejects.toThrow(
      'base year 2021 has no data: agg_hosp has no events of h.stays in 2021, but has in the other base years; leave the year out (--exclude 2021) or choose years with data (--base)',
    );
    const ok = await run(2022, 2023);
    expect(ok.meta.basePeriod.years).toEqual([2022, 2023]);
  });
});

describe('project: lines that count cohort members', () => {
  const cohortLine = {
    id: 'c.frail',
    version: '1',
    label: 'frail',
    level: 'municipality' as const,
    unit: 'persons',
    source: {
      table: 'cohort_member' as const,
      filters: [{ column: 'cohort_id', op: 'in' as const, values: ['frail'] }],
    },
    measure: { kind: 'persons' as const },
  };

  async function cohortDb(years: number[]): Promise<Db> {
    const d = await fixtureDb();
    await withYears(d, [2022]);
    await d.exec(COHORT_DDL);
    for (const y of years)
      await d.exec(`
        INSERT INTO cohort_attrition VALUES ('frail', '1', ${y}, 0, 'base', 10, 'r');
        INSERT INTO cohort_member (cohort_id, version, year, id_space, person_id, sex, age, municipality_code, run_id)
          SELECT 'frail', '1', ${y}, 'npr', 'p' || range, 'F', 85, '3001', 'r' FROM range(6);`);
    return d;
  }

  it('are refused when their cohort was computed for some base years only', async () => {
    db = await cohortDb([2023]);
    await expect(
      project(
        { db },
        {
          serviceLines: [...stays, cohortLine],
          scenario: scenario([]),
          basePeriod: { from: 2022, to: 2023 },
        },
      ),
    ).rejects.toThrow(
      'service line c.frail counts members of frail, computed for 2023 but not for 2022 of the base period 2022, 2023; compute it with: felles cohorts run --year 2022-2023 --id frail (or leave the line out with --lines)',
    );
  });

  it('are projected when the cohort is in every base year, and left out with a warning when in none', async () => {
    db = await cohortDb([2022, 2023]);
    const opts = { scenario: scenario([]), basePeriod: { from: 2022, to: 2023 }, areas: ['H1'] };
    const r = await project({ db }, { ...opts, serviceLines: [...stays, cohortLine] });
    // 6 members each year against 100 + 100 women 85+ in 3001 → rate 0.06; 150 projected → 9.
    const v = r.series.find(
      (s) =>
        s.line_id === 'c.frail' &&
        s.year === 2030 &&
        s.alternative === 'MMMM' &&
        s.area_code === 'H1',
    );
    expect(v?.volume).toBeCloseTo(9, 10);
    const none = {
      ...cohortLine,
      id: 'c.other',
      source: {
        ...cohortLine.source,
        filters: [{ column: 'cohort_id', op: 'in' as const, values: ['other'] }],
      },
    };
    const r2 = await project({ db }, { ...opts, serviceLines: [...stays, none] });
    expect(r2.meta.serviceLines.map((l) => l.id)).toContain('c.other');
    expect(r2.series.some((s) => s.line_id === 'c.other')).toBe(false);
    expect(r2.warnings.find((w) => w.code === 'COHORTS_NOT_COMPUTED')?.message).toBe(
      '1 service line left out: their cohorts have not been computed for the base years 2022, 2023 (felles cohorts run --year 2022-2023): c.other',
    );
    expect(r2.warnings.some((w) => w.code === 'LINE_NO_EVENTS')).toBe(false);
  });
});

describe("project: the projection's start population against the registered population", () => {
  it('refuses a projection of another scale, warns about a small difference', async () => {
    db = await fixtureDb();
    // The fixture's projection starts 2024; the registered population is 2023's (the closest
    // year loaded). H1: 3,750 projected against 3,450 registered (× 1.09, a warning); H2: 200 / 200.
    const r = await project({ db }, { serviceLines: stays, scenario: scenario([]) });
    expect(r.warnings.find((w) => w.code === 'START_POPULATION_DIFFERS')?.message).toBe(
      'the population projection 14288 (vintage 2024) starts from a population that differs from the registered one (1 January 2023) by a factor of more than 1.05 in 1 area: H1: 3750 projected against 3450 registered (× 1.09)',
    );
    await db.exec(
      `UPDATE population_projection SET population = population * 50 WHERE region_code = '4601'`,
    );
    await expect(project({ db }, { serviceLines: stays, scenario: scenario([]) })).rejects.toThrow(
      "the population projection 14288 (vintage 2024) does not start from the workspace's population: in 2024 it has H2: 10000 projected against 200 registered (× 50.00) (registered population 1 January 2023; refused when one is more than 1.25 times the other); load the projection of the same municipalities and scale as the population (felles ingest projection …)",
    );
  });
});
