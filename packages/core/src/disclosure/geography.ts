/**
 * The geography as the linked system sees it: which areas are sums of which others. Area ids
 * are those of felles' outputs: `K-<municipality>`, `B-<city district>`, `HFF-<helsefellesskap>`,
 * `HF-<health trust>`, `RHF-<regional health authority>`, `NO` (the country) and `K-unknown`
 * (residence not known, a part of the country only).
 */
import type { Db } from '../kernel/db.js';
import { int } from '../kernel/sql.js';
import { TOTAL } from './cell-system.js';

/** `parent = Σ children` for area ids. */
export interface AreaDecomposition {
  parent: string;
  children: string[];
}

/** The decompositions of the `area` coordinate. */
export interface AreaHierarchy {
  decompositions: AreaDecomposition[];
}

/**
 * Read the hierarchy of a workspace's geography (structure year `structureYear`):
 * - the country (`NO`, the total) = Σ RHF + `K-unknown`;
 * - RHF = Σ its helsefellesskap; helsefellesskap = Σ its municipalities;
 * - health trust = Σ the municipalities and city districts of its catchment (a trust whose
 *   catchment is exactly its helsefellesskap's municipalities is the same cell as the
 *   helsefellesskap: identical decompositions make twins);
 * - a municipality with city districts in the catchment (Oslo) = Σ those districts.
 * A helsefellesskap of one municipality (Oslo) is that municipality (a one-part decomposition).
 */
export async function areaHierarchy(db: Db, structureYear: number): Promise<AreaHierarchy> {
  const out: AreaDecomposition[] = [{ parent: 'NO', children: [TOTAL] }];
  const group = (rows: Array<Record<string, unknown>>, p: string, c: string) => {
    const m = new Map<string, string[]>();
    for (const r of rows) {
      const parent = String(r[p]);
      const list = m.get(parent) ?? [];
      list.push(String(r[c]));
      m.set(parent, list);
    }
    for (const [parent, children] of [...m].sort(([a], [b]) => (a < b ? -1 : 1)))
      out.push({ parent, children: children.sort() });
  };
  const rhf = await db.all(
    `SELECT DISTINCT 'RHF-' || rhf_code AS c FROM helsefellesskap ORDER BY 1`,
  );
  out.push({ parent: TOTAL, children: [...rhf.map((r) => String(r['c'])), 'K-unknown'] });
  group(
    await db.all(
      `SELECT 'RHF-' || rhf_code AS p, 'HFF-' || code AS c FROM helsefellesskap ORDER BY 1, 2`,
    ),
    'p',
    'c',
  );
  group(
    await db.all(
      `SELECT 'HFF-' || hff_code AS p, 'K-' || code AS c FROM municipality ORDER BY 1, 2`,
    ),
    'p',
    'c',
  );
  const y = int(structureYear);
  group(
    await db.all(
      `SELECT DISTINCT 'HF-' || hf_code AS p,
              CASE WHEN area_level = 'district' THEN 'B-' || area_code ELSE 'K-' || area_code END AS c
       FROM catchment WHERE structure_year = ${y} ORDER BY 1, 2`,
    ),
    'p',
    'c',
  );
  group(
    await db.all(
      `SELECT DISTINCT 'K-' || municipality_code AS p, 'B-' || area_code AS c
       FROM catchment WHERE structure_year = ${y} AND area_level = 'district' ORDER BY 1, 2`,
    ),
    'p',
    'c',
  );
  return { decompositions: out };
}
