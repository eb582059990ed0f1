/**
 * The suppression threshold and the published convention. Counts from 1 to 4 are hidden in
 * Norwegian health statistics; a lower threshold is possible only with an explicit, loud
 * opt-out (`disclosure.allowBelowConvention: true` in felles.json), which every output records
 * and every run prints.
 */
import { UsageError } from '../kernel/errors.js';

/** The published convention: counts from 1 to 4 are hidden. */
export const CONVENTION_THRESHOLD = 4;

/** The threshold a run uses, and whether it is below the convention. */
export interface ThresholdChoice {
  threshold: number;
  /** True when the threshold is below {@link CONVENTION_THRESHOLD} (opted out). */
  belowConvention: boolean;
}

/** What a threshold can be read from. */
export interface ThresholdSource {
  threshold?: number;
  allowBelowConvention?: boolean;
}

/**
 * The threshold to use: `explicit.threshold`, else the workspace's `disclosure.threshold`, else
 * 4. Refuses (`BAD_THRESHOLD`) anything but a whole number ≥ 0, and (`THRESHOLD_BELOW_CONVENTION`)
 * a threshold below 4 unless `allowBelowConvention` is set (explicitly, or in the workspace).
 */
export function resolveThreshold(
  explicit: ThresholdSource = {},
  workspace?: ThresholdSource,
): ThresholdChoice {
  const threshold = explicit.threshold ?? workspace?.threshold ?? CONVENTION_THRESHOLD;
  if (!Number.isInteger(threshold) || threshold < 0) {
    throw new UsageError(
      'BAD_THRESHOLD',
      `disclosure.threshold must be a whole number ≥ 0, got ${String(threshold)}`,
    );
  }
  const allowed = explicit.allowBelowConvention ?? workspace?.allowBelowConvention ?? false;
  if (threshold < CONVENTION_THRESHOLD && allowed !== true) {
    throw new UsageError(
      'THRESHOLD_BELOW_CONVENTION',
      threshold === 0
        ? `disclosure.threshold 0 would switch suppression off: every count, also 1, 2 and 3, would be published. The published convention hides counts from 1 to ${CONVENTION_THRESHOLD}. To do this anyway, set "allowBelowConvention": true next to "threshold" under "disclosure" in felles.json; every output will then say so.`
        : `disclosure.threshold ${threshold} is below the published convention (counts from 1 to ${CONVENTION_THRESHOLD} are hidden): counts from ${threshold + 1} to ${CONVENTION_THRESHOLD} would be published. To do this anyway, set "allowBelowConvention": true next to "threshold" under "disclosure" in felles.json; every output will then say so.`,
    );
  }
  return { threshold, belowConvention: threshold < CONVENTION_THRESHOLD };
}

/**
 * The warning every run prints, and every output carries in its notes, when the threshold is
 * below the convention (undefined otherwise).
 */
export function belowConventionNotice(choice: ThresholdChoice): string | undefined {
  if (!choice.belowConvention) return undefined;
  return choice.threshold === 0
    ? `WARNING: disclosure control is switched off (threshold 0, allowed by disclosure.allowBelowConvention in felles.json): counts of 1 to ${CONVENTION_THRESHOLD} are published unsuppressed. These outputs do not follow the published convention and must not be shared as if they did.`
    : `WARNING: disclosure threshold ${choice.threshold} is below the published convention of ${CONVENTION_THRESHOLD} (allowed by disclosure.allowBelowConvention in felles.json): counts from ${choice.threshold + 1} to ${CONVENTION_THRESHOLD} are published. These outputs do not follow the published convention.`;
}
