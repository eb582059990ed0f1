import type { Command } from 'commander';
import { UsageError } from '@felles/core';
import { out, outJson, withWorkspace, type GlobalOptions } from '../context.js';
import { formatTable } from '../format.js';

/** Printed with every result: the rows are for the screen, not for sharing. */
export const SQL_NOTICE = [
  'Merk: resultatet er ikke kontrollert mot avsløring (små tall er ikke prikket); ikke del det med andre.',
  'Note: this result is not disclosure-controlled (small counts are not hidden); do not share it.',
];

export function registerSql(program: Command, globals: () => GlobalOptions): void {
  program
    .command('sql')
    .summary('run a read-only SQL query on the workspace')
    .description(
      'Run one SQL query against the workspace database and print the result on the terminal as a ' +
        'table (or JSON with --json). The database is opened read-only and sealed: a query can ' +
        'neither write nor read any file (no COPY … TO, EXPORT DATABASE, ATTACH, read_csv or other ' +
        'file readers), nor install or load extensions, nor change these settings, and it runs in ' +
        'memory. The result is not disclosure-controlled: person-level rows and small counts are ' +
        'shown because they stay on this screen; files for others must come from commands that ' +
        'apply disclosure control.',
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
      await withWorkspace(g, { sealed: true }, async (ws) => {
        let rows;
        try {
          rows = await ws.db.all(query);
        } catch (e) {
          throw sqlError(e);
        }
        // Always, even with --quiet: on stderr, so that --json output stays parseable.
        for (const line of SQL_NOTICE) process.stderr.write(`${line}\n`);
        if (g.json) outJson(rows.slice(0, limit));
        else {
          out(formatTable(rows.slice(0, limit)));
          if (rows.length > limit) out(`(${rows.length - limit} more rows; use --limit)`);
        }
      });
    });
}

/** What the sealed database refused, in words a user can act on. */
function sqlError(e: unknown): UsageError {
  const msg = (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? '';
  if (
    /file system operations are disabled|has been disabled by configuration|external extensions is disabled|Cannot access (file|directory)/i.test(
      msg,
    )
  )
    return new UsageError(
      'SQL_NOT_ALLOWED',
      'felles sql reads the workspace tables only: it cannot write or read files, attach ' +
        'databases or install and load extensions. Files for others come from the commands that ' +
        `apply disclosure control (indicators run, cohorts run, report, …). DuckDB: ${msg}`,
    );
  if (/configuration has been locked/i.test(msg))
    return new UsageError(
      'SQL_NOT_ALLOWED',
      `felles sql cannot change DuckDB settings; they are locked. DuckDB: ${msg}`,
    );
  if (/read-only mode|read only/i.test(msg))
    return new UsageError(
      'SQL_NOT_ALLOWED',
      'felles sql cannot change the workspace; the commands that load and compute data do ' +
        `that. DuckDB: ${msg}`,
    );
  if (/Out of Memory/i.test(msg))
    return new UsageError(
      'SQL_OUT_OF_MEMORY',
      'the query needs more memory than DuckDB may use, and felles sql never spills to disk; ' +
        `aggregate further or narrow it with WHERE. DuckDB: ${msg}`,
    );
  return new UsageError('SQL_ERROR', `the query failed: ${msg}`);
}
