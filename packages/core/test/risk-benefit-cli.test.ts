/**
 * `felles risk` and `felles benefit` in-process on source, on a small generated workspace (5 % of
 * Vestfold's residents, 2021–2023, with a planted intervention): options, errors with their exact
 * messages and exit codes, and outputs that have passed disclosure control.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  generateSynthetic,
  ingestPopulation,
  ingestRegistry,
  runCohorts,
  Workspace,
  type SynthManifest,
} from '../src/internal.js';
import { fellesInProcess, type CliRun } from '../../../test/felles-in-process.js';

const root = mkdtempSync(join(tmpdir(), 'felles-risk-cli-'));
const dir = join(root, 'extracts');
const wsDir = join(root, 'ws');
let manifest: SynthManifest;
const fileOf = (role: string) => join(dir, manifest.files.find((f) => f.role === role)!.file);

beforeAll(async () => {
  manifest = await generateSynthetic({
    outDir: dir,
    scale: 'county',
    counties: ['39'],
    fraction: 0.05,
    years: [2021, 2022, 2023],
    interventions: [{ id: 'dho', municipalities: ['3905', '3909'], startYear: 2023, effect: 0.8 }],
  });
  const ws = await Workspace.init(wsDir);
  try {
    await ingestPopulation(ws, [fileOf('population')]);
    await ingestRegistry(ws, 'npr', [fileOf('npr')]);
    await ingestRegistry(ws, 'kpr-claims', ['bills', 'diagnoses', 'fees'].map(fileOf));
    await ingestRegistry(ws, 'kpr-services', [fileOf('kpr-services')]);
    await ingestRegistry(ws, 'iplos-function', [fileOf('iplos-function')]);
    await ingestRegistry(ws, 'link', [fileOf('link')]);
    // the cohorts run loads the code lists the person-year table needs
    await runCohorts(ws, { ids: ['dho-target'], years: [2023] });
  } finally {
    ws.close();
  }
}, 1_800_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

function felles(...args: string[]): Promise<CliRun> {
  return fellesInProcess(wsDir, args, { quiet: true });
}

/** Rows of a semicolon- or comma-separated file with a header. */
function readCsv(file: string): Record<string, string>[] {
  const lines = readFileSync(file, 'utf8')
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split(/\r?\n/);
  const sep = lines[0]!.includes(';') ? ';' : ',';
  const head = lines[0]!.split(sep);
  return lines.slice(1).map((l) => Object.fromEntries(l.split(sep).map((v, i) => [head[i]!, v])));
}

/** Published counts are hidden (empty) or 0 or above the threshold, never 1–4. */
function expectNoSmallCounts(values: readonly unknown[]): void {
  expect(values.length).toBeGreaterThan(0);
  for (const v of values) {
    if (v === null || v === '' || v === undefined) continue;
    const n = Number(v);
    expect(n === 0 || n >= 5, `published count ${String(v)}`).toBe(true);
  }
}

describe('felles risk', () => {
  it('prints the validation, calibration, coefficients and counts by band; exit 0', async () => {
    const r = await felles('risk', '--train-year', '2021', '--validation-year', '2022');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'trained on predictors 2021 → outcome 2022; validated on 2022 → 2023; scored 2023',
    );
    for (const heading of [
      'Validation on the held-out year',
      'Calibration by decile of predicted risk (model)',
      'Coefficients (logistic regression, log odds)',
      'Residents by risk band, 2023',
    ])
      expect(r.stdout).toContain(heading);
    expect(r.stdout).toMatch(/^\s*model\s+\d+\s+\d+\s+0\.\d+/m);
    expect(r.stderr).toBe('');
  }, 1_800_000);

  it('--json gives the disclosed tables; counts 1–4 are hidden and no person id leaves', async () => {
    const r = await felles(
      '--json',
      'risk',
      '--train-year',
      '2021',
      '--validation-year',
      '2022',
      '--level',
      'municipality',
    );
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as {
      trainYear: number;
      validationYear: number;
      scoreYear: number;
      tables: Record<string, Record<string, unknown>[]>;
    };
    expect([j.trainYear, j.validationYear, j.scoreYear]).toEqual([2021, 2022, 2023]);
    expect(Object.keys(j.tables).sort()).toEqual([
      'risk_calibration',
      'risk_coefficients',
      'risk_counts',
      'risk_performance',
    ]);
    const counts = j.tables['risk_counts']!;
    expect(counts.some((x) => x['level'] === 'municipality' && x['area'] === 'K-3905')).toBe(true);
    expectNoSmallCounts(counts.map((x) => x['persons']));
    expect(counts.some((x) => x['persons'] === null)).toBe(true);
    expectNoSmallCounts(j.tables['risk_calibration']!.map((x) => x['observed']));
    expect(r.stdout).not.toMatch(/person_id|pkey|kpr_id|npr_id/);
  }, 1_800_000);

  it('--format csv writes the same disclosed tables, and refuses a folder in use without --force', async () => {
    const out = join(root, 'risk-out');
    const r = await felles(
      'risk',
      '--train-year',
      '2021',
      '--validation-year',
      '2022',
      '--format',
      'csv',
      '--out',
      out,
    );
    expect(r.code).toBe(0);
    const files = readdirSync(out).filter((f) => f.endsWith('.csv'));
    expect(files.length).toBeGreaterThanOrEqual(4);
    const counts = readCsv(
      join(
        out,
        files.find((f) => f.includes('risk_counts'))!,
      ),
    );
    expectNoSmallCounts(counts.map((x) => x['persons']));
    const again = await felles(
      'risk',
      '--train-year',
      '2021',
      '--validation-year',
      '2022',
      '--format',
      'csv',
      '--out',
      out,
    );
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/^felles: error: .*--force/);
  }, 1_800_000);

  it('refuses bad years with exit 2 and a message naming the option or the data', async () => {
    const bad = await felles('risk', '--train-year', '21');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('felles: error: --train-year takes a year, e.g. 2022; got 21\n');
    const order = await felles('risk', '--train-year', '2022', '--validation-year', '2021');
    expect(order.code).toBe(2);
    expect(order.stderr).toBe(
      'felles: error: the validation year must come after the training year\n',
    );
    const none = await felles('risk', '--train-year', '2022');
    expect(none.code).toBe(2);
    expect(none.stderr).toBe(
      // 2020: a few stays admitted before the first generated year (a terminal stay of someone who
      // died early in 2021)
      'felles: error: the validation year 2023 needs data for 2023 and 2024; the workspace has 2020, 2021, 2022, 2023\n',
    );
    const level = await felles('risk', '--level', 'county');
    expect(level.code).toBe(2);
    expect(level.stderr).toContain("option '--level <level>' argument 'county' is invalid");
  }, 1_800_000);
});

describe('felles benefit', () => {
  it('loads the enrolment file and prints the matched comparison; exit 0', async () => {
    const r = await felles(
      'benefit',
      '--intervention',
      'dho',
      '--enrolment',
      fileOf('intervention'),
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('dho: start 2023 (before = 2022, after = 2023)');
    expect(r.stdout).toMatch(/matched comparison: \d+ enrolled found, \d+ without comparable/);
    expect(r.stdout).toContain('Balance (standardised mean differences');
    expect(r.stdout).toMatch(/^\s*matched\s+emergency_admissions\s+2023/m);
    expect(r.stdout).toMatch(/^\s*negative-control\s+planned_stays\s+2023/m);
  }, 1_800_000);

  it('--json with municipalities adds the difference-in-differences; small counts are hidden', async () => {
    const r = await felles(
      '--json',
      'benefit',
      '--intervention',
      'dho',
      '--municipalities',
      '3905,3909',
      '--comparison',
      '3901,3903,3907,3911',
    );
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as {
      startYear: number;
      tables: Record<string, Record<string, unknown>[]>;
    };
    expect(j.startYear).toBe(2023);
    const est = j.tables['benefit_estimates']!;
    expect(new Set(est.map((x) => x['method']))).toEqual(
      new Set([
        'matched',
        'negative-control',
        'difference-in-differences',
        'event-study',
        'placebo',
      ]),
    );
    const cells = j.tables['benefit_did_cells']!;
    expect(cells.map((c) => `${String(c['arm'])} ${String(c['year'])}`).sort()).toEqual([
      'comparison 2021',
      'comparison 2022',
      'comparison 2023',
      'intervention 2021',
      'intervention 2022',
      'intervention 2023',
    ]);
    expectNoSmallCounts(cells.flatMap((c) => [c['persons'], c['emergency_stays']]));
    expectNoSmallCounts(j.tables['benefit_balance']!.map((x) => x['treated_persons']));
    expect(r.stdout).not.toMatch(/person_id|pkey|kpr_id|npr_id/);
  }, 1_800_000);

  it('refuses bad options with exit 2 and bad enrolment rows with exit 3', async () => {
    const codes = await felles('benefit', '--intervention', 'dho', '--municipalities', '39O5');
    expect(codes.code).toBe(2);
    expect(codes.stderr).toBe(
      'felles: error: --municipalities takes 4-digit municipality codes separated by commas; got 39O5\n',
    );
    const none = await felles('benefit', '--intervention', 'nothing-here');
    expect(none.code).toBe(2);
    expect(none.stderr).toBe(
      'felles: error: no enrolments of "nothing-here" and no start year: give an enrolment file or --start-year\n',
    );
    const late = await felles(
      'benefit',
      '--intervention',
      'other',
      '--municipalities',
      '3905',
      '--start-year',
      '2025',
    );
    expect(late.code).toBe(2);
    expect(late.stderr).toBe(
      'felles: error: benefit measurement needs data for 2024 and 2025; the workspace has 2020, 2021, 2022, 2023\n',
    );
    const early = await felles('benefit', '--intervention', 'dho', '--start-year', '2021');
    expect(early.code).toBe(2);
    expect(early.stderr).toBe(
      'felles: error: no enrolled person of "dho" is in the population of 2020\n',
    );
    const missing = await felles('benefit', '--enrolment', 'x.csv');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("required option '--intervention <name>' not specified");
    const f = join(root, 'bad.csv');
    writeFileSync(
      f,
      'intervention;person_id;id_space;enrolment_date\ndho-x;123;npr;2023-01-01\ndho-x;456;fnr;2023-01-01\n',
    );
    const badRow = await felles('benefit', '--intervention', 'dho-x', '--enrolment', f);
    expect(badRow.code).toBe(3);
    expect(badRow.stderr).toBe(
      `felles: error: ${f}:3: column "id_space", value "fnr": not a valid enrolment (intervention: letters, digits, -; id_space npr or kpr; date YYYY-MM-DD)\n`,
    );
  }, 1_800_000);
});
