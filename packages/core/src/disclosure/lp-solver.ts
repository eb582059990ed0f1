/**
 * A thin layer over HiGHS (the `highs` package: the HiGHS solver compiled to WebAssembly, loaded
 * from the package's own files, no network): one persistent model per component, solved again
 * with a new objective from the previous basis.
 */
import type { Highs } from 'highs';
import { FellesError } from '../kernel/errors.js';

type Loader = () => Promise<Highs>;

/** Import the `highs` package on first use (not when felles is imported) and start its loader. */
async function loadHighs(): Promise<Highs> {
  const highsImport: unknown = (await import('highs')).default;
  // The package's ES module exports the loader as default; its types describe the CommonJS shape.
  const loader: Loader =
    typeof highsImport === 'function'
      ? (highsImport as Loader)
      : (highsImport as { default: Loader }).default;
  return loader();
}

/** An LP over a fixed feasible set, solved for different objectives. */
export interface LpModel {
  /**
   * Minimise `sense · Σ x[vars]` (sense −1 maximises) and return the optimal point. Throws
   * `DISCLOSURE_INCONSISTENT` when the set is empty.
   */
  solve(vars: readonly number[], sense: 1 | -1): Float64Array;
  /** Change the bounds of a variable. */
  setBounds(j: number, lower: number, upper: number): void;
  dispose(): void;
}

/** Makes {@link LpModel}s. */
export interface LpSolver {
  /** `lower ≤ x ≤ upper`, and for every row `Σ val·x[idx] = rhs`. */
  model(
    lower: readonly number[],
    upper: readonly number[],
    rows: ReadonlyArray<{ idx: readonly number[]; val: readonly number[]; rhs: number }>,
  ): LpModel;
}

let highsPromise: Promise<Highs> | undefined;

/** Load HiGHS once per process. */
export async function loadSolver(): Promise<LpSolver> {
  highsPromise ??= loadHighs();
  const highs = await highsPromise;
  return { model: (lower, upper, rows) => makeModel(highs, lower, upper, rows) };
}

function makeModel(
  highs: Highs,
  lower: readonly number[],
  upper: readonly number[],
  rows: ReadonlyArray<{ idx: readonly number[]; val: readonly number[]; rhs: number }>,
): LpModel {
  const n = lower.length;
  const used = rows.filter((r) => r.idx.length > 0);
  for (const r of rows)
    if (r.idx.length === 0 && Math.abs(r.rhs) > 1e-9) throw inconsistentSystem();
  const starts = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (const r of used) {
    indices.push(...r.idx);
    values.push(...r.val);
    starts.push(indices.length);
  }
  const rhs = Float64Array.from(used.map((r) => r.rhs));
  // options before the model: set afterwards, HiGHS runs slower (measured: 5 ms against 0.1 ms
  // per solve of a small model). No scaling: every coefficient is ±1, and scaling a small model
  // costs more than solving it (measured: 0.3 ms against 0.1 ms per solve of a 3 × 3 table)
  const model = highs.createModel();
  model.options.set({
    output_flag: false,
    presolve: 'off',
    solver: 'simplex',
    simplex_strategy: 1,
    simplex_scale_strategy: 0,
  });
  model.passModel({
    numCols: n,
    numRows: used.length,
    colCost: new Float64Array(n),
    colLower: Float64Array.from(lower),
    colUpper: Float64Array.from(upper),
    rowLower: rhs,
    rowUpper: rhs,
    matrix: {
      format: 'csr',
      numRows: used.length,
      numCols: n,
      starts: Int32Array.from(starts),
      indices: Int32Array.from(indices),
      values: Float64Array.from(values),
    },
  });
  let costed: readonly number[] = [];
  return {
    solve(vars, sense) {
      for (const j of costed) model.changeColCost(j, 0);
      for (const j of vars) model.changeColCost(j, sense);
      costed = vars;
      model.run();
      const status = model.getModelStatus();
      if (status !== highs.constants.modelStatus.optimal) {
        if (status === highs.constants.modelStatus.infeasible) throw inconsistentSystem();
        throw new FellesError(
          'DISCLOSURE_AUDIT_FAILED',
          `the disclosure audit's linear program ended with status ${status}; please report this`,
        );
      }
      return Float64Array.from(model.getSolution().colValue);
    },
    setBounds(j, lo, hi) {
      model.changeColBounds(j, lo, hi);
    },
    dispose() {
      model.dispose();
    },
  };
}

function inconsistentSystem(): FellesError {
  return new FellesError(
    'DISCLOSURE_INCONSISTENT',
    'the published tables contradict their own totals (no values fit them all); please report this',
  );
}
