import type { Db } from '../db.js';
import { int } from '../sql.js';

/**
 * Define the generator's pseudo-random SQL macros for one seed. Every draw is a hash of
 * (seed, key, stream, index), so a value depends only on who and what it is for, never on thread
 * scheduling or row order:
 *
 * - `u(key, stream, i)`   uniform on (0, 1)
 * - `z(key, stream, i)`   standard normal (Box–Muller on two uniforms)
 * - `pick(list, key, stream, i)` one element of a list, uniformly
 * - `rpois(lambda, key, stream, i)` Poisson count (exact inverse transform to k = 10 for λ ≤ 3;
 *   above that, a sum of 8 geometric draws: negative binomial with the same mean)
 * - `rnb(mean, key, stream, i)` negative binomial count with shape 2 (over-dispersed health care
 *   use: sum of two geometric draws, each inverted in closed form)
 */
export async function defineRandomMacros(db: Db, seed: number): Promise<void> {
  const s = int(seed);
  const terms: string[] = [];
  // cumulative Poisson probabilities: count k with CDF(k) < u
  for (let k = 0; k < 11; k++) {
    const parts: string[] = [];
    for (let j = 0; j <= k; j++) parts.push(`pow(l, ${j}) / ${factorial(j)}`);
    terms.push(`(uu > exp(-l) * (${parts.join(' + ')}))::INTEGER`);
  }
  await db.exec(`
CREATE OR REPLACE MACRO u(k, st, i) AS ((hash(${s}, k, st, i) >> 11)::DOUBLE + 0.5) / 9007199254740992.0;
CREATE OR REPLACE MACRO z(k, st, i) AS sqrt(-2 * ln(u(k, st || '.a', i))) * cos(2 * pi() * u(k, st || '.b', i));
CREATE OR REPLACE MACRO pick(lst, k, st, i) AS lst[1 + floor(u(k, st, i) * len(lst))::INTEGER];
CREATE OR REPLACE MACRO rpois_u(l, uu) AS CASE WHEN l <= 0 THEN 0 ELSE ${terms.join(' + ')} END;
CREATE OR REPLACE MACRO rgeom(m, k, st, i) AS CASE WHEN m <= 0 THEN 0
  ELSE floor(ln(u(k, st, i)) / ln(m / (1.0 + m)))::INTEGER END;
CREATE OR REPLACE MACRO rnb(m, k, st, i) AS rgeom(m / 2.0, k, st, 2 * i) + rgeom(m / 2.0, k, st, 2 * i + 1);
CREATE OR REPLACE MACRO rpois(l, k, st, i) AS CASE
  WHEN l <= 0 THEN 0
  WHEN l > 3 THEN rgeom(l / 8.0, k, st, 8 * i) + rgeom(l / 8.0, k, st, 8 * i + 1) + rgeom(l / 8.0, k, st, 8 * i + 2)
    + rgeom(l / 8.0, k, st, 8 * i + 3) + rgeom(l / 8.0, k, st, 8 * i + 4) + rgeom(l / 8.0, k, st, 8 * i + 5)
    + rgeom(l / 8.0, k, st, 8 * i + 6) + rgeom(l / 8.0, k, st, 8 * i + 7)
  ELSE rpois_u(l, u(k, st, i)) END;
`);
}

function factorial(n: number): string {
  let f = 1;
  for (let i = 2; i <= n; i++) f *= i;
  return String(f);
}
