import type { Db } from '../kernel/db.js';
import { int } from '../kernel/sql.js';

/**
 * Define the generator's pseudo-random SQL macros for one seed. Every draw is a hash of
 * (seed, key, stream, index), so a value depends only on who and what it is for, never on thread
 * scheduling or row order:
 *
 * - `u(key, stream, i)`   uniform on (0, 1)
 * - `z(key, stream, i)`   standard normal (Box–Muller on two uniforms)
 * - `pick(list, key, stream, i)` one element of a list, uniformly
 * - `rpois(lambda, key, stream, i)` near-Poisson count: negative binomial with shape 4 (a sum of
 *   four geometric draws, variance λ + λ²/4), cheap and set-based
 * - `rnb(mean, key, stream, i)` negative binomial count with shape 2 (over-dispersed health care
 *   use: sum of two geometric draws, each inverted in closed form)
 */
export async function defineRandomMacros(db: Db, seed: number): Promise<void> {
  const s = int(seed);
  await db.exec(`
CREATE OR REPLACE MACRO u(k, st, i) AS ((hash(${s}, k, st, i) >> 11)::DOUBLE + 0.5) / 9007199254740992.0;
CREATE OR REPLACE MACRO z(k, st, i) AS sqrt(-2 * ln(u(k, st || '.a', i))) * cos(2 * pi() * u(k, st || '.b', i));
CREATE OR REPLACE MACRO pick(lst, k, st, i) AS lst[1 + floor(u(k, st, i) * len(lst))::INTEGER];
CREATE OR REPLACE MACRO rgeom(m, k, st, i) AS CASE WHEN m <= 0 THEN 0
  ELSE floor(ln(u(k, st, i)) / ln(m / (1.0 + m)))::INTEGER END;
CREATE OR REPLACE MACRO rnb(m, k, st, i) AS rgeom(m / 2.0, k, st, 2 * i) + rgeom(m / 2.0, k, st, 2 * i + 1);
CREATE OR REPLACE MACRO rpois(l, k, st, i) AS rgeom(l / 4.0, k, st, 4 * i) + rgeom(l / 4.0, k, st, 4 * i + 1)
  + rgeom(l / 4.0, k, st, 4 * i + 2) + rgeom(l / 4.0, k, st, 4 * i + 3);
`);
}
