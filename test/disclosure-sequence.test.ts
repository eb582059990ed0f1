/**
 * The standard commands one after the other on one workspace — `cohorts run` (default,
 * `--by-sex`, `--level municipality --by-sex --by-age`), `indicators run`, `project --hf all`,
 * `dental`, `report` — and the independent attacker over everything they printed and wrote,
 * together: no hidden cell can be narrowed down, and every run manifest records its audit. A
 * small synthetic workspace (two counties at 0.2 %, 2023–2024) stands in for the demo.
 *
 * Not in the default suite: `pnpm test:sequence` (`FELLES_SEQUENCE=1`) runs five indicators that
 * share cells with the cohorts (cohort denominators, a shared numerator) and the report without
 * its own indicator run; `pnpm test:sequence-full` (`FELLES_SEQUENCE_FULL=1`) every indicator in
 * every format and the whole report.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_PROJECTION_TABLE,
  Workspace,
  generateSynthetic,
  ingestPopulation,
  ingestProjection,
  ingestRegistry,
  type RegistryKind,
} from '@felles/core';
import { attack } from '../packages/core/test/attacker/attacker.js';
import {
  attackTables,
  indicatorCatalogue,
  publicHierarchies,
} from '../packages/core/test/published/attack-model.js';
import {
  fromCohortsRunJson,
  readOutputFile,
  type PublishedTable,
} from '../packages/core/test/published/read-outputs.js';
import { fellesInProcess } from './felles-in-process.js';

const FULL = process.env['FELLES_SEQUENCE_FULL'] === '1';
const RUN = FULL || process.env['FELLES_SEQUENCE'] === '1';
const STAGES: ReadonlyArray<[RegistryKind, string[]]> = [
  ['npr', ['npr']],
  ['kpr-claims', ['bills', 'diagnoses', 'fees']],
  ['kpr-services', ['kpr-services']],
  ['iplos-function', ['iplos-function']],
  ['dental', ['dental']],
  ['link', ['link']],
];
/** Indicators whose cells are the cohorts' (cohort denominators) or each other's (a numerator). */
const LINKED_INDICATORS = [
  'acute-somatic-admissions-cohort',
  'priority-group-use-gp',
  'gp-e-consultations',
  'gp-e-consultation-share',
  'gp-home-visits',
];
const COHORT_VIEWS = [[], ['--by-sex'], ['--level', 'municipality', '--by-sex', '--by-age']];

let root: string;
let dir: string;
const published: PublishedTable[] = [];

/** Every file under `d`, recursively. */
function files(d: string): string[] {
  return readdirSync(d).flatMap((f) => {
    const p = join(d, f);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

const run = async (args: string[]) => {
  const r = await fellesInProcess(dir, args, { quiet: true });
  expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r;
};

describe.skipIf(!RUN)('the standard commands one after the other', () => {
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'felles-disclosure-sequence-'));
    dir = join(root, 'ws');
    const extracts = join(root, 'extracts');
    const m = await generateSynthetic({
      outDir: extracts,
      scale: 'demo',
      fraction: 0.002,
      counties: ['40', '56'],
      years: [2023, 2024],
      seed: 20240101,
      format: 'parquet',
    });
    const fileOf = (role: string) => {
      const f = m.files.find((x) => x.role === role);
      return f ? join(extracts, f.file) : undefined;
    };
    const ws = await Workspace.init(dir);
    try {
      await ingestPopulation(ws, [fileOf('population')!]);
      await ingestProjection(ws, [fileOf('projection-lite')!], {
        tableId: DEMO_PROJECTION_TABLE,
        vintage: 2024,
      });
      for (const [kind, roles] of STAGES) {
        const fs = roles.map(fileOf).filter((f): f is string => f !== undefined);
        if (fs.length) await ingestRegistry(ws, kind, fs);
      }
    } finally {
      ws.close();
    }
  }, 600_000);

  afterAll(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  beforeAll(async () => {
    for (const view of COHORT_VIEWS) {
      const r = await run(['--json', 'cohorts', 'run', '--year', '2023-2024', ...view]);
      published.push(...fromCohortsRunJson(r.stdout, `cohorts run ${view.join(' ')}`));
    }
    const ids = FULL ? [] : LINKED_INDICATORS.flatMap((id) => ['--id', id]);
    for (const format of FULL ? ['csv', 'json', 'xlsx', 'parquet', 'arrow'] : ['csv'])
      await run([
        'indicators',
        'run',
        '--year',
        '2023-2024',
        ...ids,
        '--format',
        format,
        '--out',
        join(root, 'o', `ind-${format}`),
      ]);
    await run(['project', '--hf', 'all', '--out', join(root, 'o', 'project')]);
    await run(['dental', '--out', join(root, 'o', 'dental')]);
    await run([
      'report',
      '--hf',
      'TELEMARK',
      '--no-png',
      ...(FULL ? [] : ['--no-indicators', '--runs', '0']),
      '--out',
      join(root, 'o', 'report'),
    ]);
    // the report's workbook holds the same tables as the CSV files beside it, under titles
    for (const f of files(join(root, 'o')).filter((f) => !f.endsWith('report-tables.xlsx')))
      published.push(...(await readOutputFile(f)));
  }, 3_600_000);

  it('publish no hidden cell that all their outputs together narrow down', async () => {
    const defs = indicatorCatalogue();
    const model = published.flatMap((t) => attackTables(t, defs));
    // the cohort views, the indicators, the projection, dental and report tables
    expect(model.length).toBeGreaterThan(20);
    const names = new Set(published.map((t) => t.name));
    for (const n of ['cohort_counts', 'projection_series', 'dental_utilisation'])
      expect(names, n).toContain(n);
    expect([...names].some((n) => n.startsWith('report_cohort'))).toBe(true);
    const ws = await Workspace.open(dir, { readOnly: true });
    try {
      const findings = attack(model, {
        threshold: 4,
        hierarchies: await publicHierarchies(ws.db, model),
      });
      expect(findings).toEqual([]);
    } finally {
      ws.close();
    }
  }, 1_200_000);

  it('record the audit in every run manifest that published', () => {
    const manifests = readdirSync(join(dir, 'runs')).map(
      (id) =>
        JSON.parse(readFileSync(join(dir, 'runs', id, 'manifest.json'), 'utf8')) as {
          command: string;
          disclosure?: Array<{ cellsAudited: number; threshold: number; tables: string[] }>;
        },
    );
    const publishing = manifests.filter((m) =>
      ['cohorts run', 'indicators run', 'project', 'dental', 'report'].includes(m.command),
    );
    expect(publishing.length).toBe(COHORT_VIEWS.length + (FULL ? 5 : 1) + 3 + (FULL ? 1 : 0));
    for (const m of publishing) {
      expect(m.disclosure, m.command).toBeDefined();
      expect(m.disclosure![0]!.threshold).toBe(4);
    }
    // the report's own tables are one publication: priority groups, projection and dental
    const report = manifests.find((m) => m.command === 'report')!;
    expect(report.disclosure).toHaveLength(1);
    const tables = report.disclosure![0]!.tables;
    expect(tables).toContain('report_cohort_prevalence');
    expect(tables).toContain('projection_series');
    expect(tables).toContain('dental_utilisation');
  });
});
