/**
 * Priority groups of the public dental service (tannhelsetjenesteloven § 1-3) as versioned data:
 * `definitions/dental/priority-groups.json` (schema `priority-groups.schema.json`). A period of
 * validity holds the groups in force from `validFrom` to `validTo` (inclusive); each record is
 * classified by the period in force on its own date. See `docs/dental.md`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { localText, text, type Lang, type LocalText } from '@felles/text';
import { InputDataError, UsageError } from '../../kernel/errors.js';
import { describeProblems, schemaProblems } from '../../kernel/util/json-schema.js';
import { DEFINITIONS_DIR } from '../../kernel/util/paths.js';

/** Folder of the built-in dental definitions. */
export const DENTAL_DEFINITIONS_DIR = join(DEFINITIONS_DIR, 'dental');
/** The built-in priority-group file. */
export const PRIORITY_GROUPS_FILE = join(DENTAL_DEFINITIONS_DIR, 'priority-groups.json');

/** How membership of a group is established. */
export type GroupBasis = 'age' | 'municipal_service' | 'registered';

/** One group of § 1-3 within a period. */
export interface PriorityGroup {
  /** Reporting id, unique within the period (`a`, `b`, `c`, `d`, `d25`, `e`, `f`). */
  id: string;
  /** The letter of § 1-3 as the DOT records it (`a`–`f`). */
  code: string;
  /** The Act's wording, in both languages. */
  label: LocalText;
  /** Short label for tables and figures (`a) Barn og ungdom 0–18 år`). */
  shortLabel?: LocalText;
  basis: GroupBasis;
  /** Age groups: "from the year one turns `min` to the year one turns `max`". */
  turnsAge?: { min: number; max: number };
  /** Municipal-service groups: IPLOS service groups (`long_stay`, `home_health_care`). */
  serviceGroups?: string[];
  /** Share of the fee schedule the patient pays (informational). */
  coPayment?: number;
  note?: string;
}

/** The groups in force over one period. */
export interface PriorityPeriod {
  id: string;
  /** First day (ISO date). */
  validFrom: string;
  /** Last day, inclusive (ISO date); null = still in force. */
  validTo: string | null;
  source: string;
  groups: PriorityGroup[];
  /** Group ids in the order they are tried: a person who qualifies for several is placed in the first. */
  precedence: string[];
}

/** The whole definition file. */
export interface PriorityGroupDefinition {
  id: string;
  version: string;
  title: LocalText;
  source: string;
  ageRule?: string;
  notes?: string[];
  periods: PriorityPeriod[];
}

/**
 * Check a priority-group definition against its JSON Schema and the rules a schema cannot say:
 * periods in date order without gaps or overlaps, group ids unique within a period, precedence
 * listing every group once, `turnsAge.min ≤ max`. Throws `InputDataError BAD_DENTAL_DEFINITION`.
 */
export function validatePriorityGroups(
  value: unknown,
  file = '<priority groups>',
): PriorityGroupDefinition {
  const bad = (msg: string): never => {
    throw new InputDataError('BAD_DENTAL_DEFINITION', `invalid priority-group definition: ${msg}`, {
      file,
    });
  };
  const problems = schemaProblems(
    join(DENTAL_DEFINITIONS_DIR, 'priority-groups.schema.json'),
    value,
  );
  if (problems.length) bad(describeProblems(problems));
  const def = value as PriorityGroupDefinition;
  let prevTo: string | null | undefined;
  def.periods.forEach((p, i) => {
    if (p.validTo !== null && p.validTo < p.validFrom) bad(`period ${p.id} ends before it starts`);
    if (i > 0) {
      if (prevTo === null) bad(`period ${p.id} follows a period that never ends`);
      if (prevTo !== undefined && prevTo !== null && nextDay(prevTo) !== p.validFrom)
        bad(`period ${p.id} must start the day after the previous period ends (${prevTo})`);
    }
    prevTo = p.validTo;
    const ids = p.groups.map((g) => g.id);
    if (new Set(ids).size !== ids.length) bad(`period ${p.id} has duplicate group ids`);
    const prec = [...p.precedence].sort().join(',');
    if (prec !== [...ids].sort().join(','))
      bad(`period ${p.id}: precedence must list every group id once`);
    for (const g of p.groups) {
      if (g.turnsAge && g.turnsAge.min > g.turnsAge.max)
        bad(`period ${p.id} group ${g.id}: turnsAge min > max`);
    }
  });
  return def;
}

function nextDay(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** Load and validate a priority-group file (default: the built-in one). */
export function loadPriorityGroups(file: string = PRIORITY_GROUPS_FILE): PriorityGroupDefinition {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError('FILE_NOT_FOUND', `cannot read ${file}: ${(e as Error).message}`, {
      file,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new InputDataError('BAD_JSON', `not valid JSON: ${(e as Error).message}`, { file });
  }
  return validatePriorityGroups(json, file);
}

/** The period in force on an ISO date, or undefined when none is. */
export function periodOn(def: PriorityGroupDefinition, date: string): PriorityPeriod | undefined {
  return def.periods.find((p) => p.validFrom <= date && (p.validTo === null || date <= p.validTo));
}

/** What is known of a person on a date, for {@link classifyPerson}. */
export interface PersonFacts {
  /** Birth year (the registries give the year only). */
  birthYear?: number | null;
  /** The § 1-3 letter the DOT recorded, if any. */
  recordedGroup?: string | null;
  /** IPLOS service groups active on the date (e.g. `home_health_care`). */
  activeServiceGroups?: readonly string[];
}

/**
 * The group a person belongs to on `date` under the rule in force then (reporting id), or null
 * when no group applies. Groups are tried in the period's precedence order:
 * - `age`: the calendar year of `date` minus the birth year lies in `turnsAge` ("the year one
 *   turns N"); with the birth year unknown, a recorded letter of the group is accepted;
 * - `municipal_service`: one of `serviceGroups` is active on the date, or the DOT recorded the letter;
 * - `registered`: the DOT recorded the letter.
 *
 * This is the reference implementation of the SQL in `classify.ts` (tests check they agree).
 */
export function classifyPerson(
  def: PriorityGroupDefinition,
  date: string,
  facts: PersonFacts,
): string | null {
  const p = periodOn(def, date);
  if (!p) return null;
  const year = Number(date.slice(0, 4));
  const turns =
    facts.birthYear === null || facts.birthYear === undefined ? null : year - facts.birthYear;
  const recorded = facts.recordedGroup?.toLowerCase() ?? null;
  const byId = new Map(p.groups.map((g) => [g.id, g]));
  const firstOfCode = (code: string) => p.precedence.find((id) => byId.get(id)?.code === code);
  for (const id of p.precedence) {
    const g = byId.get(id)!;
    if (g.basis === 'age') {
      if (turns !== null) {
        if (turns >= g.turnsAge!.min && turns <= g.turnsAge!.max) return id;
      } else if (recorded === g.code && firstOfCode(g.code) === id) return id;
    } else if (g.basis === 'municipal_service') {
      if (recorded === g.code) return id;
      if ((facts.activeServiceGroups ?? []).some((s) => g.serviceGroups!.includes(s))) return id;
    } else if (recorded === g.code) return id;
  }
  return null;
}

/** One row per period × group, in the form the SQL engine reads (`dental_rules`). */
export interface RuleRow {
  period_id: string;
  valid_from: string;
  valid_to: string | null;
  group_id: string;
  code: string;
  basis: GroupBasis;
  min_age: number | null;
  max_age: number | null;
  service_groups: string[];
  precedence: number;
  /** The first group of the period with this code (used when the birth year is unknown). */
  first_of_code: boolean;
  label: string;
}

/** Flatten a definition into {@link RuleRow}s. */
export function ruleRows(def: PriorityGroupDefinition): RuleRow[] {
  const rows: RuleRow[] = [];
  for (const p of def.periods) {
    const byId = new Map(p.groups.map((g) => [g.id, g]));
    const seen = new Set<string>();
    p.precedence.forEach((id, i) => {
      const g = byId.get(id)!;
      rows.push({
        period_id: p.id,
        valid_from: p.validFrom,
        valid_to: p.validTo,
        group_id: g.id,
        code: g.code,
        basis: g.basis,
        min_age: g.turnsAge?.min ?? null,
        max_age: g.turnsAge?.max ?? null,
        service_groups: g.serviceGroups ?? [],
        precedence: i + 1,
        first_of_code: !seen.has(g.code),
        label: localText(g.shortLabel ?? g.label, 'nb'),
      });
      seen.add(g.code);
    });
  }
  return rows;
}

/** Every reporting group id of a definition, in the order of the latest period's precedence, then older ones. */
export function groupIds(def: PriorityGroupDefinition): string[] {
  const out: string[] = [];
  for (const p of [...def.periods].reverse())
    for (const id of p.precedence) if (!out.includes(id)) out.push(id);
  return out.sort((a, b) => a.localeCompare(b));
}

/** Short label of a reporting group in `lang` (from the latest period that has it). */
export function groupLabel(def: PriorityGroupDefinition, id: string, lang: Lang = 'nb'): string {
  for (const p of [...def.periods].reverse()) {
    const g = p.groups.find((x) => x.id === id);
    if (g) return localText(g.shortLabel ?? g.label, lang);
  }
  return id === 'none' ? text(lang, 'dental.noGroup') : id;
}
