import type { DisclosureRun } from '../../disclosure/index.js';
import type { DidResult } from './did.js';
import type { MatchedResult } from './matched.js';

const r4 = (x: number) => Math.round(x * 1e4) / 1e4;

/**
 * Add the benefit tables to a disclosure run: the balance table and the estimates of the matched
 * comparison, the difference-in-differences estimates (with the event study and the placebo) and
 * its cells (persons and emergency stays per arm and year). Every figure is derived from the
 * persons counted beside it, so it is hidden when they are.
 */
export async function addBenefitTables(
  dr: DisclosureRun,
  intervention: string,
  matched: MatchedResult | null,
  did: DidResult | null,
): Promise<void> {
  const meta = (t: string) => ({ metadata: { title: `${intervention}: ${t}` } });
  if (matched) {
    const nT = matched.estimates[0]!.treatedPersons;
    const nC = matched.estimates[0]!.comparisonPersons;
    await dr.add(
      matched.balance.map((b) => ({
        covariate: b.covariate,
        level: b.level,
        treated_persons: b.level === 'mean' ? nT : Math.round(b.treated * nT),
        comparison_persons: b.level === 'mean' ? nC : Math.round(b.comparisonBefore * nC),
        treated_mean: r4(b.treated),
        comparison_mean_before: r4(b.comparisonBefore),
        comparison_mean_weighted: r4(b.comparisonAfter),
        smd_before: r4(b.smdBefore),
        smd_weighted: r4(b.smdAfter),
      })),
      {
        name: 'benefit_balance',
        dimensions: ['covariate', 'level'],
        counts: ['treated_persons', 'comparison_persons'],
        derived: Object.fromEntries(
          [
            'treated_mean',
            'comparison_mean_before',
            'comparison_mean_weighted',
            'smd_before',
            'smd_weighted',
          ].map((c) => [c, ['treated_persons', 'comparison_persons']]),
        ),
      },
      meta('balanse / balance'),
    );
  }
  const rows = estimateRows(matched, did);
  if (rows.length > 0) {
    const derived = Object.keys(rows[0]!).filter(
      (k) =>
        ![
          'method',
          'outcome',
          'year',
          'treated_persons',
          'comparison_persons',
          'method_name',
        ].includes(k),
    );
    await dr.add(
      rows,
      {
        name: 'benefit_estimates',
        dimensions: ['method', 'outcome', 'year'],
        counts: ['treated_persons', 'comparison_persons'],
        derived: Object.fromEntries(
          derived.map((c) => [c, ['treated_persons', 'comparison_persons']]),
        ),
        attributes: ['method_name'],
      },
      meta('estimater / estimates'),
    );
  }
  if (did)
    await dr.add(
      did.cells.map((c) => ({
        arm: c.arm,
        year: c.year,
        persons: c.persons,
        emergency_stays: c.stays,
        per_1000: r4((1000 * c.stays) / c.persons),
      })),
      {
        name: 'benefit_did_cells',
        dimensions: ['arm', 'year'],
        counts: ['persons', 'emergency_stays'],
        derived: { per_1000: ['persons', 'emergency_stays'] },
      },
      meta('målgruppen per år / target group by year'),
    );
}

/** One row per method, outcome and year: the matched estimates, then difference-in-differences. */
function estimateRows(
  matched: MatchedResult | null,
  did: DidResult | null,
): Record<string, string | number | null>[] {
  return [
    ...(matched?.estimates ?? []).map((e) => ({
      method: e.negativeControl ? 'negative-control' : 'matched',
      outcome: e.outcome,
      year: matched!.startYear,
      treated_persons: e.treatedPersons,
      comparison_persons: e.comparisonPersons,
      treated_before: r4(e.treatedPre),
      treated_after: r4(e.treatedPost),
      comparison_before: r4(e.comparisonPre),
      comparison_after: r4(e.comparisonPost),
      ratio: r4(e.ratio),
      ratio_lower: r4(e.ratioLower),
      ratio_upper: r4(e.ratioUpper),
      difference: r4(e.difference),
      difference_lower: r4(e.differenceLower),
      difference_upper: r4(e.differenceUpper),
      mde_relative: r4(e.mdeRelative),
      method_name: e.method,
    })),
    ...(did?.estimates ?? []).map((e) => {
      const arm = (a: string, f: (y: number) => boolean) =>
        did!.cells.filter((c) => c.arm === a && f(c.year)).reduce((s, c) => s + c.persons, 0);
      const all = () => true;
      return {
        method:
          e.kind === 'event'
            ? 'event-study'
            : e.kind === 'placebo'
              ? 'placebo'
              : 'difference-in-differences',
        outcome: 'emergency_admissions',
        year: e.year ?? did!.startYear,
        treated_persons: arm('intervention', all),
        comparison_persons: arm('comparison', all),
        treated_before: null,
        treated_after: null,
        comparison_before: null,
        comparison_after: null,
        ratio: r4(e.ratio),
        ratio_lower: r4(e.lower),
        ratio_upper: r4(e.upper),
        difference: null,
        difference_lower: null,
        difference_upper: null,
        mde_relative: r4(e.mdeRelative),
        method_name: e.method,
      };
    }),
  ];
}
