/**
 * What every writer needs besides the tables: the run manifest id, export-wide metadata, file
 * naming and format options; and the metadata document every format embeds.
 */
import type { Lang, LocalText } from '@felles/text';
import { FLAG_COLUMN, REASON_COLUMN } from '../disclosure/schema.js';
import type { DisclosedTable } from '../disclosure/disclosed-table.js';
import { toolVersion } from '../kernel/util/paths.js';

/** CSV conventions; see `docs/disclosure.md` ("Export formats"). */
export type CsvDialect = 'excel-nb' | 'rfc4180';

/** Export-wide provenance (the workspace, the command, anything the caller wants recorded). */
export interface ExportMetadata {
  title?: string;
  description?: string;
  /** Free-form facts recorded as they are (must be JSON-serialisable). */
  [extra: string]: unknown;
}

/** Resolved options handed to every writer. */
export interface ExportContext {
  /** Id of the run manifest (`runs/<id>/manifest.json`) that produced the tables. */
  manifestId: string;
  metadata: ExportMetadata;
  /** File name (without extension) of single-file formats (XLSX, JSON). */
  baseName: string;
  csvDialect: CsvDialect;
  /** Replace files that already exist (the CLI's `--force`); by default an existing file stops the run. */
  overwrite?: boolean;
  /** Language of labels in formats that have them (XLSX sheet names, headers); default `nb`. */
  lang?: Lang;
}

/** The metadata document embedded in (or beside) every exported file. */
export interface ExportDocument {
  felles: { export: 1; toolVersion: string };
  manifestId: string;
  metadata: ExportMetadata;
  disclosure: { rule: string; flagColumn: string; reasonColumn: string };
  tables: Array<{
    name: string;
    title?: LocalText;
    shortTitle?: LocalText;
    description?: LocalText;
    definitions: Array<{ id: string; version: string | number }>;
    methods: string[];
    dataVintage?: string;
    unit?: string;
    notes: string[];
    threshold: number;
    summary: DisclosedTable['summary'];
    columns: DisclosedTable['columns'];
  }>;
}

/** The disclosure rule in words, for the metadata of every file. */
export function disclosureRule(threshold: number): string {
  if (threshold === 0)
    return 'Suppression disabled (threshold 0): no counts were hidden. Person-level data was refused.';
  return (
    `Counts from 1 to ${threshold} are hidden (primary) together with the rates, limits and shares derived from them; ` +
    'further counts are hidden so that no hidden cell can be worked out from a total (secondary). ' +
    'Hidden values are empty (NULL), never 0; a true zero is shown. The column "suppressed" says why.'
  );
}

/** Build the metadata document for a set of tables. */
export function exportDocument(
  tables: readonly DisclosedTable[],
  ctx: ExportContext,
): ExportDocument {
  const thresholds = [...new Set(tables.map((t) => t.threshold))];
  return {
    felles: { export: 1, toolVersion: toolVersion() },
    manifestId: ctx.manifestId,
    metadata: ctx.metadata,
    disclosure: {
      rule:
        thresholds.length === 1
          ? disclosureRule(thresholds[0]!)
          : thresholds.map(disclosureRule).join(' / '),
      flagColumn: FLAG_COLUMN,
      reasonColumn: REASON_COLUMN,
    },
    tables: tables.map((t) => ({
      name: t.name,
      ...(t.metadata.title !== undefined ? { title: t.metadata.title } : {}),
      ...(t.metadata.shortTitle !== undefined ? { shortTitle: t.metadata.shortTitle } : {}),
      ...(t.metadata.description !== undefined ? { description: t.metadata.description } : {}),
      definitions: [...(t.metadata.definitions ?? [])].map((d) => ({ ...d })),
      methods: [...(t.metadata.methods ?? [])],
      ...(t.metadata.dataVintage !== undefined ? { dataVintage: t.metadata.dataVintage } : {}),
      ...(t.metadata.unit !== undefined ? { unit: t.metadata.unit } : {}),
      notes: [...(t.metadata.notes ?? [])],
      threshold: t.threshold,
      summary: t.summary,
      columns: t.columns,
    })),
  };
}
