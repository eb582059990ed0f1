import type { Command } from 'commander';
import { ingestRegistry, UsageError, type IngestResult, type RegistryKind } from '@felles/core';
import {
  log,
  out,
  outJson,
  progressReporter,
  withWorkspace,
  type GlobalOptions,
} from '../context.js';
import { formatCount, formatTable } from '../format.js';

interface RegistryOpts {
  replace?: boolean;
  encoding?: string;
  delimiter?: string;
  profile?: string;
  extractDate?: string;
}

interface KindSpec {
  kind: RegistryKind;
  summary: string;
  description: string;
  argument: string;
  examples: string[];
}

const COMMON =
  'Files are CSV (delimiter ; , tab or | and encoding UTF-8 or ISO-8859-1 detected, or given) or Parquet, with the column names of docs/extract-formats.md matched without regard to case; a mapping profile (--profile) renames columns and recodes values for extracts that differ. Every row is loaded or rejected with its file, line, column, raw value and reason (see them with: felles sql "SELECT * FROM reject"). The load is one transaction; a file already loaded is refused unless --replace, and a loaded file is taken out again with: felles ingest remove <file>.';

const KINDS: KindSpec[] = [
  {
    kind: 'npr',
    summary: 'load NPR specialist episodes',
    description:
      'Load Norsk pasientregister episodes into specialist_episode: ICD-10 codes normalised (I50.0 → I500, unknown codes flagged), municipality harmonised to the structure year with the raw code kept, and episodes merged into hospital stays when a new admission starts within stayMergeHours (8) of a discharge.',
    argument: 'NPR episode files',
    examples: [
      'felles ingest npr npr_2023.csv',
      'felles ingest npr --encoding latin-1 NPR_somatikk.csv NPR_psyk.csv',
      'felles ingest npr --replace npr_2023.parquet',
    ],
  },
  {
    kind: 'npr-time',
    summary: 'load NPR discharge-ready times (typeTidspunkt rows)',
    description:
      'Load an NPR time-point file (lopenr, inndato, inntid, typeTidspunkt, dato, tid): rows with typeTidspunkt 2 set the discharge-ready time of the episode of the same person with equal admission date and time. Load the episodes first.',
    argument: 'NPR time-point files',
    examples: ['felles ingest npr-time npr_tidspunkt_2023.csv'],
  },
  {
    kind: 'kpr-claims',
    summary: 'load KUHR claims from KPR (bills, diagnoses, fee codes)',
    description:
      'Load KUHR claims into primary_contact: the bills file (required) and the diagnoses and fee-code files, recognised by their columns in any order. The contact type of each claim is derived from its fee codes with the versioned mapping in definitions/ingest/kuhr-contact-type.csv (the most resource-heavy type wins); kommuneNr -1 falls back to kommunenrPB and a missing kjonn to kjonnK.',
    argument: 'bills, diagnoses and fees files',
    examples: ['felles ingest kpr-claims regninger.csv diagnoser.csv takster.csv'],
  },
  {
    kind: 'kpr-services',
    summary: 'load municipal health and care services (KPR helse og omsorg / IPLOS)',
    description:
      'Load municipal service periods into municipal_service. Periods that end before they start or start before 1980 are rejected; obsolete service codes are recoded (12 and 13 → 29). A period counts in year Y when service_active_in_year(from_date, to_date, Y).',
    argument: 'service files',
    examples: ['felles ingest kpr-services tjenester_2023.csv'],
  },
  {
    kind: 'iplos-function',
    summary: 'load IPLOS function assessments',
    description:
      'Load IPLOS function assessments into function_assessment. Scores 1–5 are kept, 9 (not relevant) becomes empty, and the need level (limited, moderate to large, extensive) is computed when the file has none (docs/ingest.md explains the rule).',
    argument: 'assessment files',
    examples: ['felles ingest iplos-function iplos_funksjon_2023.csv'],
  },
  {
    kind: 'dental',
    summary: 'load public dental service (DOT) records',
    description:
      'Load public dental service records (county, clinic, priority group a–f, under supervision, examined, treated, dmft/DMFT) into dental_record.',
    argument: 'dental record files',
    examples: ['felles ingest dental dot_2023.csv'],
  },
  {
    kind: 'link',
    summary: 'load NPR–KPR key files',
    description:
      'Load key files pairing NPR ids with KPR ids. All key files ever loaded merge into one history in person_link; an NPR id with two KPR ids (or the reverse) is flagged as a conflict, counted, and left out of linked indicators.',
    argument: 'key files',
    examples: [
      'felles ingest link koblingsnokkel.csv',
      'felles ingest link nokkel_2022.csv nokkel_2023.csv',
    ],
  },
];

/** `felles ingest npr|npr-time|kpr-claims|kpr-services|iplos-function|dental|link`. */
export function registerIngestRegistry(ingest: Command, globals: () => GlobalOptions): void {
  for (const k of KINDS) {
    ingest
      .command(k.kind)
      .summary(k.summary)
      .description(`${k.description} ${COMMON}`)
      .argument('<file...>', k.argument)
      .option(
        '--replace',
        'load again a file that is already loaded, dropping the rows it loaded before',
      )
      .option('--encoding <enc>', 'utf-8 or latin-1 (ISO-8859-1); detected when left out')
      .option(
        '--delimiter <char>',
        'field separator: ";", ",", "tab" or "|"; detected when left out',
      )
      .option(
        '--profile <file>',
        'mapping profile (JSON) for extracts whose columns or codes differ',
      )
      .option(
        '--extract-date <date>',
        'the day the extract was made (YYYY-MM-DD); event dates after it or before 1900 are rejected (default: today)',
      )
      .addHelpText(
        'after',
        `\nExamples:\n${k.examples.map((e) => `  $ ${e}`).join('\n')}\n  $ felles --json ingest ${k.kind} --profile my-${k.kind}.json extract.csv`,
      )
      .action(async (files: string[], opts: RegistryOpts) => {
        const g = globals();
        const encoding = parseEncoding(opts.encoding);
        const delimiter = parseDelimiter(opts.delimiter);
        const progress = progressReporter(g);
        try {
          await withWorkspace(g, {}, async (ws) => {
            const res = await ingestRegistry(ws, k.kind, files, {
              ...(opts.replace ? { replace: true } : {}),
              ...(encoding ? { encoding } : {}),
              ...(delimiter ? { delimiter } : {}),
              ...(opts.profile ? { profile: opts.profile } : {}),
              ...(opts.extractDate ? { extractDate: opts.extractDate } : {}),
              progress,
            });
            report(g, res);
          });
        } finally {
          progress.stop();
        }
      });
  }
}

function parseEncoding(e: string | undefined): 'utf-8' | 'latin-1' | 'auto' | undefined {
  if (e === undefined) return undefined;
  const v = e.toLowerCase().replace(/_/g, '-');
  if (v === 'utf-8' || v === 'utf8') return 'utf-8';
  if (v === 'latin-1' || v === 'latin1' || v === 'iso-8859-1' || v === 'iso8859-1')
    return 'latin-1';
  if (v === 'auto') return 'auto';
  throw new UsageError('BAD_OPTION', `--encoding must be utf-8 or latin-1, got ${e}`);
}

function parseDelimiter(d: string | undefined): string | undefined {
  if (d === undefined) return undefined;
  if (d === 'tab' || d === '\\t' || d === '\t') return '\t';
  if ([';', ',', '|'].includes(d)) return d;
  throw new UsageError('BAD_OPTION', `--delimiter must be ";", ",", "tab" or "|", got ${d}`);
}

function report(g: GlobalOptions, res: IngestResult): void {
  for (const n of res.notes) log(g, `note: ${n}`);
  if (res.replaced.length)
    log(g, `replaced the rows of earlier load(s): file id ${res.replaced.join(', ')}`);
  if (g.json) {
    outJson(res);
    return;
  }
  out(
    formatTable(
      res.files.map((f) => ({
        file: f.path,
        role: f.role,
        read: f.rowsRead,
        loaded: f.rowsLoaded,
        rejected: f.rowsRejected,
      })),
      ['file', 'role', 'read', 'loaded', 'rejected'],
    ),
  );
  const reasons = new Map<string, number>();
  for (const f of res.files)
    for (const [r, n] of Object.entries(f.rejectReasons)) reasons.set(r, (reasons.get(r) ?? 0) + n);
  if (reasons.size) {
    out('');
    out('rejected, by reason:');
    for (const [r, n] of [...reasons].sort((a, b) => b[1] - a[1]))
      out(`  ${formatCount(n).padStart(8)}  ${r}`);
  }
  out('');
  out(
    `tables: ${Object.entries(res.derived)
      .map(([t, n]) => `${t} ${formatCount(n)}`)
      .join(', ')}`,
  );
  log(
    g,
    `run ${res.runId}; see the rejected rows with: felles sql "SELECT * FROM reject WHERE kind = '${res.kind}'"`,
  );
}
