/**
 * Years in words for messages: runs of consecutive years joined with an en dash, the rest listed
 * (`[2020, 2021, 2022, 2024]` → `2020–2022, 2024`); `none` for no years.
 */
export function describeYears(years: readonly number[]): string {
  const ys = [...new Set(years)].sort((a, b) => a - b);
  if (ys.length === 0) return 'none';
  const parts: string[] = [];
  let from = ys[0]!;
  let to = from;
  for (const y of ys.slice(1)) {
    if (y === to + 1) {
      to = y;
      continue;
    }
    parts.push(from === to ? `${from}` : `${from}–${to}`);
    from = to = y;
  }
  parts.push(from === to ? `${from}` : `${from}–${to}`);
  return parts.join(', ');
}
