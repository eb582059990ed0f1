import type { Command } from 'commander';
import { CheckFailedError, validateWorkspace } from '@felles/core';
import { log, out, outJson, withWorkspace, type GlobalOptions } from '../context.js';
import { formatTable } from '../format.js';

/** `felles validate`: the quality checks analysts run on every extract. */
export function registerValidate(program: Command, globals: () => GlobalOptions): void {
  program
    .command('validate')
    .summary('run the data-quality checks on the loaded extracts')
    .description(
      'Run the quality checks analysts run on every extract: rows and persons per source and year, rejected rows per file, sex and birth-year consistency, date ranges, municipality valid for the year, municipalities without activity in a year, code validity (ICD-10, ICPC-2, IPLOS services, fee codes), length-of-stay sanity and NPR–KPR link conflicts. Every count passes disclosure control like any other output (counts from 1 to 4 and counts that would reveal them are shown as x; dates as the first and last month with more rows than that). Each result has a severity: info (a fact), warning (worth a look) or error (the data should not be used as is). The command exits with code 4 when any check is an error. The workspace is opened read-only.',
    )
    .option('--warnings', 'print only warnings and errors')
    .addHelpText(
      'after',
      `
Examples:
  $ felles validate
  $ felles validate --warnings
  $ felles --json validate > quality.json`,
    )
    .action(async (opts: { warnings?: boolean }) => {
      const g = globals();
      await withWorkspace(g, { readOnly: true }, async (ws) => {
        const report = await validateWorkspace(ws);
        if (report.disclosure.notice) log(g, report.disclosure.notice);
        const rows = opts.warnings
          ? report.results.filter((r) => r.severity !== 'info')
          : report.results;
        if (g.json) outJson({ ...report, results: rows });
        else {
          out(
            formatTable(
              rows.map((r) => ({
                severity: r.severity,
                check: r.check,
                source: r.source,
                year: r.year ?? '',
                message: r.message,
              })),
              ['severity', 'check', 'source', 'year', 'message'],
            ),
          );
          out('');
          out(`${report.errors} error(s), ${report.warnings} warning(s)`);
          if (report.disclosure.hiddenCounts > 0)
            out(
              `x = hidden by disclosure control (${report.disclosure.hiddenCounts} counts): counts from 1 to ${report.disclosure.threshold}, and counts that would reveal them`,
            );
        }
        if (report.errors > 0) {
          log(g, 'validate: at least one check failed (exit code 4)');
          throw new CheckFailedError(
            'VALIDATION_FAILED',
            `${report.errors} quality check(s) failed; see the rows marked error`,
            { errors: report.errors, warnings: report.warnings },
          );
        }
      });
    });
}
