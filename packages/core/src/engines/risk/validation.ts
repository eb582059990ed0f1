import {
  auroc,
  brierScore,
  calibration,
  calibrationGroups,
  liftAt,
  type Auroc,
  type Calibration,
  type CalibrationGroup,
  type Lift,
  type ScoreGroup,
} from '../../stats/index.js';

/** How a model did on the held-out year. */
export interface RiskValidation {
  persons: number;
  events: number;
  auroc: Auroc;
  calibration: Calibration;
  brier: number;
  /** Lift in the top 0.5 %, 1 % and 5 %. */
  lift: Lift[];
  /** Calibration plot by decile of predicted risk. */
  deciles: CalibrationGroup[];
}

/** Fractions whose lift is reported. */
export const LIFT_FRACTIONS = [0.005, 0.01, 0.05] as const;

/** Validate predictions against outcomes, from persons grouped by predicted probability. */
export async function validate(groups: readonly ScoreGroup[]): Promise<RiskValidation> {
  return {
    persons: groups.reduce((s, g) => s + g.n, 0),
    events: groups.reduce((s, g) => s + g.events, 0),
    auroc: auroc(groups),
    calibration: await calibration(groups),
    brier: brierScore(groups),
    lift: LIFT_FRACTIONS.map((f) => liftAt(groups, f)),
    deciles: calibrationGroups(groups, 10),
  };
}
