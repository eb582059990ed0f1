/**
 * The caption line every figure carries: source, period, method, definition ids and versions
 * and the run manifest id.
 */
import { t } from './labels.js';
import { NBSP } from './locale.js';
import type { FigureMeta, Lang } from './types.js';

/**
 * Build the caption text, e.g. `Kilde: NPR. Periode: 2024. Metode: Direkte standardisert, Norge
 * 2024 som standard, Dobson 95 %. Definisjoner: ind.video_share v1.0.0. Kjøring: 20261122T…`.
 * Throws if `source`, `period` or `manifestId` is empty: a figure without provenance must not leave.
 */
export function captionText(meta: FigureMeta, lang: Lang = 'nb'): string {
  for (const k of ['source', 'period', 'manifestId'] as const) {
    if (!meta[k] || !String(meta[k]).trim()) {
      throw new TypeError(`FigureMeta.${k} is required for the caption line`);
    }
  }
  const parts = [`${t(lang, 'source')}: ${meta.source}`, `${t(lang, 'period')}: ${meta.period}`];
  if (meta.method) parts.push(`${t(lang, 'method')}: ${meta.method}`);
  if (meta.definitions && meta.definitions.length > 0) {
    const defs = meta.definitions.map((d) => `${d.id} v${d.version}`).join(', ');
    parts.push(`${t(lang, 'definitions')}: ${defs}`);
  }
  parts.push(`${t(lang, 'run')}: ${meta.manifestId}`);
  if (meta.note) parts.push(meta.note);
  // A no-break space keeps `95 %` together when the caption is wrapped.
  return parts
    .map((p) => (/[.!?]$/.test(p) ? p : p + '.'))
    .join(' ')
    .replace(/(\d) %/g, `$1${NBSP}%`);
}

/**
 * Break text into lines of at most `maxChars` characters at spaces (a word longer than that
 * gets its own line). Used to fit the caption to the figure width with deterministic results.
 */
export function wrapText(text: string, maxChars: number): string[] {
  const words = text.split(/ +/);
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line && line.length + 1 + w.length > maxChars) {
      lines.push(line);
      line = w;
    } else {
      line = line ? `${line} ${w}` : w;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * The parts of core's `RunManifest` (`runs/<id>/manifest.json`) a caption needs. Structural, so
 * a `RunManifest` can be passed as is without charts depending on core at run time.
 */
export interface ManifestLike {
  id: string;
  definitions?: ReadonlyArray<{ id: string; version: string | number }>;
  ssbTables?: ReadonlyArray<{ tableId: string; vintage?: number | string }>;
}

/**
 * Build a {@link FigureMeta} from the run manifest that produced the numbers: the manifest id, the
 * definitions with their versions (optionally only those whose id is in `definitionIds`), and SSB
 * table ids with vintages appended to `source` (`SSB tabell 14288 (2024)`).
 */
export function figureMetaFromManifest(
  manifest: ManifestLike,
  fields: {
    source: string;
    period: string;
    method?: string;
    note?: string;
    definitionIds?: string[];
  },
  lang: Lang = 'nb',
): FigureMeta {
  const defs = (manifest.definitions ?? [])
    .filter((d) => !fields.definitionIds || fields.definitionIds.includes(d.id))
    .map((d) => ({ id: d.id, version: String(d.version) }));
  const word = t(lang, 'ssbTable');
  const tables = (manifest.ssbTables ?? []).map(
    (s) => `${word} ${s.tableId}${s.vintage != null ? ` (${s.vintage})` : ''}`,
  );
  const source = [fields.source, ...tables.filter((x) => !fields.source.includes(x))].join('; ');
  const meta: FigureMeta = { source, period: fields.period, manifestId: manifest.id };
  if (fields.method) meta.method = fields.method;
  if (defs.length > 0) meta.definitions = defs;
  if (fields.note) meta.note = fields.note;
  return meta;
}
