/**
 * `felles cohorts overlap`: per helsefellesskap, the share of each computed cohort that is also in
 * each other cohort, after disclosure control.
 */
import type { Command } from 'commander';
import { UsageError, publishCohortOverlap } from '@felles/core';
import { log, out, outJson, withWorkspace, type GlobalOptions } from '../context.js';
import { formatTable } from '../format.js';
import { parseIdList } from '../options.js';

/** Adds `felles cohorts overlap` to the `cohorts` command. */
export function registerCohortsOverlap(cohorts: Command, globals: () => GlobalOptions): void {
  cohorts
    .command('overlap')
    .summary('matrix of pairwise overlaps between cohorts per helsefellesskap')
    .description(
      'For a year already computed with "felles cohorts run", print per helsefellesskap (and for Norway) the share of each cohort (rows) that is also in each other cohort (columns), e.g. the share of the complex multimorbid who are also frail. Persons are compared on NPR ids; KPR-only cohorts are mapped through non-conflicting person_link rows. Counts pass through disclosure control together with everything the workspace published before, and the publication is recorded (a run manifest).',
    )
    .requiredOption('--year <year>', 'year')
    .option('--id <id...>', 'cohort id(s) (default: all computed)')
    .option('--hf <code>', 'only this helsefellesskap (code), or NO for Norway')
    .addHelpText(
      'after',
      '\nExamples:\n  $ felles cohorts overlap --year 2024\n  $ felles cohorts overlap --year 2024 --hf TELEMARK --id complex-multimorbidity --id frail-elderly-hfrs',
    )
    .action(async (opts: { year: string; id?: string[]; hf?: string }) => {
      const g = globals();
      const year = Number(opts.year);
      if (!Number.isInteger(year))
        throw new UsageError('BAD_OPTION', `--year must be a year such as 2024, got ${opts.year}`);
      // a publication: recorded in the workspace, so it opens for writing
      await withWorkspace(g, {}, async (ws) => {
        const want = parseIdList(opts.id);
        const { table: t, disclosure } = await publishCohortOverlap(ws, {
          year,
          ...(want ? { ids: want } : {}),
        });
        if (disclosure.notice) log(g, disclosure.notice);
        const rows = t.rows.filter(
          (r) => !opts.hf || String(r['hff_code']).toUpperCase() === opts.hf.toUpperCase(),
        );
        if (g.json) {
          outJson(rows);
          return;
        }
        if (rows.length === 0) {
          out(
            `no cohort members for ${year}${opts.hf ? ` in ${opts.hf}` : ''}; run felles cohorts run --year ${year} first`,
          );
          return;
        }
        const names = [...new Set(rows.map((r) => String(r['cohort_b'])))];
        for (const hf of [...new Set(rows.map((r) => String(r['hff_code'])))]) {
          out(
            `${hf === 'NO' ? 'Norway' : hf}: % of the row cohort also in the column cohort (n = row cohort members)`,
          );
          const matrix = [
            ...new Set(rows.filter((r) => r['hff_code'] === hf).map((r) => String(r['cohort_a']))),
          ].map((a) => {
            const cells = rows.filter((r) => r['hff_code'] === hf && r['cohort_a'] === a);
            const row: Record<string, unknown> = { cohort: a, n: cells[0]?.['n_a'] ?? null };
            for (const b of names) {
              const c = cells.find((x) => x['cohort_b'] === b);
              row[b] =
                c?.['share_pct'] === null || c?.['share_pct'] === undefined
                  ? c?.['suppressed'] === 'none'
                    ? '–'
                    : 'x'
                  : `${String(c['share_pct'])} %`;
            }
            return row;
          });
          out(formatTable(matrix, ['cohort', 'n', ...names]));
          out();
        }
        log(
          g,
          `counts 1–${t.threshold} are suppressed (x); – = cannot be compared without NPR–KPR linkage`,
        );
      });
    });
}
