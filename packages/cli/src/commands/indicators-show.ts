/**
 * `felles indicators show`: an indicator definition, or the DuckDB SQL it compiles to for years.
 */
import { localText } from '@felles/text';
import type { Command } from 'commander';
import {
  UsageError,
  compileIndicator,
  indicatorYears,
  loadIndicatorLibrary,
  medianSql,
} from '@felles/core';
import { out, outJson, withWorkspace, type GlobalOptions } from '../context.js';
import { parseYears } from '../options.js';

/** Adds `felles indicators show` to the `indicators` command. */
export function registerIndicatorsShow(ind: Command, globals: () => GlobalOptions): void {
  ind
    .command('show <id>')
    .summary('show an indicator definition or its SQL')
    .description(
      'Print an indicator definition — numerator, denominator, shared age/sex restriction, breakdowns, unit, standardisation, confidence method, direction, targets, data sources, caveat and source note — or, with --sql, the DuckDB SQL it compiles to (coverage, numerator and denominator queries, every level in one pass). The SQL is deterministic. Opens the workspace read-only.',
    )
    .option('--sql', 'print the compiled SQL')
    .option('--year <year...>', 'year(s) for the SQL (default: the years with data)')
    .addHelpText(
      'after',
      '\nExamples:\n  $ felles indicators show readmission-30d\n  $ felles indicators show video-telephone-share --sql --year 2024\n  $ felles --json indicators show golden-rule',
    )
    .action(async (id: string, opts: { sql?: boolean; year?: string[] }) =>
      showIndicator(globals(), id, opts),
    );
}

async function showIndicator(
  g: GlobalOptions,
  id: string,
  opts: { sql?: boolean; year?: string[] },
): Promise<void> {
  await withWorkspace(g, { readOnly: true }, async (ws) => {
    const lib = loadIndicatorLibrary(ws.dir);
    const l = lib.get(id);
    if (!l)
      throw new UsageError(
        'UNKNOWN_INDICATOR',
        `unknown indicator "${id}"; known: ${[...lib.keys()].join(', ')}`,
      );
    const d = l.definition;
    if (opts.sql) {
      let years = parseYears(opts.year) ?? (await indicatorYears(ws.db));
      if (years.length === 0) years = [ws.config.structureYear];
      const copts = {
        years,
        structureYear: ws.config.structureYear,
        useDistricts: false,
        strata: d.standardisation === 'direct',
      };
      const q = compileIndicator(d, copts);
      const median = d.kind === 'median' ? medianSql(d, copts) : undefined;
      if (g.json) outJson({ id, version: d.version, years, ...q, ...(median ? { median } : {}) });
      else
        out(
          `-- felles indicator ${id} ${d.version}, years ${years.join(', ')}\n-- coverage\n${q.cover};\n\n-- numerator\n${q.numerator};\n\n-- denominator\n${q.denominator};${median ? `\n\n-- median\n${median};` : ''}`,
        );
      return;
    }
    if (g.json) {
      outJson({ ...d, file: l.file, needsLinkage: l.needsLinkage });
      return;
    }
    out(`${d.id} ${d.version} — ${localText(d.title, 'en')} (${localText(d.title, 'nb')})`);
    out(localText(d.description, 'en'));
    out(
      `unit: ${d.unit.replace(/_/g, ' ')}; standardisation: ${d.standardisation ?? 'none'}; confidence: ${d.confidence ?? 'poisson'}; direction: ${d.direction.replace(/_/g, ' ')}; quality dimension: ${d.qualityDimension}`,
    );
    for (const t of d.targets ?? [])
      out(
        `target from ${t.fromYear}: ${t.comparison} ${t.value}${t.source ? ` (${t.source})` : ''}`,
      );
    out(`data sources: ${d.dataSources.join('; ')}`);
    if (d.caveat) out(`caveat: ${localText(d.caveat, 'en')}`);
    out(`source: ${d.source}`);
    out(`file: ${l.file}${l.needsLinkage ? ' (needs NPR–KPR linkage)' : ''}`);
    out(
      JSON.stringify(
        {
          numerator: d.numerator,
          denominator: d.denominator,
          population: d.population ?? {},
          breakdowns: d.breakdowns ?? [],
        },
        null,
        2,
      ),
    );
  });
}
