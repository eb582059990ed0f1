/**
 * The chronic conditions the synthetic population carries, with their codes and the parameters
 * of their age- and sex-specific prevalence. Each condition's prevalence at age `a` is
 * `pmax / (1 + exp(-(a - a50) / s))` (non-decreasing in age, so a person who has a condition keeps
 * it: onset is the age where the person's liability crosses the threshold), times a sex factor.
 * Childhood conditions use a steep curve around their onset age. The basis of every figure is in
 * `datasets/README.md`.
 */
export interface SynthCondition {
  /** 1-based id used in the generator's SQL. */
  id: number;
  key: string;
  label: string;
  /** ICD-10 codes (normalised, no dot); a person gets one of them, stable over time. */
  icd10: string[];
  /** ICPC-2 codes used in primary care; a person gets one of them. */
  icpc2: string[];
  /** Organ system, by ICD-10 chapter (the basis of the complex-multimorbidity count). */
  organ: string;
  pmax: number;
  a50: number;
  s: number;
  /** Prevalence multiplier for men and for women. */
  male: number;
  female: number;
  /** Loading on the shared health liability (0–1): the correlation that builds clusters. */
  rho: number;
  /** Probability per year that a person with the condition is followed up in specialist care. */
  followUp: number;
  /** NPR sector of that follow-up: 1 somatic, 2 adult mental health, 4 substance treatment. */
  sector: number;
  /** NPR specialty (episodefag) of follow-up contacts. */
  specialty: string;
}

// prettier-ignore
const c = (
  id: number, key: string, label: string, icd10: string[], icpc2: string[], organ: string,
  pmax: number, a50: number, s: number, male: number, female: number, rho: number,
  followUp: number, sector = 1, specialty = '010',
): SynthCondition => ({ id, key, label, icd10, icpc2, organ, pmax, a50, s, male, female, rho, followUp, sector, specialty });

/** The condition list (order fixes the ids; never reorder, append only). */
// prettier-ignore
export const SYNTH_CONDITIONS: readonly SynthCondition[] = [
  c(1, 'copd', 'COPD', ['J449', 'J441'], ['R95'], 'respiratory', 0.12, 70, 8, 1.1, 0.95, 0.55, 0.30, 1, '010'),
  c(2, 'asthma', 'Asthma', ['J459', 'J450'], ['R96'], 'respiratory', 0.065, 6, 3, 1.0, 1.0, 0.25, 0.06, 1, '010'),
  c(3, 'diabetes2', 'Diabetes type 2', ['E119', 'E112', 'E116'], ['T90'], 'endocrine', 0.17, 66, 9, 1.2, 0.85, 0.5, 0.22, 1, '010'),
  c(4, 'heart_failure', 'Heart failure', ['I500', 'I509'], ['K77'], 'circulatory', 0.25, 88, 7, 1.15, 0.9, 0.6, 0.45, 1, '010'),
  c(5, 'ihd', 'Ischaemic heart disease', ['I251', 'I209', 'I252'], ['K74', 'K76'], 'circulatory', 0.28, 75, 8, 1.5, 0.6, 0.55, 0.30, 1, '010'),
  c(6, 'af', 'Atrial fibrillation', ['I480', 'I489'], ['K78'], 'circulatory', 0.30, 83, 7, 1.2, 0.85, 0.5, 0.30, 1, '010'),
  c(7, 'stroke', 'Stroke', ['I639', 'I64', 'I693'], ['K90'], 'circulatory', 0.15, 83, 7, 1.1, 0.9, 0.5, 0.28, 1, '120'),
  c(8, 'hypertension', 'Hypertension', ['I10'], ['K86', 'K87'], 'circulatory', 0.60, 64, 10, 1.0, 1.0, 0.45, 0.05, 1, '010'),
  c(9, 'ckd', 'Chronic kidney disease', ['N184', 'N183', 'N189'], ['U99'], 'renal', 0.22, 86, 8, 1.1, 0.9, 0.55, 0.30, 1, '010'),
  c(10, 'cancer', 'Cancer', ['C509', 'C619', 'C189', 'C349', 'C439', 'C679'], ['X76', 'Y77', 'D75', 'R84', 'S77', 'U76'], 'neoplasm', 0.16, 76, 9, 1.15, 0.9, 0.35, 0.65, 1, '020'),
  c(11, 'dementia', 'Dementia', ['F039', 'G309', 'F019'], ['P70'], 'mental', 0.55, 91, 5, 0.9, 1.05, 0.55, 0.18, 1, '120'),
  c(12, 'parkinson', "Parkinson's disease", ['G20'], ['N87'], 'nervous', 0.035, 80, 6, 1.4, 0.7, 0.3, 0.55, 1, '120'),
  c(13, 'osteoarthritis', 'Osteoarthritis', ['M179', 'M169', 'M199'], ['L90', 'L89', 'L91'], 'musculoskeletal', 0.35, 70, 9, 0.8, 1.2, 0.35, 0.15, 1, '030'),
  c(14, 'osteoporosis', 'Osteoporosis', ['M819', 'M800'], ['L95'], 'musculoskeletal', 0.30, 79, 7, 0.3, 1.4, 0.4, 0.10, 1, '010'),
  c(15, 'depression_anxiety', 'Depression or anxiety', ['F329', 'F411', 'F331'], ['P76', 'P74'], 'mental', 0.09, 24, 5, 0.7, 1.3, 0.3, 0.14, 2, '450'),
  c(16, 'psychosis_bipolar', 'Schizophrenia or bipolar disorder', ['F209', 'F319', 'F250'], ['P72', 'P73'], 'mental', 0.009, 25, 4, 1.1, 0.9, 0.3, 0.70, 2, '450'),
  c(17, 'substance', 'Substance use disorder', ['F102', 'F112', 'F192'], ['P15', 'P16', 'P19'], 'mental', 0.016, 26, 4, 1.5, 0.5, 0.3, 0.35, 4, '470'),
  c(18, 'epilepsy', 'Epilepsy', ['G409', 'G401'], ['N88'], 'nervous', 0.007, 3, 2, 1.05, 0.95, 0.1, 0.50, 1, '120'),
  c(19, 'cerebral_palsy', 'Cerebral palsy', ['G809', 'G801'], ['N99'], 'nervous', 0.0022, 0.5, 0.3, 1.2, 0.8, 0.0, 0.60, 1, '350'),
  c(20, 'diabetes1', 'Diabetes type 1', ['E109', 'E105'], ['T89'], 'endocrine', 0.006, 10, 3, 1.1, 0.9, 0.05, 0.85, 1, '010'),
  c(21, 'autism_adhd', 'Autism or ADHD', ['F840', 'F900', 'F845'], ['P99', 'P81'], 'mental', 0.035, 9, 2, 1.5, 0.55, 0.1, 0.25, 2, '450'),
];

/** Conditions of the digital home follow-up target group (COPD, diabetes, heart failure). */
export const DHO_CONDITION_KEYS = ['copd', 'diabetes2', 'diabetes1', 'heart_failure'] as const;

/** Prevalence of a condition at an age for a sex (the curve described above), capped at 0.95. */
export function conditionPrevalence(cond: SynthCondition, sex: 'M' | 'F', age: number): number {
  const p = cond.pmax / (1 + Math.exp(-(age - cond.a50) / cond.s));
  return Math.min(0.95, p * (sex === 'M' ? cond.male : cond.female));
}

/**
 * Inverse of the standard normal distribution function (Acklam's rational approximation,
 * relative error below 1.2e-9). Used once per condition × sex × age to turn prevalences into
 * liability thresholds; never per person.
 */
export function normalQuantile(p: number): number {
  if (p <= 0) return -40;
  if (p >= 1) return 40;
  const a = [
    -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2,
    -3.066479806614716e1, 2.506628277459239,
  ];
  const b = [
    -5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1,
    -1.328068155288572e1,
  ];
  const cc = [
    -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734,
    4.374664141464968, 2.938163982698783,
  ];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const pl = 0.02425;
  let q: number;
  let r: number;
  if (p < pl) {
    q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((cc[0]! * q + cc[1]!) * q + cc[2]!) * q + cc[3]!) * q + cc[4]!) * q + cc[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1)
    );
  }
  if (p <= 1 - pl) {
    q = p - 0.5;
    r = q * q;
    return (
      ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
      (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
    );
  }
  q = Math.sqrt(-2 * Math.log(1 - p));
  return (
    -(((((cc[0]! * q + cc[1]!) * q + cc[2]!) * q + cc[3]!) * q + cc[4]!) * q + cc[5]!) /
    ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1)
  );
}
