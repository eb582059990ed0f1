import { localText } from '@felles/text';
import type { Command } from 'commander';
import { UsageError, cohortSql, loadCohortLibrary, type Workspace } from '@felles/core';
import { out, outJson, withWorkspace, type GlobalOptions } from '../context.js';
import { formatTable } from '../format.js';
import { parseYears } from '../options.js';
import { registerCohortsOverlap } from './cohorts-overlap.js';
import { registerCohortsRun } from './cohorts-run.js';

async function library(ws: Workspace) {
  return loadCohortLibrary(ws.db, ws.dir);
}

/** `felles cohorts list | show | run | overlap`. */
export function registerCohorts(program: Command, globals: () => GlobalOptions): void {
  const cohorts = program
    .command('cohorts')
    .summary('priority-group cohorts defined as data')
    .description(
      'Cohorts are versioned JSON definitions (built in, or your own in <workspace>/definitions/cohorts) compiled to DuckDB SQL: the four priority groups of Nasjonal helse- og sykehusplan and more. List them, show a definition or its SQL, compute membership, counts, prevalence and attrition for years, and compare cohorts with an overlap matrix per helsefellesskap. Every count printed goes through disclosure control.',
    );

  cohorts
    .command('list')
    .summary('list the cohort definitions')
    .description(
      "List every cohort definition available in the workspace: the built-in library and the workspace's own definitions (which add cohorts or replace a built-in one with the same id), with version, id space and whether NPR–KPR linkage is needed. Opens the workspace read-only.",
    )
    .addHelpText('after', '\nExamples:\n  $ felles cohorts list\n  $ felles cohorts list --json')
    .action(async () => {
      const g = globals();
      await withWorkspace(g, { readOnly: true }, async (ws) => {
        const lib = await library(ws);
        const rows = [...lib.cohorts.values()].map((c) => ({
          id: c.definition.id,
          version: c.definition.version,
          title: localText(c.definition.title, 'en'),
          group: c.definition.priorityGroup ?? '',
          id_space: c.idSpace,
          linkage: c.idSpace === 'linked' ? 'needed' : 'no',
          origin: c.builtIn ? 'built-in' : 'workspace',
        }));
        if (g.json) outJson(rows);
        else
          out(
            formatTable(rows, ['id', 'version', 'title', 'group', 'id_space', 'linkage', 'origin']),
          );
      });
    });

  cohorts
    .command('show <id>')
    .summary('show a cohort definition or its SQL')
    .description(
      'Print a cohort definition (its source note, population, code sets and rules) or, with --sql, the DuckDB SQL it compiles to for the given years. The SQL is deterministic: the same definition and years always give the same text. Opens the workspace read-only.',
    )
    .option('--sql', 'print the compiled SQL')
    .option('--year <year...>', 'year(s) for the SQL (default 2024)')
    .addHelpText(
      'after',
      '\nExamples:\n  $ felles cohorts show complex-multimorbidity\n  $ felles cohorts show frail-elderly-hfrs --sql --year 2023 2024',
    )
    .action(async (id: string, opts: { sql?: boolean; year?: string[] }) => {
      const g = globals();
      await withWorkspace(g, { readOnly: true }, async (ws) => {
        const lib = await library(ws);
        const c = lib.cohorts.get(id);
        if (!c)
          throw new UsageError(
            'UNKNOWN_COHORT',
            `unknown cohort "${id}"; known: ${[...lib.cohorts.keys()].join(', ')}`,
          );
        if (opts.sql) {
          const q = cohortSql(lib, id, { years: parseYears(opts.year) ?? [2024] });
          if (g.json)
            outJson({ id, version: c.definition.version, sql: q.sql, cohorts: q.cohorts });
          else out(`-- felles cohort ${id} ${c.definition.version} (${c.idSpace} ids)\n${q.sql};`);
          return;
        }
        if (g.json) {
          outJson({ ...c.definition, file: c.file, idSpace: c.idSpace });
          return;
        }
        const d = c.definition;
        out(`${d.id} ${d.version} — ${localText(d.title, 'en')}`);
        if (d.description) out(localText(d.description, 'en'));
        out(`source: ${d.source}`);
        out(
          `id space: ${c.idSpace}${c.idSpace === 'linked' ? ' (needs NPR–KPR linkage through person_link)' : ''}; file: ${c.file}`,
        );
        out(
          JSON.stringify(
            {
              population: d.population ?? {},
              parameters: d.parameters ?? {},
              codeSets: d.codeSets ?? {},
              rules: d.rules,
            },
            null,
            2,
          ),
        );
        for (const n of d.notes ?? []) out(`note: ${n}`);
      });
    });
  registerCohortsRun(cohorts, globals);
  registerCohortsOverlap(cohorts, globals);
}
