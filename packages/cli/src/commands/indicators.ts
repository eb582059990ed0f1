import { localText } from '@felles/text';
import type { Command } from 'commander';
import { loadIndicatorLibrary } from '@felles/core';
import { out, outJson, withWorkspace, type GlobalOptions } from '../context.js';
import { formatTable } from '../format.js';
import { parseIdList } from '../options.js';
import { registerIndicatorsRun } from './indicators-run.js';
import { registerIndicatorsShow } from './indicators-show.js';

/** `felles indicators list | show | run`. */
export function registerIndicators(program: Command, globals: () => GlobalOptions): void {
  const ind = program
    .command('indicators')
    .summary('indicators for the partnership meeting, compared across the 19 communities')
    .description(
      'Indicators are versioned JSON definitions (built in, or your own in <workspace>/definitions/indicators) computed in DuckDB at municipality, helsefellesskap, health trust, RHF and national level for each year: service use of the priority groups, samhandling indicators (readmissions, discharge-ready days, video share, follow-up after discharge), municipal services, demography and the golden rule. Each figure carries its method and confidence limits, is compared with the country and the other communities, and leaves felles only through disclosure control.',
    );

  ind
    .command('list')
    .summary('list the indicator definitions')
    .description(
      "List every indicator in the catalogue: the built-in definitions and the workspace's own (which add indicators or replace a built-in one with the same id), with version, unit, quality dimension, whether NPR–KPR linkage is needed and where the definition comes from. Opens the workspace read-only.",
    )
    .option(
      '--tag <tag...>',
      'only indicators with this tag (e.g. samhandling, priority-groups, demography)',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  $ felles indicators list\n  $ felles indicators list --tag samhandling\n  $ felles --json indicators list',
    )
    .action(async (opts: { tag?: string[] }) => {
      const g = globals();
      await withWorkspace(g, { readOnly: true }, async (ws) => {
        const tags = parseIdList(opts.tag);
        const rows = [...loadIndicatorLibrary(ws.dir).values()]
          .filter((l) => !tags || (l.definition.tags ?? []).some((t) => tags.includes(t)))
          .map((l) => ({
            id: l.definition.id,
            version: l.definition.version,
            title: localText(l.definition.title, 'en'),
            unit: l.definition.unit.replace(/_/g, ' '),
            dimension: l.definition.qualityDimension,
            linkage: l.needsLinkage ? 'needed' : 'no',
            origin: l.builtIn ? 'built-in' : 'workspace',
          }));
        if (g.json) outJson(rows);
        else
          out(
            formatTable(rows, ['id', 'version', 'title', 'unit', 'dimension', 'linkage', 'origin']),
          );
      });
    });
  registerIndicatorsShow(ind, globals);
  registerIndicatorsRun(ind, globals);
}
