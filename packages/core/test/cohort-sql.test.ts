import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Workspace,
  loadCohortLibrary,
  loadCodelists,
  cohortSql,
  compileCohorts,
  explainCohortSql,
  type CohortLibrary,
} from '../src/internal.js';

const BUILT_INS = [
  'charlson',
  'children-long-term-needs',
  'complex-multimorbidity',
  'dementia',
  'dho-target',
  'frail-elderly-function',
  'frail-elderly-hfrs',
  'multimorbidity',
  'severe-mental-illness-substance',
];

let ws: Workspace;
let lib: CohortLibrary;

beforeAll(async () => {
  ws = await Workspace.init(join(mkdtempSync(join(tmpdir(), 'felles-cohort-sql-')), 'ws'));
  lib = await loadCohortLibrary(ws.db);
  await loadCodelists(ws.db, lib.codelists);
});
afterAll(() => ws?.close());

describe('built-in cohort SQL', () => {
  it('has the 9 built-in definitions, all valid', () => {
    expect([...lib.cohorts.keys()].sort()).toEqual(BUILT_INS);
    expect(lib.cohorts.get('multimorbidity')!.idSpace).toBe('linked');
    expect(lib.cohorts.get('complex-multimorbidity')!.idSpace).toBe('npr');
    expect(lib.cohorts.get('frail-elderly-function')!.idSpace).toBe('kpr');
  });

  it.each(BUILT_INS)('%s compiles deterministically and DuckDB plans it (EXPLAIN)', async (id) => {
    const a = cohortSql(lib, id, { years: [2024] });
    const b = cohortSql(lib, id, { years: [2024] });
    expect(a.sql).toBe(b.sql);
    const plan = await explainCohortSql(ws.db, a.sql);
    expect(plan.length).toBeGreaterThan(0);
  });

  it('compiles all built-ins into one query that reads each source once', async () => {
    const q = compileCohorts(BUILT_INS, lib.cohorts, { years: [2023, 2024] });
    expect(q.sql.match(/FROM specialist_episode WHERE/g)).toHaveLength(1);
    expect(q.sql.match(/FROM primary_contact WHERE/g)).toHaveLength(1);
    await explainCohortSql(ws.db, q.sql);
  });
});
