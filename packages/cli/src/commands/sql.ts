import type { Command } from 'commander';
import { UsageError } from '@felles/core';
import { out, outJson, withWorkspace, type GlobalOptions } from '../context.js';
import { formatTable } from '../format.js';

export function registerSql(program: Command, globals: () => GlobalOptions): void {
  program
    .command('sql')
    .summary('run a read-only SQL query on the workspace')
    .description(
      'Run one SQL query against the workspace database opened read-only, and print the result as a ' +
        'table (or JSON with --json). Person-level rows are shown here because they stay on this ' +
        'machine; files for others must come from commands that apply disclosure control.',
    )
    .argument('<query>', 'the SQL query')
    .option('--limit <n>', 'print at most n rows', '200')
    .addHelpText(
      'after',
      `
Examples:
  $ felles sql "SELECT count(*) FROM municipality"
  $ felles --json sql "SELECT code, name FROM helsefellesskap ORDER BY code"`,
    )
    .action(async (query: string, opts: { limit: string }) => {
      const g = globals();
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1)
        throw new UsageError(
          'BAD_OPTION',
          `--limit must be a positive whole number, got ${opts.limit}`,
        );
      await withWorkspace(g, { readOnly: true }, async (ws) => {
        let rows;
        try {
          rows = await ws.db.all(query);
        } catch (e) {
          throw new UsageError('SQL_ERROR', `the query failed: ${(e as Error).message}`);
        }
        if (g.json) outJson(rows.slice(0, limit));
        else {
          out(formatTable(rows.slice(0, limit)));
          if (rows.length > limit) out(`(${rows.length - limit} more rows; use --limit)`);
        }
      });
    });
}
