import { localText } from '@felles/text';
import { Option, type Command } from 'commander';
import {
  UsageError,
  cohortSql,
  publishCohortOverlap,
  latestDataYear,
  loadCohortLibrary,
  runCohorts,
  type DisclosedTable,
  type Workspace,
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
import { parseYears } from '../options.js';

function parseParams(values: string[] | undefined): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const v of values ?? []) {
    const m = /^([a-z0-9-]+)\.([A-Za-z0-9_]+)=(-?\d+(?:\.\d+)?)$/.exec(v.trim());
    if (!m)
      throw new UsageError(
        'BAD_OPTION',
        `--param takes <cohort>.<name>=<number>, e.g. dho-target.minGpContacts=8; got ${v}`,
      );
    (out[m[1]!] ??= {})[m[2]!] = Number(m[3]);
  }
  return out;
}

function ids(values: string[] | undefined): string[] | undefined {
  const list = (values ?? [])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
  return list.length ? list : undefined;
}

function printTable(t: DisclosedTable, columns: string[]): void {
  out(formatTable(t.rows as Record<string, unknown>[], [...columns, 'suppressed']));
}

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

  cohorts
    .command('run')
    .summary('compute cohorts: members, counts, prevalence, attrition')
    .description(
      'Compute cohort membership for one or more years (default: the latest year with data) and store it in the workspace (cohort_member, cohort_attrition, cohort_count), then print members, the SSB population and prevalence per 1,000 by helsefellesskap (or --level) — members alive and resident at the reference date against the population on 1 January after it — score cohorts such as charlson as their distribution over the score bands, and the attrition table, after disclosure control. A year without registry data is refused. Cohorts that need NPR–KPR linkage are skipped with a reason when no key file is loaded; the others run.',
    )
    .option('--year <year...>', 'year(s), e.g. 2024 or 2022-2024')
    .option('--id <id...>', 'cohort id(s) (default: all)')
    .option('--param <cohort.name=value...>', 'set a parameter, e.g. dho-target.minGpContacts=8')
    .addOption(
      new Option('--level <level>', 'area level of the counts')
        .choices(['municipality', 'helsefellesskap', 'country'])
        .default('helsefellesskap'),
    )
    .option('--by-sex', 'split counts by sex')
    .option('--by-age', 'split counts by age group')
    .addHelpText(
      'after',
      '\nExamples:\n  $ felles cohorts run --year 2024\n  $ felles cohorts run --year 2022-2024 --id frail-elderly-hfrs --id dementia\n  $ felles cohorts run --id dho-target --param dho-target.minGpContacts=8 --level municipality',
    )
    .action(
      async (opts: {
        year?: string[];
        id?: string[];
        param?: string[];
        level: string;
        bySex?: boolean;
        byAge?: boolean;
      }) => {
        const g = globals();
        const progress = progressReporter(g);
        try {
          await withWorkspace(g, {}, async (ws) => {
            const years = parseYears(opts.year) ?? [await latestDataYear(ws.db)];
            const want = ids(opts.id);
            const res = await runCohorts(ws, {
              years,
              ...(want ? { ids: want } : {}),
              params: parseParams(opts.param),
              // printed here: disclosed and recorded with the run, against earlier publications
              publish: {
                level: opts.level as 'helsefellesskap',
                bySex: opts.bySex ?? false,
                byAge: opts.byAge ?? false,
              },
              progress,
            });
            for (const s of res.skipped) log(g, `skipped ${s.id}: ${s.reason}`);
            for (const w of res.warnings) log(g, `warning: ${w}`);
            const scored = res.cohorts.filter((c) => c.scoreDistribution).map((c) => c.id);
            const { counts, scores, attrition: attr, disclosure } = res.published!;
            if (disclosure.notice) log(g, disclosure.notice);
            if (g.json) {
              outJson({
                runId: res.runId,
                years,
                cohorts: res.cohorts.map((c) => ({
                  id: c.id,
                  version: c.version,
                  idSpace: c.idSpace,
                  needsLinkage: c.needsLinkage,
                  codelists: c.codelists,
                  params: c.params,
                })),
                skipped: res.skipped,
                warnings: res.warnings,
                counts: counts.rows,
                scores: scores.rows,
                attrition: attr.rows,
                disclosure,
              });
              return;
            }
            for (const c of res.cohorts)
              out(
                `${c.id} ${c.version} (${c.idSpace} ids${c.needsLinkage ? ', linked NPR–KPR' : ''}; code lists: ${c.codelists.join(', ') || 'none'}${
                  Object.keys(c.params).length
                    ? `; ${Object.entries(c.params)
                        .map(([k, v]) => `${k}=${v}`)
                        .join(', ')}`
                    : ''
                })`,
              );
            out();
            printTable(counts, [
              'cohort_id',
              'year',
              'area_code',
              'area_name',
              ...(opts.bySex ? ['sex'] : []),
              ...(opts.byAge ? ['age_group'] : []),
              'members',
              'population',
              'per_1000',
            ]);
            if (scored.length) {
              out();
              out(
                `Scores (${scored.join(', ')}): persons scored per band and their share (%), not a prevalence`,
              );
              printTable(scores, [
                'cohort_id',
                'year',
                'area_code',
                'band',
                'persons',
                'share_pct',
              ]);
            }
            out();
            printTable(attr, ['cohort_id', 'year', 'step', 'rule', 'persons']);
            log(
              g,
              counts.threshold > 0
                ? `run ${res.runId}; counts 1–${counts.threshold} are suppressed (${disclosure.cellsAudited} hidden cells audited together with earlier publications)`
                : `run ${res.runId}; suppression is switched off (threshold 0)`,
            );
          });
        } finally {
          progress.stop();
        }
      },
    );

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
        const want = ids(opts.id);
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
