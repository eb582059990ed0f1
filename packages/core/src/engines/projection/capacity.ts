import { matchesPattern } from './definitions.js';
import type { CapacityRule, CapacitySettings, Scenario, ServiceLineDef } from './types.js';

/**
 * Default capacity parameters. Occupancy 85 % is the planning norm the brief names; the
 * outpatient figures are illustrative defaults (230 opening days × 8 hours × 1.5 consultations
 * per room-hour) that every user should replace with local figures in the scenario file.
 */
export const DEFAULT_CAPACITY: CapacitySettings = {
  occupancy: { default: 0.85 },
  outpatient: { openingDays: 230, hoursPerDay: 8, consultationsPerRoomHour: 1.5 },
  ratios: [],
};

/** Capacity settings of a scenario merged over the defaults. */
export function capacitySettings(s: Scenario | undefined): CapacitySettings {
  return {
    occupancy: { ...DEFAULT_CAPACITY.occupancy, ...(s?.capacity?.occupancy ?? {}) },
    outpatient: { ...DEFAULT_CAPACITY.outpatient, ...(s?.capacity?.outpatient ?? {}) },
    ratios: [...(s?.capacity?.ratios ?? [])],
  };
}

/** One resource a line drives: resource = volume / divisor. */
export interface CapacityTerm {
  resource: string;
  divisor: number;
  formula: string;
}

/**
 * The capacity terms of a line (sub-lines `id:group` inherit their parent's rules):
 * - beds, places: days / (365 × occupancy[key] (or default));
 * - rooms: consultations / (opening days × hours per day × consultations per room-hour);
 * - ratio: volume × share / per  (e.g. digital home follow-up patients / 80 per nurse FTE).
 */
export function capacityTerms(
  lineId: string,
  defs: ReadonlyMap<string, ServiceLineDef>,
  settings: CapacitySettings,
): CapacityTerm[] {
  const parent = lineId.split(':')[0]!;
  const def = defs.get(parent);
  const rules: CapacityRule[] = [...(def?.capacity ?? [])];
  for (const r of settings.ratios)
    if (r.lines.some((p) => matchesPattern(lineId, p) || matchesPattern(parent, p))) rules.push(r);
  const terms: CapacityTerm[] = [];
  for (const r of rules) {
    switch (r.kind) {
      case 'beds':
      case 'places': {
        const key = r.occupancyKey ?? def?.sector ?? 'default';
        const occ = settings.occupancy[key] ?? settings.occupancy['default'] ?? 0.85;
        terms.push({ resource: r.resource, divisor: 365 * occ, formula: `days / (365 × ${occ})` });
        break;
      }
      case 'rooms': {
        const o = settings.outpatient;
        terms.push({
          resource: r.resource,
          divisor: o.openingDays * o.hoursPerDay * o.consultationsPerRoomHour,
          formula: `consultations / (${o.openingDays} days × ${o.hoursPerDay} h × ${o.consultationsPerRoomHour} per room-hour)`,
        });
        break;
      }
      case 'ratio': {
        const per = r.per ?? 1;
        const share = r.share ?? 1;
        terms.push({
          resource: r.resource,
          divisor: per / share,
          formula: share === 1 ? `volume / ${per}` : `volume × ${share} / ${per}`,
        });
        break;
      }
    }
  }
  return terms;
}
