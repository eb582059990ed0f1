import type { Db } from '../../kernel/db.js';
import { UsageError } from '../../kernel/errors.js';
import { inList } from '../../kernel/sql.js';
import { PERSON_YEAR_TABLE } from '../../catalogue/person-year.js';
import { minimumDetectableEffect, zForLevel } from '../../stats/index.js';

/** Persons of the target group and their emergency stays, per arm and year. */
export interface DidCell {
  arm: 'intervention' | 'comparison';
  year: number;
  persons: number;
  stays: number;
  /** Σ stays² (for the person-level variance). */
  squares: number;
}

/** A rate ratio of rate ratios with its interval. */
export interface DidEstimate {
  /** `did` (all years before the start against all from it), `placebo` (a start one year early), or an event-study year. */
  kind: 'did' | 'placebo' | 'event';
  /** For `event`: the year compared with the reference year (the year before the start). */
  year: number | null;
  ratio: number;
  lower: number;
  upper: number;
  /** Smallest relative reduction detectable (80 % power, α = 0.05). */
  mdeRelative: number;
  method: string;
}

/** Result of {@link differenceInDifferences}. */
export interface DidResult {
  startYear: number;
  cells: DidCell[];
  estimates: DidEstimate[];
}

/**
 * Per arm and year: adults (18+) with COPD, diabetes or heart failure recorded (code list
 * `dho-conditions`) living in the intervention municipalities (arm `intervention`) or in the
 * comparison municipalities (default: every other municipality), and their emergency inpatient
 * stays in the year.
 */
async function readCells(
  db: Db,
  municipalities: string[],
  comparison: string[] | null,
): Promise<DidCell[]> {
  const arm = `CASE WHEN municipality_code IN ${inList(municipalities)} THEN 'intervention'
    ${comparison ? `WHEN municipality_code IN ${inList(comparison)} THEN 'comparison'` : `ELSE 'comparison'`} END`;
  const rows =
    await db.all(`SELECT arm, year, count(*) AS n, sum(acute_stays) AS s, sum(acute_stays * acute_stays) AS q
    FROM (SELECT *, ${arm} AS arm FROM ${PERSON_YEAR_TABLE} WHERE age >= 18 AND dho_condition)
    WHERE arm IS NOT NULL GROUP BY ALL ORDER BY ALL`);
  return rows.map((r) => ({
    arm: String(r['arm']) as DidCell['arm'],
    year: Number(r['year']),
    persons: Number(r['n']),
    stays: Number(r['s']),
    squares: Number(r['q']),
  }));
}

/** Rate over pooled cells, and the variance of its log from person-level sums. */
function pooled(cells: DidCell[]): { rate: number; varLog: number } {
  const n = cells.reduce((s, c) => s + c.persons, 0);
  const sy = cells.reduce((s, c) => s + c.stays, 0);
  const sq = cells.reduce((s, c) => s + c.squares, 0);
  const m = sy / n;
  if (!(m > 0))
    throw new UsageError(
      'DID_NO_EVENTS',
      'a period of an arm has no emergency stays: the ratio is undefined',
    );
  return { rate: m, varLog: (sq / n - m * m) / n / (m * m) };
}

/**
 * Difference-in-differences of emergency-admission rates between the intervention municipalities
 * and comparison municipalities, as a ratio of rate ratios: (rate after ÷ rate before in the
 * intervention arm) ÷ (the same in the comparison arm), so that a common trend and fixed
 * differences between the arms cancel. The interval is a delta-method interval on the log scale,
 * each of the four rates' variance from person-level sums (counts over-dispersed as they come),
 * the periods taken as independent (conservative when the same persons appear in both). The event
 * study compares each year with the year before the start (pre-start ratios near 1 support parallel
 * trends); the placebo pretends the start came one year early, using only years before the real
 * start, and should cover 1.
 */
export async function differenceInDifferences(
  db: Db,
  municipalities: string[],
  start: number,
  comparison: string[] | null = null,
): Promise<DidResult> {
  const cells = await readCells(db, municipalities, comparison);
  const z = zForLevel(0.95);
  const arm = (a: DidCell['arm'], f: (y: number) => boolean) =>
    cells.filter((c) => c.arm === a && f(c.year));
  const rr = (
    kind: DidEstimate['kind'],
    year: number | null,
    pre: (y: number) => boolean,
    post: (y: number) => boolean,
  ): DidEstimate => {
    const parts = [
      arm('intervention', post),
      arm('intervention', pre),
      arm('comparison', post),
      arm('comparison', pre),
    ].map(pooled);
    const [ip, ib, cp, cb] = parts as [
      ReturnType<typeof pooled>,
      ReturnType<typeof pooled>,
      ReturnType<typeof pooled>,
      ReturnType<typeof pooled>,
    ];
    const ratio = ip.rate / ib.rate / (cp.rate / cb.rate);
    const se = Math.sqrt(ip.varLog + ib.varLog + cp.varLog + cb.varLog);
    return {
      kind,
      year,
      ratio,
      lower: ratio * Math.exp(-z * se),
      upper: ratio * Math.exp(z * se),
      mdeRelative: 1 - Math.exp(-minimumDetectableEffect(se)),
      method: 'difference-in-differences, ratio of rate ratios, delta-method interval (log scale)',
    };
  };
  const years = [...new Set(cells.map((c) => c.year))].sort((a, b) => a - b);
  if (!years.includes(start) || !years.includes(start - 1))
    throw new UsageError(
      'DID_YEARS',
      `difference-in-differences needs data for ${start - 1} and ${start}; have ${years.join(', ')}`,
    );
  const estimates: DidEstimate[] = [
    rr(
      'did',
      null,
      (y) => y < start,
      (y) => y >= start,
    ),
  ];
  if (years.includes(start - 2))
    estimates.push(
      rr(
        'placebo',
        null,
        (y) => y < start - 1,
        (y) => y === start - 1,
      ),
    );
  for (const y of years)
    if (y !== start - 1)
      estimates.push(
        rr(
          'event',
          y,
          (x) => x === start - 1,
          (x) => x === y,
        ),
      );
  return { startYear: start, cells, estimates };
}
