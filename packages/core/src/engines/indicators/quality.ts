/**
 * Data-quality flags of indicators, per indicator × year × area (municipality, helsefellesskap,
 * country), so a figure can be read beside what may distort it:
 *
 * - reporting: municipalities that reported to the indicator's source in the year, of all
 *   municipalities of the area (the same rule the indicator itself uses: missing is not zero);
 * - coding completeness: the share of the source's rows in the year and area whose fields the
 *   indicator filters on (filter and breakdown columns, and sex and age where the indicator
 *   restricts or standardises by them) are all filled in; nationally, rows without a known
 *   municipality of residence also count as incomplete. A summed column is not checked: an empty
 *   one counts as 0 by design (a stay that was never ready for discharge has no such days);
 * - linkage coverage (indicators that need the NPR–KPR key file): the share of persons with a
 *   specialist-care contact in the year whose NPR id has exactly one non-conflicting KPR id.
 *
 * "Tolk med varsomhet" (`caution`) is set when fewer than all municipalities reported, coding
 * completeness is below {@link QUALITY_THRESHOLDS}.completeness, or linkage coverage below
 * {@link QUALITY_THRESHOLDS}.linkage. Counts go through {@link disclose} like every table.
 */
import { disclose, type DisclosedTable } from '../../disclosure/index.js';
import { ident, int } from '../../kernel/sql.js';
import type { Workspace } from '../../workspace/workspace.js';
import { areaFrame, areaId, presentParents } from './disclosed.js';
import { loadIndicatorLibrary } from './library.js';
import { INDICATOR_SOURCES } from '../../catalogue/sources.js';
import { SPECIALIST_CONTACT } from '../../catalogue/sources/specialist-episode.js';
import type { IndicatorDefinition, IndicatorFilter, IndicatorLevel } from './types.js';

/** Below these shares (per cent) an indicator is flagged "interpret with caution". */
export const QUALITY_THRESHOLDS = { completeness: 95, linkage: 90 } as const;

/** Options of {@link indicatorQuality}. */
export interface IndicatorQualityOptions {
  /** Indicator ids (default every indicator of the library). */
  ids?: readonly string[];
  years: readonly number[];
  /** Levels to output (`municipality`, `helsefellesskap`, `national`; others are ignored). */
  levels: readonly IndicatorLevel[];
}

/** The fields of its source an indicator reads (sorted; `sex`/`age` when it restricts by them). */
export function qualityFields(def: IndicatorDefinition): string[] {
  const src = INDICATOR_SOURCES[def.numerator.source];
  const out = new Set<string>();
  const add = (w: readonly IndicatorFilter[] | undefined) => {
    for (const f of w ?? []) if (f.column in src.columns) out.add(f.column);
  };
  add(def.numerator.where);
  if (def.denominator.kind === 'events' && def.denominator.source === def.numerator.source)
    add(def.denominator.where);
  const ages =
    def.population?.age !== undefined ||
    def.numerator.age !== undefined ||
    def.standardisation === 'direct' ||
    (def.breakdowns ?? []).some((b) => b.values.some((v) => v.age));
  for (const b of def.breakdowns ?? []) for (const v of b.values) add(v.where);
  if (ages) out.add('age');
  if (def.population?.sex || def.numerator.sex || def.standardisation === 'direct') out.add('sex');
  return [...out].sort();
}

const LEVELS = ['municipality', 'helsefellesskap', 'national'] as const;

/**
 * Grouping of `from` (with `mun`, `hff`) to the three levels, keeping those in `want` and the
 * country; `values` is the value list. Every grouping set is always formed (DuckDB's `grouping()`
 * needs each column in one of them) and the levels not asked for are dropped after.
 */
function levels(from: string, values: string, want: readonly string[]): string {
  const keep = ['national', ...LEVELS.filter((l) => l !== 'national' && want.includes(l))];
  return `SELECT * FROM (SELECT year,
      CASE WHEN grouping(mun) = 0 THEN 'municipality' WHEN grouping(hff) = 0 THEN 'helsefellesskap' ELSE 'national' END AS level,
      CASE WHEN grouping(mun) = 0 THEN mun WHEN grouping(hff) = 0 THEN hff ELSE 'NO' END AS area_code,
      ${values}
    FROM ${from} GROUP BY GROUPING SETS ((year, mun), (year, hff), (year)))
    WHERE area_code IS NOT NULL AND level IN (${keep.map((l) => `'${l}'`).join(', ')})`;
}

type Row = Record<string, string | number | boolean | null>;

/** Source rows and complete rows per year and area for one source and one field set. */
async function completeness(
  ws: Workspace,
  source: IndicatorDefinition['numerator']['source'],
  fields: readonly string[],
  years: readonly number[],
  want: readonly string[],
): Promise<Row[]> {
  const src = INDICATOR_SOURCES[source];
  const filled = ['g.mun IS NOT NULL', ...fields.map((f) => `f.${ident(f)} IS NOT NULL`)];
  const from = `(SELECT f.year, g.mun, g.hff, ${filled.join(' AND ')} AS ok
      FROM (${src.sql}) f LEFT JOIN (SELECT code AS mun, hff_code AS hff FROM municipality) g ON g.mun = f.municipality_code
      WHERE f.year IN (${years.map((y) => int(y)).join(', ')}))`;
  return ws.db.all<Row>(
    levels(from, 'count(*) AS source_rows, count(*) FILTER (WHERE ok) AS coded_rows', want),
  );
}

/** Municipalities that reported to a source, of all, per year and area. */
async function reporting(
  ws: Workspace,
  source: IndicatorDefinition['numerator']['source'],
  years: readonly number[],
  want: readonly string[],
): Promise<Row[]> {
  const src = INDICATOR_SOURCES[source];
  const from = `(WITH rep AS (${src.reportingSql})
      SELECT y.year, g.code AS mun, g.hff_code AS hff,
        EXISTS (SELECT 1 FROM rep WHERE rep.year = y.year AND (rep.municipality_code IS NULL OR rep.municipality_code = g.code)) AS reported
      FROM (SELECT unnest([${years.map((y) => int(y)).join(', ')}]) AS year) y CROSS JOIN municipality g)`;
  return ws.db.all<Row>(
    levels(from, 'count(*) FILTER (WHERE reported) AS reporting, count(*) AS municipalities', want),
  );
}

/** Persons with a specialist-care contact, and of them those with one usable KPR id. */
async function linkage(
  ws: Workspace,
  years: readonly number[],
  want: readonly string[],
): Promise<Row[]> {
  const from = `(SELECT e.year, g.mun, g.hff, e.person_id, l.npr_id IS NOT NULL AS linked
      FROM (SELECT DISTINCT year, person_id, municipality_code FROM specialist_episode
            WHERE year IN (${years.map((y) => int(y)).join(', ')}) AND ${SPECIALIST_CONTACT}) e
      LEFT JOIN (SELECT code AS mun, hff_code AS hff FROM municipality) g ON g.mun = e.municipality_code
      LEFT JOIN (SELECT npr_id FROM person_link WHERE NOT conflict GROUP BY npr_id HAVING min(kpr_id) = max(kpr_id)) l
        ON l.npr_id = e.person_id)`;
  return ws.db.all<Row>(
    levels(
      from,
      'count(DISTINCT person_id) AS persons, count(DISTINCT person_id) FILTER (WHERE linked) AS linked_persons',
      want,
    ),
  );
}

const key = (r: Row) => `${String(r['year'])}|${String(r['level'])}|${String(r['area_code'])}`;
const pct = (a: number, b: number) => (b > 0 ? Math.round((1000 * a) / b) / 10 : null);

/**
 * The data-quality table of a set of indicators (`indicator_quality`), disclosed: one row per
 * indicator, year and area with `source_rows`, `coded_rows`, `completeness` (per cent),
 * `reporting` / `municipalities`, `persons`, `linked_persons`, `linkage_coverage` (per cent,
 * linked indicators only), `fields` (the fields checked) and `caution`.
 */
export async function indicatorQuality(
  ws: Workspace,
  options: IndicatorQualityOptions,
): Promise<DisclosedTable> {
  const want = LEVELS.filter((l) => options.levels.includes(l));
  const lib = loadIndicatorLibrary(ws.dir);
  const defs = [...lib.values()].filter(
    (l) => !options.ids || options.ids.includes(l.definition.id),
  );
  const years = [...options.years];
  const cache = new Map<string, Row[]>();
  const cached = async (k: string, f: () => Promise<Row[]>) => {
    let v = cache.get(k);
    if (!v) cache.set(k, (v = await f()));
    return new Map(v.map((r) => [key(r), r]));
  };
  const frame = await areaFrame(ws.db, ws.config.structureYear);
  const rows: Row[] = [];
  for (const l of defs) {
    const def = l.definition;
    const source = def.numerator.source;
    const fields = qualityFields(def);
    const comp = await cached(`c|${source}|${fields.join(',')}`, () =>
      completeness(ws, source, fields, years, want),
    );
    const rep = await cached(`r|${source}`, () => reporting(ws, source, years, want));
    const link = l.needsLinkage ? await cached('l', () => linkage(ws, years, want)) : undefined;
    for (const [k, r] of rep) {
      const c = comp.get(k);
      const lk = link?.get(k);
      const level = String(r['level']);
      const id = areaId(level, String(r['area_code']));
      rows.push({
        indicator_id: def.id,
        year: Number(r['year']),
        area_id: id,
        level,
        area_code: String(r['area_code']),
        area_name: frame.names.get(id) ?? String(r['area_code']),
        fields: fields.join(', '),
        reporting: Number(r['reporting']),
        municipalities: Number(r['municipalities']),
        source_rows: c ? Number(c['source_rows']) : 0,
        coded_rows: c ? Number(c['coded_rows']) : 0,
        persons: lk ? Number(lk['persons']) : null,
        linked_persons: lk ? Number(lk['linked_persons']) : null,
      });
    }
  }
  for (const r of rows) {
    const completenessPct = pct(Number(r['coded_rows']), Number(r['source_rows']));
    const coverage =
      r['persons'] === null ? null : pct(Number(r['linked_persons']), Number(r['persons']));
    r['completeness'] = completenessPct;
    r['linkage_coverage'] = coverage;
    r['caution'] =
      Number(r['reporting']) < Number(r['municipalities']) ||
      (completenessPct !== null && completenessPct < QUALITY_THRESHOLDS.completeness) ||
      (coverage !== null && coverage < QUALITY_THRESHOLDS.linkage);
  }
  rows.sort(
    (a, b) =>
      String(a['indicator_id']).localeCompare(String(b['indicator_id'])) ||
      Number(a['year']) - Number(b['year']) ||
      String(a['area_id']).localeCompare(String(b['area_id'])),
  );
  const present = new Set(rows.map((r) => String(r['area_id'])));
  return disclose(
    rows,
    {
      name: 'indicator_quality',
      dimensions: [
        'indicator_id',
        'year',
        { column: 'area_id', parents: presentParents(frame.parents, present) },
      ],
      counts: ['source_rows', 'coded_rows', 'persons', 'linked_persons'],
      derived: {
        completeness: ['source_rows', 'coded_rows'],
        linkage_coverage: ['persons', 'linked_persons'],
        caution: ['source_rows', 'coded_rows', 'persons', 'linked_persons'],
      },
      attributes: ['level', 'area_code', 'area_name', 'fields', 'reporting', 'municipalities'],
    },
    {
      workspace: ws,
      metadata: {
        title: {
          nb: 'Datakvalitet for indikatorene: rapportering, kodekompletthet og koblingsdekning',
          en: 'Data quality of the indicators: reporting, coding completeness and linkage coverage',
        },
        shortTitle: { nb: 'Datakvalitet', en: 'Data quality' },
        definitions: defs.map((l) => ({ id: l.definition.id, version: l.definition.version })),
        unit: 'per cent',
        notes: [
          `caution when not every municipality reported, completeness < ${QUALITY_THRESHOLDS.completeness} % or linkage coverage < ${QUALITY_THRESHOLDS.linkage} %`,
        ],
      },
    },
  );
}
