import type { LogisticFit } from '../../stats/index.js';
import type { TermSupport } from './fit.js';
import type { RiskTerm } from './terms.js';
import type { RiskValidation } from './validation.js';

/** One fitted model (the full model or the age–sex baseline) and how it validated. */
export interface RiskModelResult {
  name: 'model' | 'age-sex baseline';
  terms: RiskTerm[];
  fit: LogisticFit;
  support: TermSupport[];
  validation: RiskValidation;
}
