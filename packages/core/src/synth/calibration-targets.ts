/** The calibration table of the synthetic extracts: its rows and the published targets. */

/** One line of the calibration table. */
export interface CalibrationRow {
  /** Stable id, e.g. `cmm.80+`. */
  id: string;
  label: string;
  target: number;
  generated: number;
  /** generated / target. */
  ratio: number;
  /** Allowed relative deviation (0.15 = ±15 %). */
  tolerance: number;
  ok: boolean;
  /** Numerator and denominator behind `generated`, when it is a ratio of counts. */
  numerator?: number;
  denominator?: number;
}

/** Published national figures the generator is calibrated to (sources in datasets/README.md). */
export const CALIBRATION_TARGETS = {
  cmmAdults: 0.017,
  cmm18_59: 0.004,
  cmm60_79: 0.037,
  cmm80: 0.096,
  frail75: 0.143,
  frail75_79: 0.049,
  frail80_89: 0.149,
  frail90: 0.482,
  cmmAlsoFrail: 0.24,
  gpPhysical: 2.4,
  gpEconsultation: 0.65,
  videoPhoneShare: 0.13,
  dhoPer1000: 4,
  dental3to18: 0.65,
  hfCmm80Min: 0.07,
  hfCmm80Max: 0.12,
  countyDentalMin: 0.65,
  countyDentalMax: 0.9,
  waitSomatic: 71,
  waitPhvAdults: 52,
  waitBup: 55,
  waitTsb: 33,
  bupRejected: 0.2,
  mhInvoluntary: 20.9,
  mhCoercionPatients: 4.8,
} as const;
