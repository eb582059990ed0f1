import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { CONFIG_FILE, lineage, WorkspaceError, type Lineage } from '@felles/core';
import { out, outJson, type GlobalOptions } from '../context.js';
import { formatTable } from '../format.js';

type Lang = 'nb' | 'en';

/** The words of the lineage table, in bokmål and English. */
const TEXT = {
  nb: {
    of: 'Opphav for',
    writtenBy: 'skrevet av kjøring',
    foundByHash: 'funnet ved SHA-256 blant filene kjøringene skrev',
    changed: 'filen er endret etter at felles skrev den; funnet ved kjørings-id-en som står i den',
    runs: 'Kjøringer',
    files: 'Filer lest',
    noFiles: '(ingen filer)',
    missingManifest: 'manifest mangler',
    ssb: 'SSB-tabeller',
    definitions: 'Definisjoner',
    codelists: 'Kodelister',
    none: 'ingen',
    col: {
      step: 'trinn',
      run: 'kjøring',
      command: 'kommando',
      started: 'startet',
      status: 'status',
      readBy: 'lest av',
      read: 'hva',
      kind: 'type',
      file: 'fil',
      bytes: 'byte',
      rows: 'rader',
      now: 'nå',
    },
    now: { unchanged: 'uendret', changed: 'ENDRET', missing: 'MANGLER' },
  },
  en: {
    of: 'Lineage of',
    writtenBy: 'written by run',
    foundByHash: 'found by its SHA-256 among the files the runs wrote',
    changed: 'the file was changed after felles wrote it; found by the run id it records',
    runs: 'Runs',
    files: 'Files read',
    noFiles: '(no files)',
    missingManifest: 'manifest missing',
    ssb: 'SSB tables',
    definitions: 'Definitions',
    codelists: 'Code lists',
    none: 'none',
    col: {
      step: 'step',
      run: 'run',
      command: 'command',
      started: 'started',
      status: 'status',
      readBy: 'read by',
      read: 'what',
      kind: 'kind',
      file: 'file',
      bytes: 'bytes',
      rows: 'rows',
      now: 'now',
    },
    now: { unchanged: 'unchanged', changed: 'CHANGED', missing: 'MISSING' },
  },
} as const;

const when = (iso: string) => iso.replace('T', ' ').slice(0, 19);

/** `npr /data/x/npr_2024.csv` → `npr npr_2024.csv` (the file table has the full path). */
const shortRead = (read: string) => read.replace(/(^|\s)\S*[\\/]([^\\/\s]+)$/, '$1$2');

/** Print a lineage as text tables in `lang`. */
function printLineage(l: Lineage, lang: Lang): void {
  const t = TEXT[lang];
  const first = l.runs[0]!;
  const what = l.target.kind === 'file' ? l.target.path! : first.id;
  out(`${t.of} ${what}`);
  if (l.target.kind === 'file') {
    out(`  ${t.writtenBy} ${first.id} (${first.command}, ${when(first.startedAt)})`);
    out(`  ${l.target.changed ? t.changed : t.foundByHash}`);
    out(`  sha256 ${l.target.sha256}`);
  }
  out('');
  out(t.runs);
  out(
    formatTable(
      l.runs.map((r) => ({
        [t.col.step]: r.depth,
        [t.col.run]: r.id,
        [t.col.command]: r.command,
        [t.col.started]: r.found ? when(r.startedAt) : t.missingManifest,
        [t.col.status]: r.found ? r.status : '',
        [t.col.readBy]: r.readBy.map((b) => b.run).join(', '),
        [t.col.read]: [...new Set(r.readBy.flatMap((b) => b.read.map(shortRead)))].join('; '),
      })),
    ),
  );
  out('');
  out(t.files);
  out(
    l.files.length === 0
      ? t.noFiles
      : formatTable(
          l.files.map((f) => ({
            [t.col.run]: f.readBy,
            [t.col.kind]: f.kind ?? '',
            [t.col.file]: f.path,
            sha256: f.sha256,
            [t.col.bytes]: f.bytes,
            [t.col.rows]: f.rowsLoaded ?? null,
            ...(f.now ? { [t.col.now]: t.now[f.now] } : {}),
          })),
        ),
  );
  const uniq = (xs: string[]) => [...new Set(xs)].join(', ') || t.none;
  out('');
  out(
    `${t.ssb}: ${uniq(l.runs.flatMap((r) => r.ssbTables.map((s) => `${s.tableId}${s.vintage !== undefined ? ` (${s.vintage})` : ''}`)))}`,
  );
  out(
    `${t.definitions}: ${uniq(l.runs.flatMap((r) => r.definitions.map((d) => `${d.id} ${d.version}`)))}`,
  );
  out(
    `${t.codelists}: ${uniq(l.runs.flatMap((r) => r.codelists.map((c) => `${c.id} ${c.version}`)))}`,
  );
}

/** `felles lineage <file|run>`: from an output back to the extracts. */
export function registerLineage(program: Command, globals: () => GlobalOptions): void {
  program
    .command('lineage')
    .summary('trace a file or run back to the ingest runs and extract files behind it')
    .description(
      'Print the chain from a file felles wrote (a report, a table, a figure) or a run id back to the runs it read (indicators, cohorts, the ingest runs) and the extract and SSB files those loaded, each with its SHA-256, with the SSB tables and vintages, definition versions and code lists on the way. The file is found by its SHA-256 among the outputs of the run manifests, or, when it was changed after it was written, by the run id it records. Reads only the run manifests (runs/<id>/manifest.json), so it also works while another felles command uses the workspace. With --verify the files read are hashed again and marked unchanged, changed or missing.',
    )
    .argument('<target>', 'a file felles wrote, or a run id (a folder name under runs/)')
    .addOption(
      new Option('--lang <lang>', 'language of the table').choices(['nb', 'en']).default('nb'),
    )
    .option('--verify', 'hash the files read again and say whether they are unchanged')
    .addHelpText(
      'after',
      `
Examples:
  $ felles -w ws lineage ws/out/report/telemark.html
  $ felles -w ws lineage 20261207T141934698Z-d3d7 --lang en
  $ felles -w ws --json lineage out/indicators/indicator_readmission-30d.csv --verify`,
    )
    .action(async (target: string, opts: { lang: Lang; verify?: boolean }) => {
      const g = globals();
      const dir = resolve(g.workspace);
      if (!existsSync(join(dir, CONFIG_FILE)))
        throw new WorkspaceError(
          'WORKSPACE_NOT_FOUND',
          `${dir} is not a felles workspace (no ${CONFIG_FILE}); name the workspace whose runs wrote the file with --workspace`,
          { dir },
        );
      const l = await lineage(dir, target, { verify: opts.verify ?? false });
      if (g.json) outJson(l);
      else printLineage(l, opts.lang);
    });
}
