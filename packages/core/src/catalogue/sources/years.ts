import { int } from '../../kernel/sql.js';

/** `(VALUES (y1), (y2), …) AS yr(year)`: the base years as a relation. */
export const yearsValues = (years: readonly number[]) =>
  `(VALUES ${years.map((y) => `(${int(y)})`).join(', ')}) AS yr(year)`;
