/**
 * The published system: every protected count cell a run publishes (and, through the ledger,
 * what the workspace published before on the same data) and the additive relations between them.
 * A cell is a *measure* (what is counted, e.g. an indicator numerator with its definition id and
 * version) at *coordinates* (period, area, one value per breakdown). Relations come from the
 * hierarchies of the coordinates: a value with a decomposition (a total and its parts, a
 * helsefellesskap and its municipalities) gives, for every cell with that value, the relation
 * `cell = Σ cell with each part`; a part nobody published is a *free* unknown (≥ 0).
 */
import { CheckFailedError, UsageError } from '../kernel/errors.js';
import { FREE, SHOWN, TOTAL, cellKey, describeCell, type CellState } from './cell-key.js';
import { computeTwins, untwin } from './twins.js';

export {
  TOTAL,
  SHOWN,
  PRIMARY,
  SECONDARY,
  FREE,
  cellKey,
  describeCell,
  type CellState,
} from './cell-key.js';

/** One additive relation: `cells[parent] = Σ cells[children]`. */
export interface Relation {
  parent: number;
  children: number[];
  /** Where it came from, for messages: `area: HFF-TELEMARK = Σ 17 parts` or `columns`. */
  origin: string;
}

/** A cell of the system. */
export interface SystemCell {
  key: string;
  measure: string;
  coords: ReadonlyMap<string, string>;
  /** The true value (null: not known — a free unknown or a missing count). */
  value: number | null;
  state: CellState;
  /** Published before (ledger): its state cannot change. */
  fixed: boolean;
  /** Published by the current run. */
  current: boolean;
}

/**
 * The linked system of a publication. Declare hierarchies ({@link addDecomposition}), add the
 * cells ({@link addCell}) and explicit relations ({@link addRelation}), then {@link build} to
 * canonicalise twins and generate the relations.
 */
export class CellSystem {
  readonly cells: SystemCell[] = [];
  readonly relations: Relation[] = [];
  /** Relations dropped because they do not hold on the values (notes for the manifest). */
  readonly notes: string[] = [];
  private readonly byKey = new Map<string, number>();
  /** scope (`measure|coordinate`, measure `*` = every measure) → parent value → decompositions */
  private readonly decomps = new Map<string, Map<string, string[][]>>();
  private readonly explicit: Array<{ parent: string; children: string[]; origin: string }> = [];
  private readonly pending: Array<{
    measure: string;
    coords: Map<string, string>;
    value: number | null;
    state?: CellState;
    current: boolean;
  }> = [];
  private built = false;
  private twins = new Map<string, Map<string, string>>();
  /** `measure|coordinate|value`: a twin that does not hold for this measure (see untwinConflicts). */
  private readonly untwinned = new Set<string>();

  /** Declare `parent = Σ children` for a coordinate (of one measure, or `*` for all). */
  addDecomposition(
    measure: string,
    coordinate: string,
    parent: string,
    children: readonly string[],
  ): void {
    this.assertOpen();
    const scope = `${measure}|${coordinate}`;
    let m = this.decomps.get(scope);
    if (!m) this.decomps.set(scope, (m = new Map()));
    const list = m.get(parent) ?? [];
    const sorted = [...new Set(children)].sort();
    if (!list.some((d) => d.length === sorted.length && d.every((x, i) => x === sorted[i])))
      list.push(sorted);
    m.set(parent, list);
  }

  /**
   * Add a published cell. `state` is given for cells from the ledger (fixed); for the current
   * run it is decided by suppression. The same cell added twice must have the same value.
   * Returns a handle resolved to a cell index by {@link indexOf} after {@link build}.
   */
  addCell(
    measure: string,
    coords: ReadonlyMap<string, string>,
    value: number | null,
    options: { state?: CellState; current?: boolean } = {},
  ): number {
    this.assertOpen();
    this.pending.push({
      measure,
      coords: new Map(coords),
      value,
      ...(options.state !== undefined ? { state: options.state } : {}),
      current: options.current ?? options.state === undefined,
    });
    return this.pending.length - 1;
  }

  /** An explicit relation between cells given as (measure, coordinates): e.g. count columns that add up. */
  addRelation(
    parent: { measure: string; coords: ReadonlyMap<string, string> },
    children: ReadonlyArray<{ measure: string; coords: ReadonlyMap<string, string> }>,
    origin: string,
  ): void {
    this.assertOpen();
    this.explicit.push({
      parent: this.rawKey(parent.measure, parent.coords),
      children: children.map((c) => this.rawKey(c.measure, c.coords)),
      origin,
    });
  }

  private readonly handles: number[] = [];

  /** The cell index of a handle returned by {@link addCell}. */
  indexOf(handle: number): number {
    return this.handles[handle]!;
  }

  /** Canonicalise, merge duplicate cells, and generate every relation. */
  build(): this {
    this.assertOpen();
    this.built = true;
    this.twins = computeTwins(this.decomps.keys(), (m, c) => this.decompositionsOf(m, c));
    // a twin the data contradict is taken apart, and the cells are merged again (rare)
    while (!this.mergePending());
    this.generate();
    return this;
  }

  /**
   * Merge the pending cells into canonical cells. Returns false (having taken those twins apart)
   * when cells merged by a twin have different values: the caller merges again.
   */
  private mergePending(): boolean {
    this.cells.length = 0;
    this.byKey.clear();
    this.handles.length = 0;
    const valueFrom: number[] = []; // cell → the pending cell its value came from
    let untwinned = false;
    for (let k = 0; k < this.pending.length; k++) {
      const p = this.pending[k]!;
      const coords = this.canonical(p.measure, p.coords);
      const key = cellKey(p.measure, coords);
      let i = this.byKey.get(key);
      if (i === undefined) {
        i = this.cells.length;
        this.byKey.set(key, i);
        valueFrom.push(k);
        this.cells.push({
          key,
          measure: p.measure,
          coords,
          value: p.value,
          // a missing count (NULL) is unknown to everyone: a free unknown
          state: p.state ?? (p.value === null ? FREE : SHOWN),
          fixed: p.state !== undefined,
          current: p.current,
        });
      } else {
        const c = this.cells[i]!;
        if (c.value !== p.value && c.value !== null && p.value !== null) {
          if (untwin(this.pending[valueFrom[i]!]!, p, this, this.untwinned, this.notes)) {
            untwinned = true;
            continue;
          }
          throw new CheckFailedError(
            'CELL_CONFLICT',
            `the same count (${describeCell(c)}) is ${String(p.value)} here and ${String(c.value)} ${c.fixed || p.state !== undefined ? 'in an earlier publication on the same data' : 'in another table of this run'}; the tables do not agree and cannot be published together`,
          );
        }
        if (c.value === null && p.value !== null) {
          c.value = p.value;
          valueFrom[i] = k;
          if (c.state === FREE && !c.fixed) c.state = SHOWN;
        }
        if (p.state !== undefined && !c.fixed) {
          c.state = p.state;
          c.fixed = true;
        }
        c.current ||= p.current;
      }
      this.handles.push(i);
    }
    return !untwinned;
  }

  private assertOpen(): void {
    if (this.built) throw new UsageError('SYSTEM_BUILT', 'the cell system is already built');
  }
  private rawKey(measure: string, coords: ReadonlyMap<string, string>): string {
    return `${measure}\u0000${JSON.stringify([...coords].sort())}`;
  }

  private decompositionsOf(measure: string, coordinate: string): Map<string, string[][]> {
    const own = this.decomps.get(`${measure}|${coordinate}`);
    const all = this.decomps.get(`*|${coordinate}`);
    if (!own) return all ?? new Map();
    if (!all) return own;
    const merged = new Map(all);
    for (const [p, ds] of own) merged.set(p, [...(merged.get(p) ?? []), ...ds]);
    return merged;
  }

  /** The canonical value of a coordinate value (its twin representative). */
  canonicalValue(measure: string, coordinate: string, value: string): string {
    if (this.untwinned.size && this.untwinned.has(`${measure}|${coordinate}|${value}`))
      return value;
    return (
      this.twins.get(`${measure}|${coordinate}`)?.get(value) ??
      this.twins.get(`*|${coordinate}`)?.get(value) ??
      value
    );
  }

  private canonical(measure: string, coords: ReadonlyMap<string, string>): Map<string, string> {
    const out = new Map<string, string>();
    for (const [c, v] of coords) out.set(c, this.canonicalValue(measure, c, v));
    return out;
  }

  private cellAt(measure: string, coords: Map<string, string>): number {
    const key = cellKey(measure, coords);
    let i = this.byKey.get(key);
    if (i === undefined) {
      i = this.cells.length;
      this.byKey.set(key, i);
      this.cells.push({
        key,
        measure,
        coords,
        value: null,
        state: FREE,
        fixed: false,
        current: false,
      });
    }
    return i;
  }

  /**
   * Every relation that touches a published cell: for each published cell and each coordinate,
   * the decompositions of its value (it is the total) and of its value's parents (it is a part).
   * Parts or totals nobody published become free unknowns; relations between unpublished cells
   * only are not generated (see the limits in docs/disclosure.md).
   */
  private generate(): void {
    const seen = new Set<string>();
    const published = this.cells.length;
    const canonDecomps = new Map<string, Map<string, string[][]>>();
    const childOf = new Map<string, Map<string, Array<[string, number]>>>();
    const prepare = (measure: string, coordinate: string) => {
      const scope = `${measure}|${coordinate}`;
      if (canonDecomps.has(scope)) return;
      const cd = new Map<string, string[][]>();
      const co = new Map<string, Array<[string, number]>>();
      for (const [p0, ds] of this.decompositionsOf(measure, coordinate)) {
        const p = this.canonicalValue(measure, coordinate, p0);
        for (const d0 of ds) {
          const d = [...new Set(d0.map((v) => this.canonicalValue(measure, coordinate, v)))]
            .filter((v) => v !== p)
            .sort();
          if (d.length === 0 || d0.length < 2) continue; // a twin, merged
          const list = cd.get(p) ?? [];
          if (list.some((x) => x.join('\u0001') === d.join('\u0001'))) continue;
          list.push(d);
          cd.set(p, list);
          for (const c of d) {
            const l = co.get(c) ?? [];
            l.push([p, list.length - 1]);
            co.set(c, l);
          }
        }
      }
      canonDecomps.set(scope, cd);
      childOf.set(scope, co);
    };
    const coordinatesOf = new Map<string, Set<string>>();
    for (let i = 0; i < published; i++) {
      const c = this.cells[i]!;
      const set = coordinatesOf.get(c.measure) ?? new Set<string>();
      for (const k of c.coords.keys()) set.add(k);
      coordinatesOf.set(c.measure, set);
    }
    for (const [measure, set] of coordinatesOf) {
      for (const scope of this.decomps.keys()) {
        const [m, coordinate] = splitScope(scope);
        if (m === measure || m === '*') set.add(coordinate);
      }
    }
    const emit = (
      measure: string,
      coords: Map<string, string>,
      coordinate: string,
      p: string,
      d: string[],
      k: number,
    ) => {
      const parentCoords = new Map(coords);
      parentCoords.set(coordinate, p);
      const rkey = `${cellKey(measure, parentCoords)}\u0002${coordinate}\u0002${k}`;
      if (seen.has(rkey)) return;
      seen.add(rkey);
      const parent = this.cellAt(measure, parentCoords);
      const children = d.map((v) => {
        const cc = new Map(coords);
        cc.set(coordinate, v);
        return this.cellAt(measure, cc);
      });
      this.relations.push({
        parent,
        children,
        origin: `${coordinate}: ${p === TOTAL ? 'total' : p} = Σ ${d.length} parts`,
      });
    };
    for (let i = 0; i < published; i++) {
      const cell = this.cells[i]!;
      for (const coordinate of coordinatesOf.get(cell.measure) ?? []) {
        prepare(cell.measure, coordinate);
        const scope = `${cell.measure}|${coordinate}`;
        const v = cell.coords.get(coordinate) ?? TOTAL;
        const coords = new Map(cell.coords);
        (canonDecomps.get(scope)!.get(v) ?? []).forEach((d, k) =>
          emit(cell.measure, coords, coordinate, v, d, k),
        );
        for (const [p, k] of childOf.get(scope)!.get(v) ?? [])
          emit(cell.measure, coords, coordinate, p, canonDecomps.get(scope)!.get(p)![k]!, k);
      }
    }
    for (const e of this.explicit) {
      const idx = (raw: string) => {
        const [measure, json] = raw.split('\u0000') as [string, string];
        const coords = this.canonical(
          measure,
          new Map(JSON.parse(json) as Array<[string, string]>),
        );
        return this.cellAt(measure, coords);
      };
      this.relations.push({
        parent: idx(e.parent),
        children: e.children.map(idx),
        origin: e.origin,
      });
    }
    this.dropFalseRelations();
  }

  /** A relation whose cells are all known and do not add up does not hold: not used. */
  private dropFalseRelations(): void {
    const keep: Relation[] = [];
    for (const r of this.relations) {
      const vals = [r.parent, ...r.children].map((i) => this.cells[i]!.value);
      if (vals.every((v) => v !== null)) {
        const [p, ...cs] = vals as number[];
        if (p !== cs.reduce((s, x) => s + x, 0)) {
          this.notes.push(
            `not used: ${describeCell(this.cells[r.parent]!)} (${r.origin}) does not add up in the data`,
          );
          continue;
        }
      }
      keep.push(r);
    }
    // Element by element: a spread of a national run's relations exceeds the call-stack limit.
    this.relations.length = 0;
    for (const r of keep) this.relations.push(r);
  }
}

/** `measure|coordinate` → its two parts. */
function splitScope(scope: string): [string, string] {
  const k = scope.lastIndexOf('|');
  return [scope.slice(0, k), scope.slice(k + 1)];
}
