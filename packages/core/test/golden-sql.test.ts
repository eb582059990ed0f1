/**
 * Golden SQL: the compiled SQL of every built-in cohort and indicator, as `felles cohorts show <id>
 * --sql` and `felles indicators show <id> --sql --year 2024` print it, is committed under
 * `golden/sql/` and must not change unnoticed. After an intended change to a compiler or a
 * definition, regenerate with `UPDATE_GOLDEN=1 npx vitest run packages/core/test/golden-sql.test.ts`
 * and review the diff (it shows exactly how the SQL changed).
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { Db } from '../src/kernel/db.js';
import { cohortSql, loadCohortLibrary } from '../src/engines/cohorts/index.js';
import { compileIndicator, loadIndicatorLibrary } from '../src/engines/indicators/index.js';
import { medianSql } from '../src/engines/indicators/median.js';

const GOLDEN = fileURLToPath(new URL('./golden/sql/', import.meta.url));
const UPDATE = process.env['UPDATE_GOLDEN'] === '1';
/** The year the SQL is compiled for (the default of `cohorts show --sql`). */
const YEAR = 2024;
/** The structure year of a new workspace. */
const STRUCTURE_YEAR = 2024;

/** Compare `actual` with the golden file `name` (or write it with UPDATE_GOLDEN=1). */
function checkGolden(name: string, actual: string): void {
  const path = join(GOLDEN, name);
  if (UPDATE) {
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  if (!existsSync(path)) throw new Error(`golden file ${name} missing: run with UPDATE_GOLDEN=1`);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

// The code lists are read through DuckDB; nothing is written.
const db = await Db.open(':memory:');
const cohorts = await loadCohortLibrary(db);
afterAll(() => db.close());
const indicators = loadIndicatorLibrary();
const cohortIds = [...cohorts.cohorts.keys()].sort();
const indicatorIds = [...indicators.keys()].sort();

/** The text of `felles cohorts show <id> --sql` (default year). */
function cohortText(id: string): string {
  const c = cohorts.cohorts.get(id)!;
  const q = cohortSql(cohorts, id, { years: [YEAR] });
  return `-- felles cohort ${id} ${c.definition.version} (${c.idSpace} ids)\n${q.sql};\n`;
}

/** The text of `felles indicators show <id> --sql --year 2024` on a new workspace. */
function indicatorText(id: string): string {
  const d = indicators.get(id)!.definition;
  const opts = {
    years: [YEAR],
    structureYear: STRUCTURE_YEAR,
    useDistricts: false,
    strata: d.standardisation === 'direct',
  };
  const q = compileIndicator(d, opts);
  return `-- felles indicator ${id} ${d.version}, years ${YEAR}\n-- coverage\n${q.cover};\n\n-- numerator\n${q.numerator};\n\n-- denominator\n${q.denominator};\n${d.kind === 'median' ? `\n-- median\n${medianSql(d, opts)};\n` : ''}`;
}

describe('golden SQL of the built-in cohorts', () => {
  it('has the nine built-in cohorts', () => {
    expect(cohortIds).toHaveLength(9);
  });
  it.each(cohortIds)('%s compiles to its golden text', (id) => {
    checkGolden(`cohort-${id}.sql`, cohortText(id));
  });
});

describe('golden SQL of the built-in indicators', () => {
  it('has the 50 built-in indicators', () => {
    expect(indicatorIds).toHaveLength(50);
  });
  it.each(indicatorIds)('%s compiles to its golden text', (id) => {
    checkGolden(`indicator-${id}.sql`, indicatorText(id));
  });
});

describe('golden SQL folder', () => {
  it('holds a file for every built-in definition and nothing else', () => {
    const wanted = new Set([
      ...cohortIds.map((id) => `cohort-${id}.sql`),
      ...indicatorIds.map((id) => `indicator-${id}.sql`),
    ]);
    const present = existsSync(GOLDEN) ? readdirSync(GOLDEN) : [];
    const stale = present.filter((f) => !wanted.has(f));
    if (UPDATE) for (const f of stale) rmSync(join(GOLDEN, f));
    else expect(stale, 'golden files of definitions that no longer exist').toEqual([]);
    expect([...wanted].filter((f) => !existsSync(join(GOLDEN, f)))).toEqual([]);
  });
});
