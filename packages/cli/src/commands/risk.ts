import { Option, type Command } from 'commander';
import {
  EXPORT_FORMATS,
  prepareOutputFolder,
  runRisk,
  type DisclosedTable,
  type RiskResult,
} from '@felles/core';
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

function table(r: RiskResult, name: string): DisclosedTable {
  return r.tables.find((t) => t.name === name)!;
}

function print(r: RiskResult): void {
  out(`${r.model.title.en} (${r.model.id} ${r.model.version})`);
  out(
    `trained on predictors ${r.trainYear} → outcome ${r.trainYear + 1}; validated on ${r.validationYear} → ${r.validationYear + 1}; scored ${r.scoreYear} (${r.personsScored} residents; scores stay in the workspace)`,
  );
  for (const d of r.dropped) out(`left out: ${d.id} (${d.reason})`);
  out();
  out('Validation on the held-out year');
  out(
    formatTable(table(r, 'risk_performance').rows as Record<string, unknown>[], [
      'model',
      'persons',
      'events',
      'auroc',
      'auroc_lower',
      'auroc_upper',
      'calibration_intercept',
      'calibration_slope',
      'slope_lower',
      'slope_upper',
      'brier',
      'lift_top_0_5',
      'lift_top_1',
      'lift_top_5',
      'suppressed',
    ]),
  );
  out();
  out('Calibration by decile of predicted risk (model)');
  out(
    formatTable(
      (table(r, 'risk_calibration').rows as Record<string, unknown>[]).filter(
        (x) => x['model'] === 'model',
      ),
      ['risk_decile', 'persons', 'observed', 'expected', 'suppressed'],
    ),
  );
  out();
  out('Coefficients (logistic regression, log odds)');
  out(
    formatTable(
      (table(r, 'risk_coefficients').rows as Record<string, unknown>[]).filter(
        (x) => x['model'] === 'model',
      ),
      [
        'term',
        'persons',
        'events',
        'estimate',
        'standard_error',
        'odds_ratio',
        'or_lower',
        'or_upper',
        'suppressed',
      ],
    ),
  );
  out();
  out(
    `Residents by risk band, ${r.scoreYear} (all residents; every priority group in the files and --json)`,
  );
  out(
    formatTable(
      (table(r, 'risk_counts').rows as Record<string, unknown>[]).filter(
        (x) => x['priority_group'] === 'all',
      ),
      ['area', 'area_name', 'risk_band', 'persons', 'expected_persons', 'suppressed'],
    ),
  );
}

/** `felles risk`: risk stratification for emergency admission, aggregate output only. */
export function registerRisk(program: Command, globals: () => GlobalOptions): void {
  program
    .command('risk')
    .summary('risk of emergency admission: model, validation and counts by risk band')
    .description(
      "Fit a logistic regression of emergency admission in the next 12 months on the registries' predictors (age, sex, chronic conditions, earlier admissions, bed days, outpatient, GP and out-of-hours contacts, home care and IPLOS need level) with predictors of one year and the outcome of the next, and an age–sex model beside it as the baseline; validate both on a later, held-out year (AUROC with DeLong interval, calibration intercept and slope, calibration by decile, Brier score, lift in the top 0.5, 1 and 5 %); score the residents of the latest year and print the number of residents by risk band, area and priority group after disclosure control. No person-level score leaves the workspace (table risk_score keeps them for later cohorts).",
    )
    .option(
      '--train-year <year>',
      'year of the training predictors (outcome the next year; default: latest − 2)',
    )
    .option('--validation-year <year>', 'held-out year of predictors (default: training year + 1)')
    .option('--score-year <year>', 'year whose residents are scored (default: latest)')
    .option(
      '--model <file>',
      'a risk model definition (JSON; default: the built-in emergency-admission model)',
    )
    .addOption(
      new Option('--level <level>', 'area level of the counts')
        .choices(['helsefellesskap', 'municipality'])
        .default('helsefellesskap'),
    )
    .addOption(new Option('--format <format>', 'write the tables as files').choices(EXPORT_FORMATS))
    .option(
      '--out <dir>',
      'output folder for --format, new or empty (default <workspace>/out/risk)',
    )
    .option('--force', 'replace files that exist in the output folder')
    .addHelpText(
      'after',
      '\nExamples:\n  $ felles risk\n  $ felles risk --train-year 2022 --validation-year 2023 --level municipality --format xlsx --out risiko',
    )
    .action(
      async (opts: {
        trainYear?: string;
        validationYear?: string;
        scoreYear?: string;
        model?: string;
        level: string;
        format?: string;
        out?: string;
        force?: boolean;
      }) => {
        const g = globals();
        const progress = progressReporter(g);
        try {
          await withWorkspace(g, {}, async (ws) => {
            const outDir = opts.format
              ? await prepareOutputFolder(opts.out ?? `${ws.outDir}/risk`, {
                  overwrite: opts.force ?? false,
                })
              : undefined;
            const trainYear = parseYear(opts.trainYear, '--train-year');
            const validationYear = parseYear(opts.validationYear, '--validation-year');
            const scoreYear = parseYear(opts.scoreYear, '--score-year');
            const r = await runRisk(ws, {
              ...(trainYear ? { trainYear } : {}),
              ...(validationYear ? { validationYear } : {}),
              ...(scoreYear ? { scoreYear } : {}),
              ...(opts.model ? { modelFile: opts.model } : {}),
              level: opts.level as 'helsefellesskap',
              ...(outDir && opts.format
                ? { export: { format: opts.format, out: outDir, overwrite: opts.force ?? false } }
                : {}),
              progress,
            });
            if (g.json) {
              outJson({
                runId: r.runId,
                model: { id: r.model.id, version: r.model.version },
                trainYear: r.trainYear,
                validationYear: r.validationYear,
                scoreYear: r.scoreYear,
                dropped: r.dropped,
                tables: Object.fromEntries(r.tables.map((t) => [t.name, t.rows])),
                files: r.files,
              });
              return;
            }
            print(r);
            for (const f of r.files) log(g, `wrote ${f}`);
            log(g, `run ${r.runId}; counts 1–${r.audit.threshold} are suppressed`);
          });
        } finally {
          progress.stop();
        }
      },
    );
}
