/**
 * The validation report on its way out: every count of `felles validate` (rows, persons, rejects,
 * conflicts, unknown codes) passes disclosure control as one table, and the messages are written
 * from the disclosed counts. See `docs/ingest.md` ("felles validate").
 */
import { disclose } from '../../disclosure/disclose.js';
import type { Db } from '../../kernel/db.js';
import { disclosureRule } from '../../export/context.js';
import type { CheckResult, Severity, ValidateReport } from './types.js';

/** A count of the report: what (`item`) of which source, in a year or `all` years. */
export interface CountKey {
  source: string;
  year: string;
  item: string;
}

/** A piece of a message: text, a count, or a share of two counts (per cent). */
export type MessagePart = string | CountKey | { share: [CountKey, CountKey] };

/** The checks before disclosure control: the true counts and the results that show them. */
export interface CheckFacts {
  /** `source|year|item` → the count. The same count in two messages is one cell. */
  counts: Map<string, CountKey & { n: number }>;
  results: Array<{
    check: string;
    source: string;
    year: number | null;
    severity: Severity;
    /** A protected count, or a text or a count that is not of persons or records (shown as is). */
    value: CountKey | string | number | null;
    message: MessagePart[];
  }>;
}

/** The key of a count in {@link CheckFacts.counts}. */
export const keyOf = (k: CountKey): string => `${k.source}|${k.year}|${k.item}`;

/**
 * Write the results with the counts `value` gives (NULL: hidden, written `x`). A share is
 * written where both its counts are shown, or where its numerator is a shown 0.
 */
export function renderChecks(
  facts: CheckFacts,
  value: (k: CountKey) => number | null,
): CheckResult[] {
  return facts.results.map((f) => {
    const hidden = new Set<string>();
    const text = f.message
      .map((p) => {
        if (typeof p === 'string') return p;
        if ('share' in p) {
          const a = value(p.share[0]);
          const b = value(p.share[1]);
          if (a === 0) return '0.00 %';
          return a === null || b === null || b === 0
            ? 'share x'
            : `${((a / b) * 100).toFixed(2)} %`;
        }
        const v = value(p);
        if (v === null) hidden.add(p.item);
        return v === null ? 'x' : String(v);
      })
      .join('');
    const v = f.value === null || typeof f.value !== 'object' ? f.value : value(f.value);
    if (f.value !== null && typeof f.value === 'object' && v === null) hidden.add(f.value.item);
    return {
      check: f.check,
      source: f.source,
      year: f.year,
      severity: f.severity,
      value: v,
      message: text,
      ...(hidden.size ? { hidden: [...hidden] } : {}),
    };
  });
}

/**
 * Disclose the counts of a validation and write its results. The counts form one table with the
 * dimensions source, year (total `all`: the rows of all years are the sum of the years) and item;
 * counts from 1 to the threshold are hidden, and further counts so that none can be worked out
 * from a total. A hidden count is `x` in a message and NULL as a value; a share is shown only
 * where its two counts are.
 */
export async function discloseChecks(
  facts: CheckFacts,
  options: {
    workspace: { config: { disclosure: { threshold: number } }; db?: Db };
    threshold: number;
  },
): Promise<ValidateReport> {
  const rows = [...facts.counts.values()].map((c) => ({ ...c }));
  const table = await disclose(
    rows,
    {
      name: 'validation',
      dimensions: ['source', { column: 'year', total: 'all' }, 'item'],
      counts: ['n'],
    },
    {
      workspace: options.workspace,
      threshold: options.threshold,
      metadata: { title: 'felles validate: counts behind the quality checks' },
    },
  );
  const shown = new Map<string, number | null>();
  for (const r of table.rows)
    shown.set(
      keyOf({ source: String(r['source']), year: String(r['year']), item: String(r['item']) }),
      r['n'] === null ? null : Number(r['n']),
    );
  const results = renderChecks(facts, (k) => shown.get(keyOf(k)) ?? null);
  const errors = results.filter((r) => r.severity === 'error').length;
  const warnings = results.filter((r) => r.severity === 'warning').length;
  return {
    results,
    worst: errors ? 'error' : warnings ? 'warning' : 'info',
    errors,
    warnings,
    disclosure: {
      threshold: table.threshold,
      rule: disclosureRule(table.threshold),
      hiddenCounts: table.summary.primaryCells + table.summary.secondaryCells,
    },
  };
}
