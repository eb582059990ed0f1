import type { Command } from 'commander';
import { runBenefit, UsageError, type BenefitResult, type DisclosedTable } from '@felles/core';
import {
  log,
  out,
  outJson,
  progressReporter,
  withWorkspace,
  type GlobalOptions,
} from '../context.js';
import { formatTable } from '../format.js';
import { parseYear } from '../options.js';

function codes(v: string | undefined, name: string): string[] | undefined {
  if (v === undefined) return undefined;
  const list = v
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  for (const c of list)
    if (!/^\d{4}$/.test(c))
      throw new UsageError(
        'BAD_OPTION',
        `${name} takes 4-digit municipality codes separated by commas; got ${c}`,
      );
  return list;
}

function rows(r: BenefitResult, name: string): Record<string, unknown>[] {
  const t: DisclosedTable | undefined = r.tables.find((x) => x.name === name);
  return (t?.rows ?? []) as Record<string, unknown>[];
}

function print(r: BenefitResult): void {
  out(
    `${r.intervention}: start ${r.startYear} (before = ${r.startYear - 1}, after = ${r.startYear})`,
  );
  if (r.matched) {
    out(
      `matched comparison: ${r.matched.treatedFound} enrolled found, ${r.matched.treatedOffSupport} without comparable persons left out`,
    );
    out();
    out('Balance (standardised mean differences; target |SMD| < 0.1 after weighting)');
    out(
      formatTable(rows(r, 'benefit_balance'), [
        'covariate',
        'level',
        'treated_persons',
        'treated_mean',
        'comparison_mean_before',
        'comparison_mean_weighted',
        'smd_before',
        'smd_weighted',
        'suppressed',
      ]),
    );
  }
  out();
  out(
    'Estimates (ratio: after, intervention over comparison; 95 % CI; minimum detectable reduction at 80 % power)',
  );
  out(
    formatTable(rows(r, 'benefit_estimates'), [
      'method',
      'outcome',
      'year',
      'treated_persons',
      'comparison_persons',
      'ratio',
      'ratio_lower',
      'ratio_upper',
      'difference',
      'difference_lower',
      'difference_upper',
      'mde_relative',
      'suppressed',
    ]),
  );
  if (r.did) {
    out();
    out('Target group by arm and year (difference-in-differences)');
    out(
      formatTable(rows(r, 'benefit_did_cells'), [
        'arm',
        'year',
        'persons',
        'emergency_stays',
        'per_1000',
        'suppressed',
      ]),
    );
  }
}

/** `felles benefit`: did an intervention change service use? */
export function registerBenefit(program: Command, globals: () => GlobalOptions): void {
  program
    .command('benefit')
    .summary(
      'measure what an intervention changed: matched comparison and difference-in-differences',
    )
    .description(
      'Measure the effect of an intervention (digital home follow-up, a primary-care team, a discharge routine) on emergency admissions, bed days and GP consultation days. With an enrolment file (intervention;person_id;id_space;enrolment_date): a matched comparison of the enrolled against propensity-weighted comparison persons, with a balance table. With --municipalities: a difference-in-differences of the target group (adults with COPD, diabetes or heart failure) against comparison municipalities, with an event study and a placebo start. Every estimate has a 95 % interval and the minimum detectable effect; everything published passes disclosure control.',
    )
    .requiredOption('--intervention <name>', 'name of the intervention (as in the enrolment file)')
    .option(
      '--enrolment <file>',
      'enrolment file to load (replaces earlier enrolments of the interventions it names)',
    )
    .option('--municipalities <codes>', 'municipalities running the intervention, e.g. 3905,3909')
    .option('--comparison <codes>', 'comparison municipalities (default: every other)')
    .option('--start-year <year>', 'start year (default: the year of the enrolment dates)')
    .addHelpText(
      'after',
      '\nExamples:\n  $ felles benefit --intervention dho --enrolment enrolled.csv\n  $ felles benefit --intervention dho --municipalities 3905,3909 --start-year 2023',
    )
    .action(
      async (opts: {
        intervention: string;
        enrolment?: string;
        municipalities?: string;
        comparison?: string;
        startYear?: string;
      }) => {
        const g = globals();
        const progress = progressReporter(g);
        try {
          const startYear = parseYear(opts.startYear, '--start-year', 2023);
          const municipalities = codes(opts.municipalities, '--municipalities');
          const comparison = codes(opts.comparison, '--comparison');
          await withWorkspace(g, {}, async (ws) => {
            const r = await runBenefit(ws, {
              intervention: opts.intervention,
              ...(opts.enrolment ? { enrolmentFile: opts.enrolment } : {}),
              ...(municipalities ? { municipalities } : {}),
              ...(comparison ? { comparisonMunicipalities: comparison } : {}),
              ...(startYear !== undefined ? { startYear } : {}),
              progress,
            });
            if (g.json) {
              outJson({
                runId: r.runId,
                intervention: r.intervention,
                startYear: r.startYear,
                tables: Object.fromEntries(r.tables.map((t) => [t.name, t.rows])),
              });
              return;
            }
            print(r);
            log(g, `run ${r.runId}; counts 1–${r.audit.threshold} are suppressed`);
          });
        } finally {
          progress.stop();
        }
      },
    );
}
