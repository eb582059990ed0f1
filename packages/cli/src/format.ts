/**
 * Plain-text table for the terminal: columns aligned, numbers right-aligned, and so are the
 * columns named in `right` (numbers already formatted as text, e.g. with a decimal comma).
 */
export function formatTable(
  rows: ReadonlyArray<Record<string, unknown>>,
  columns?: string[],
  right: readonly string[] = [],
): string {
  if (rows.length === 0) return '(no rows)';
  const cols = columns ?? Object.keys(rows[0] ?? {});
  const cells = rows.map((r) => cols.map((c) => cellText(r[c])));
  const numeric = cols.map(
    (c, i) =>
      right.includes(c) ||
      rows.every((r) => {
        const v = r[cols[i] ?? ''];
        return v === null || v === undefined || typeof v === 'number' || typeof v === 'bigint';
      }),
  );
  const widths = cols.map((c, i) =>
    Math.max(c.length, ...cells.map((row) => (row[i] ?? '').length)),
  );
  const pad = (s: string, i: number) =>
    numeric[i] ? s.padStart(widths[i] ?? 0) : s.padEnd(widths[i] ?? 0);
  const lines = [
    cols
      .map((c, i) => pad(c, i))
      .join('  ')
      .trimEnd(),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...cells.map((row) =>
      row
        .map((s, i) => pad(s, i))
        .join('  ')
        .trimEnd(),
    ),
  ];
  return lines.join('\n');
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number')
    return Number.isInteger(v) ? String(v) : String(Math.round(v * 1000) / 1000);
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** Format an integer with a thin space as thousands separator, as Norwegian print does. */
export function formatCount(n: number): string {
  return Math.round(n)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}
