import { CheckFailedError } from '../kernel/errors.js';

/** A symmetric positive definite matrix as rows of numbers. */
export type Matrix = number[][];

/**
 * Cholesky factor L (lower triangular, A = L·Lᵀ) of a symmetric positive definite matrix, by the
 * Cholesky–Banachiewicz algorithm (Golub & Van Loan, _Matrix Computations_, 4th ed., 2013,
 * algorithm 4.2.1). Throws `MATRIX_NOT_POSITIVE_DEFINITE` when a pivot is not positive (a design
 * matrix with collinear or constant columns gives one).
 */
export function cholesky(a: Matrix): Matrix {
  const n = a.length;
  const l: Matrix = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i]![j]!;
      for (let k = 0; k < j; k++) s -= l[i]![k]! * l[j]![k]!;
      if (i === j) {
        if (!(s > 1e-12 * Math.max(1, Math.abs(a[i]![i]!)))) {
          throw new CheckFailedError(
            'MATRIX_NOT_POSITIVE_DEFINITE',
            `the information matrix is singular at column ${i + 1}: a predictor is constant or a combination of others`,
            { column: i },
          );
        }
        l[i]![i] = Math.sqrt(s);
      } else {
        l[i]![j] = s / l[j]![j]!;
      }
    }
  }
  return l;
}

/** Solve A·x = b for x, given A's Cholesky factor L (forward then back substitution). */
export function choleskySolve(l: Matrix, b: readonly number[]): number[] {
  const n = l.length;
  const y = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[i]![k]! * y[k]!;
    y[i] = s / l[i]![i]!;
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < n; k++) s -= l[k]![i]! * x[k]!;
    x[i] = s / l[i]![i]!;
  }
  return x;
}

/** Inverse of a symmetric positive definite matrix from its Cholesky factor (column by column). */
export function choleskyInverse(l: Matrix): Matrix {
  const n = l.length;
  const cols = Array.from({ length: n }, (_, j) =>
    choleskySolve(
      l,
      Array.from({ length: n }, (_, i) => (i === j ? 1 : 0)),
    ),
  );
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => cols[j]![i]!));
}
