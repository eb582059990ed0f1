/**
 * Output units of indicators: the multiplier applied to numerator / denominator and the label
 * printed beside every value.
 */
import type { IndicatorDefinition } from './types.js';

const MULTIPLIER: Record<IndicatorDefinition['unit'], number> = {
  per_1000: 1000,
  per_10000: 10000,
  per_cent: 100,
  percentage_points: 100,
  per_person: 1,
  days: 1,
  ratio: 1,
};

/** Multiplier of a unit. */
export function unitMultiplier(unit: IndicatorDefinition['unit']): number {
  return MULTIPLIER[unit];
}

/** Human unit label. */
export function unitLabel(unit: IndicatorDefinition['unit']): string {
  return {
    per_1000: 'per 1 000',
    per_10000: 'per 10 000',
    per_cent: 'per cent',
    per_person: 'per person',
    days: 'days',
    ratio: 'ratio',
    percentage_points: 'percentage points',
  }[unit];
}
