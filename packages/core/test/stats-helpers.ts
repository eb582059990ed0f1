import { expect } from 'vitest';

/**
 * Relative closeness for the statistics tests: |actual − expected| ≤ rel·|expected| (≤ rel when
 * expected is 0). The default 1e-7 is at least 6 significant digits.
 */
export function close(actual: number | null | undefined, expected: number, rel = 1e-7): void {
  expect(actual).not.toBeNull();
  expect(actual).not.toBeUndefined();
  const a = actual as number;
  const tol = expected === 0 ? rel : rel * Math.abs(expected);
  expect(Math.abs(a - expected), `${a} vs ${expected}`).toBeLessThanOrEqual(tol);
}
