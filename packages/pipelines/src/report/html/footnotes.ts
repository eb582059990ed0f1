/**
 * Footnotes of a table: a figure that does not exist by design (no target, no interval, no
 * direction) is shown as "–" with a numbered note saying why, so it never reads as missing data.
 */
import { esc } from './html.js';

/** The notes of one table or block, numbered in order of first use. */
export class Footnotes {
  private readonly notes: string[] = [];

  /** The `<sup>` mark of a note (the same text gets the same number). */
  mark(text: string): string {
    let i = this.notes.indexOf(text);
    if (i < 0) i = this.notes.push(text) - 1;
    return `<sup class="fn">${i + 1}</sup>`;
  }

  /** A number cell holding "–" and the mark of the note that explains it. */
  dash(text: string): string {
    return `<td class="num by-design">–${this.mark(text)}</td>`;
  }

  /** The notes as a list (empty when none was used). */
  html(): string {
    if (!this.notes.length) return '';
    return `<ol class="footnotes">${this.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ol>`;
  }
}
