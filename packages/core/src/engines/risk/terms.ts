import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../../kernel/errors.js';
import { int } from '../../kernel/sql.js';
import { DEFINITIONS_DIR } from '../../kernel/util/paths.js';

/** A predictor of a risk model: an expression over a row of `risk_person`. */
export interface RiskTerm {
  id: string;
  /** Norwegian and English labels. */
  nb: string;
  en: string;
  /** SQL over a `risk_person` row, a number (0/1 for an indicator). */
  sql: string;
  /** 0/1 indicator (its persons and events are checked before it enters a model). */
  indicator: boolean;
}

const ind = (id: string, nb: string, en: string, cond: string): RiskTerm => ({
  id,
  nb,
  en,
  sql: `coalesce((${cond})::DOUBLE, 0)`,
  indicator: true,
});
const num = (id: string, nb: string, en: string, sql: string): RiskTerm => ({
  id,
  nb,
  en,
  sql,
  indicator: false,
});

/**
 * The built-in predictors. Reference categories: age 18–44, women, no chronic condition, no
 * emergency stay, no IPLOS assessment. Counts enter as ln(1 + count), capped.
 */
export const RISK_TERMS: readonly RiskTerm[] = [
  ind('age_0_17', 'Alder 0–17', 'Age 0–17', 'age < 18'),
  ind('age_45_64', 'Alder 45–64', 'Age 45–64', 'age BETWEEN 45 AND 64'),
  ind('age_65_74', 'Alder 65–74', 'Age 65–74', 'age BETWEEN 65 AND 74'),
  ind('age_75_84', 'Alder 75–84', 'Age 75–84', 'age BETWEEN 75 AND 84'),
  ind('age_85_plus', 'Alder 85+', 'Age 85+', 'age >= 85'),
  ind('male', 'Mann', 'Male', "sex = 'M'"),
  ind('conditions_1', '1 kronisk sykdom', '1 chronic condition', 'conditions = 1'),
  ind('conditions_2', '2 kroniske sykdommer', '2 chronic conditions', 'conditions = 2'),
  ind(
    'conditions_3_4',
    '3–4 kroniske sykdommer',
    '3–4 chronic conditions',
    'conditions BETWEEN 3 AND 4',
  ),
  ind('conditions_5_plus', '5+ kroniske sykdommer', '5+ chronic conditions', 'conditions >= 5'),
  ind(
    'emergency_1',
    '1 akutt innleggelse siste år',
    '1 emergency admission last year',
    'acute_stays = 1',
  ),
  ind(
    'emergency_2',
    '2 akutte innleggelser siste år',
    '2 emergency admissions last year',
    'acute_stays = 2',
  ),
  ind(
    'emergency_3_plus',
    '3+ akutte innleggelser siste år',
    '3+ emergency admissions last year',
    'acute_stays >= 3',
  ),
  ind(
    'planned_any',
    'Planlagt innleggelse eller dagbehandling siste år',
    'Planned admission or day treatment last year',
    'planned_stays > 0',
  ),
  num(
    'bed_days_log',
    'Liggedøgn siste år, ln(1 + n)',
    'Bed days last year, ln(1 + n)',
    'ln(1 + least(bed_days, 365))',
  ),
  num(
    'outpatient_log',
    'Polikliniske kontakter siste år, ln(1 + n)',
    'Outpatient contacts last year, ln(1 + n)',
    'ln(1 + least(outpatient, 100))',
  ),
  num(
    'gp_days_log',
    'Fastlegedager siste år, ln(1 + n)',
    'GP days last year, ln(1 + n)',
    'ln(1 + least(gp_days, 100))',
  ),
  ind(
    'out_of_hours_any',
    'Legevakt siste år',
    'Out-of-hours contact last year',
    'ooh_contacts > 0',
  ),
  ind('home_care', 'Hjemmetjenester', 'Home care', 'home_care'),
  ind('long_stay', 'Langtidsopphold', 'Long-term nursing home stay', 'long_stay'),
  ind(
    'need_limited',
    'IPLOS: begrenset bistandsbehov',
    'IPLOS: limited need',
    "need_level = 'limited'",
  ),
  ind(
    'need_moderate_to_large',
    'IPLOS: middels til stort bistandsbehov',
    'IPLOS: moderate to large need',
    "need_level = 'moderate_to_large'",
  ),
  ind(
    'need_extensive',
    'IPLOS: omfattende bistandsbehov',
    'IPLOS: extensive need',
    "need_level = 'extensive'",
  ),
];

/** Outcome kinds: any emergency inpatient stay; at least N inpatient bed days; a long-term stay started. */
export type RiskOutcome =
  | { kind: 'emergency-admission' }
  | { kind: 'bed-days'; minBedDays: number }
  | { kind: 'long-stay' };

/** A risk model definition (`definitions/risk/*.json`). */
export interface RiskModelDefinition {
  id: string;
  version: string;
  title: { nb: string; en: string };
  outcome: RiskOutcome;
  terms: string[];
  baselineTerms: string[];
  /** Upper limits of the risk bands (predicted probability), ascending. */
  bands: number[];
  ridge: number;
  /** An indicator term enters only with at least this many persons, and more events than the threshold. */
  minTermPersons: number;
}

/** The outcome as a 0/1 SQL expression over `risk_person` (NULL when unknown). */
export function outcomeSql(o: RiskOutcome): string {
  if (o.kind === 'emergency-admission') return '(y_acute > 0)::INTEGER';
  if (o.kind === 'bed-days') return `(y_bed_days >= ${int(o.minBedDays)})::INTEGER`;
  return 'y_long_stay::INTEGER';
}

/** The built-in model's definition file. */
export const DEFAULT_RISK_MODEL = join(DEFINITIONS_DIR, 'risk', 'emergency-admission.json');

/** Read and check a risk model definition. */
export async function loadRiskModel(file = DEFAULT_RISK_MODEL): Promise<RiskModelDefinition> {
  const d = JSON.parse(await readFile(file, 'utf8')) as RiskModelDefinition;
  const known = new Set(RISK_TERMS.map((t) => t.id));
  for (const t of [...(d.terms ?? []), ...(d.baselineTerms ?? [])])
    if (!known.has(t))
      throw new UsageError(
        'BAD_RISK_MODEL',
        `${file}: unknown term "${t}"; known: ${[...known].join(', ')}`,
      );
  if (
    !d.id ||
    !d.version ||
    !Array.isArray(d.bands) ||
    d.bands.some((b, i) => !(b > 0 && b < 1) || (i > 0 && b <= d.bands[i - 1]!))
  )
    throw new UsageError(
      'BAD_RISK_MODEL',
      `${file}: needs id, version and ascending bands in (0, 1)`,
    );
  const kinds = ['emergency-admission', 'bed-days', 'long-stay'];
  if (!kinds.includes(d.outcome?.kind))
    throw new UsageError(
      'BAD_RISK_MODEL',
      `${file}: outcome.kind must be one of ${kinds.join(', ')}`,
    );
  return { ...d, ridge: d.ridge ?? 0, minTermPersons: d.minTermPersons ?? 20 };
}

/** Terms by id. */
export function termsOf(ids: readonly string[]): RiskTerm[] {
  return ids.map((id) => RISK_TERMS.find((t) => t.id === id)!);
}
