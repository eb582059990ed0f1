/**
 * Risk stratification and benefit measurement on generated data with planted interventions
 * (docs/synthetic-data.md, "Planted interventions"): a quarter of Vestfold's residents, 2021–2023.
 * - dho-selective: Tønsberg and Larvik, enrolment favouring those admitted the year before,
 *   emergency admissions × 0.8 from 2023 (matched comparison; planned stays as its negative
 *   control);
 * - dho-rollout: every eligible person in Sandefjord, × 0.8 (difference-in-differences);
 * - dho-null: Horten and Færder, selective enrolment, no effect (× 1).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  areaHierarchy,
  bandLabels,
  generateSynthetic,
  loadEnrolment,
  ingestPopulation,
  ingestRegistry,
  runBenefit,
  runCohorts,
  runRisk,
  Workspace,
  type BenefitResult,
  type DisclosedTable,
  type RiskResult,
  type SynthManifest,
} from '../src/internal.js';
import { ALL, attack, type AttackTable, type Hierarchy } from './attacker/attacker.js';

const root = mkdtempSync(join(tmpdir(), 'felles-risk-'));
const dir = join(root, 'extracts');
let manifest: SynthManifest;
let ws: Workspace;
const enrolment = () => join(dir, manifest.files.find((f) => f.role === 'intervention')!.file);

beforeAll(async () => {
  manifest = await generateSynthetic({
    outDir: dir,
    scale: 'county',
    counties: ['39'],
    fraction: 0.25,
    years: [2021, 2022, 2023],
    format: 'parquet',
    interventions: [
      { id: 'dho-selective', municipalities: ['3905', '3909'], startYear: 2023, effect: 0.8 },
      { id: 'dho-rollout', municipalities: ['3907'], startYear: 2023, effect: 0.8, enrolAll: true },
      { id: 'dho-null', municipalities: ['3901', '3911'], startYear: 2023, effect: 1 },
    ],
  });
  ws = await Workspace.init(join(root, 'ws'));
  const fileOf = (role: string) => join(dir, manifest.files.find((f) => f.role === role)!.file);
  await ingestPopulation(ws, [fileOf('population')]);
  await ingestRegistry(ws, 'npr', [fileOf('npr')]);
  await ingestRegistry(ws, 'kpr-claims', ['bills', 'diagnoses', 'fees'].map(fileOf));
  await ingestRegistry(ws, 'kpr-services', [fileOf('kpr-services')]);
  await ingestRegistry(ws, 'iplos-function', [fileOf('iplos-function')]);
  await ingestRegistry(ws, 'link', [fileOf('link')]);
  // the cohorts run loads the code lists (chronic conditions, COPD/diabetes/heart failure)
  await runCohorts(ws, { ids: ['dho-target'], years: [2023] });
}, 1_800_000);
afterAll(() => {
  ws?.close();
  rmSync(root, { recursive: true, force: true });
});

const rowsOf = (tables: readonly DisclosedTable[], name: string) =>
  tables.find((t) => t.name === name)!.rows as ReadonlyArray<Record<string, unknown>>;

describe('felles risk on generated data', () => {
  let r: RiskResult;
  beforeAll(async () => {
    r = await runRisk(ws, { trainYear: 2021, validationYear: 2022, scoreYear: 2023 });
  }, 1_800_000);

  it('beats the age–sex baseline and is calibrated on the held-out year', () => {
    const [model, base] = r.models;
    expect(model!.validation.auroc.auroc).toBeGreaterThan(base!.validation.auroc.auroc);
    expect(model!.validation.auroc.lower).toBeGreaterThan(0.7);
    const slope = model!.validation.calibration.slope;
    expect(slope).toBeGreaterThan(0.8);
    expect(slope).toBeLessThan(1.2);
    // planted: last year's emergency admissions raise next year's risk beyond age and diagnoses
    const b = model!.fit.coefficients[1 + model!.terms.findIndex((t) => t.id === 'emergency_1')]!;
    expect(b).toBeGreaterThan(0.2);
  });

  it('publishes counts by band that add up, and the independent attacker finds nothing', async () => {
    const counts = rowsOf(r.tables, 'risk_counts');
    const no = counts.filter((x) => x['area'] === 'NO' && x['priority_group'] === 'all');
    const total = no.find((x) => x['risk_band'] === 'all')!['persons'] as number;
    expect(total).toBe(r.personsScored);
    expect(
      no.filter((x) => x['risk_band'] !== 'all').reduce((s, x) => s + Number(x['persons']), 0),
    ).toBe(total);
    const geo = await areaHierarchy(ws.db, ws.config.structureYear);
    const hierarchies: Hierarchy[] = [
      ...geo.decompositions
        .filter((d) => d.parent !== 'NO')
        .map((d) => ({
          coordinate: 'area',
          parent: d.parent === '*' ? ALL : d.parent,
          children: d.children,
        })),
      { coordinate: 'risk_band', parent: ALL, children: bandLabels(r.model.bands) },
    ];
    const tables: AttackTable[] = [
      {
        rows: counts,
        measures: { persons: 'persons' },
        coordinates: {
          area: 'area',
          risk_band: 'risk_band',
          priority_group: 'group',
          year: 'period',
        },
        totals: { area: 'NO', risk_band: 'all' },
      },
      {
        rows: rowsOf(r.tables, 'risk_calibration'),
        measures: { persons: 'cal_p', observed: 'cal_o' },
        coordinates: { model: 'model', risk_decile: 'decile' },
      },
      {
        rows: rowsOf(r.tables, 'risk_coefficients'),
        measures: { persons: 'coef_p', events: 'coef_e' },
        coordinates: { model: 'model', term: 'term' },
      },
    ];
    expect(attack(tables, { threshold: 4, hierarchies })).toEqual([]);
    // no person-level score leaves: every published row is a group of persons
    for (const t of r.tables)
      for (const c of t.columns) expect(c.name).not.toMatch(/person_id|pkey|kpr_id|npr_id/);
  });
});

describe('felles benefit against planted effects', () => {
  const ratio = (b: BenefitResult, method: string, outcome = 'emergency_admissions') =>
    rowsOf(b.tables, 'benefit_estimates').find(
      (x) => x['method'] === method && x['outcome'] === outcome,
    )!;

  it('matched comparison recovers −20 % with balanced groups; its negative control covers 1', async () => {
    const b = await runBenefit(ws, { intervention: 'dho-selective', enrolmentFile: enrolment() });
    const m = b.matched!;
    const e = m.estimates.find((x) => x.outcome === 'emergency_admissions')!;
    expect(e.ratioLower).toBeLessThan(0.8);
    expect(e.ratioUpper).toBeGreaterThan(0.8);
    // the enrolled were chosen for last year's admissions: unweighted, the comparison is unlike them
    const stays = m.balance.find((x) => x.covariate === 'emergency_stays' && x.level === '0')!;
    expect(Math.abs(stays.smdBefore)).toBeGreaterThan(0.3);
    for (const r of m.balance) expect(Math.abs(r.smdAfter)).toBeLessThan(0.1);
    expect(m.treatedOffSupport / m.treatedFound).toBeLessThan(0.05);
    const nc = m.estimates.find((x) => x.negativeControl)!;
    expect(nc.outcome).toBe('planned_stays');
    expect(nc.ratioLower).toBeLessThan(1);
    expect(nc.ratioUpper).toBeGreaterThan(1);
    expect(ratio(b, 'negative-control', 'planned_stays')['ratio']).toBeCloseTo(nc.ratio, 3);
  }, 1_800_000);

  it('matched comparison with no planted effect covers 1', async () => {
    const b = await runBenefit(ws, { intervention: 'dho-null', enrolmentFile: enrolment() });
    const e = b.matched!.estimates[0]!;
    expect(e.ratioLower).toBeLessThan(1);
    expect(e.ratioUpper).toBeGreaterThan(1);
    expect(e.mdeRelative).toBeGreaterThan(0);
    expect(ratio(b, 'matched')['ratio']).toBeCloseTo(e.ratio, 3);
  }, 1_800_000);

  it('difference-in-differences recovers −20 %; the placebo start and an untreated pair cover 1', async () => {
    const b = await runBenefit(ws, {
      intervention: 'dho-rollout',
      municipalities: ['3907'],
      comparisonMunicipalities: ['3901', '3903', '3911'],
    });
    const did = b.did!.estimates.find((x) => x.kind === 'did')!;
    expect(did.lower).toBeLessThan(0.8);
    expect(did.upper).toBeGreaterThan(0.8);
    const placebo = b.did!.estimates.find((x) => x.kind === 'placebo')!;
    expect(placebo.lower).toBeLessThan(1);
    expect(placebo.upper).toBeGreaterThan(1);
    const none = await runBenefit(ws, {
      intervention: 'no-such',
      startYear: 2023,
      municipalities: ['3901', '3911'],
      comparisonMunicipalities: ['3903'],
    });
    const d0 = none.did!.estimates.find((x) => x.kind === 'did')!;
    expect(d0.lower).toBeLessThan(1);
    expect(d0.upper).toBeGreaterThan(1);
  }, 1_800_000);
});

describe('enrolment files', () => {
  it('a bad row is named by line, column and value, and nothing is loaded', async () => {
    const f = join(root, 'bad-enrolment.csv');
    writeFileSync(
      f,
      'intervention;person_id;id_space;enrolment_date\ndho-x;123;npr;2023-01-01\ndho-x;456;npr;2023-13-01\n',
    );
    await expect(loadEnrolment(ws.db, f)).rejects.toMatchObject({
      code: 'BAD_ENROLMENT_ROW',
      location: { line: 3, column: 'enrolment_date', value: '2023-13-01' },
    });
    const n = await ws.db.value(
      `SELECT count(*) FROM benefit_enrolment WHERE intervention = 'dho-x'`,
    );
    expect(Number(n)).toBe(0);
  });
});
