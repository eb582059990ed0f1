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
