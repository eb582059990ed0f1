import { UsageError } from '../../kernel/errors.js';

/** An age group: `from` to `to` inclusive; `to` undefined = open-ended ("80+"). */
export interface AgeGroup {
  label: string;
  from: number;
  to?: number;
}

/** The default groups of `felles population`: children, working age, young old, old old. */
export const DEFAULT_AGE_GROUPS = '0-19,20-66,67-79,80+';

/**
 * Parse age groups written like `0-19,20-66,67-79,80+` (single ages such as `0` allowed).
 * Groups must be in rising order and must not overlap; gaps are allowed (those ages are left out).
 * @throws UsageError `BAD_AGE_GROUPS` naming the part that is wrong.
 */
export function parseAgeGroups(text: string = DEFAULT_AGE_GROUPS): AgeGroup[] {
  const parts = text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (parts.length === 0)
    throw new UsageError(
      'BAD_AGE_GROUPS',
      `no age groups in "${text}"; write them like ${DEFAULT_AGE_GROUPS}`,
    );
  const groups: AgeGroup[] = [];
  for (const p of parts) {
    const m = /^(\d{1,3})(?:\s*-\s*(\d{1,3})|(\+))?$/.exec(p);
    if (!m)
      throw new UsageError(
        'BAD_AGE_GROUPS',
        `age group "${p}" not understood; write them like ${DEFAULT_AGE_GROUPS}`,
      );
    const from = Number(m[1]);
    const to = m[3] ? undefined : m[2] !== undefined ? Number(m[2]) : from;
    if (to !== undefined && to < from)
      throw new UsageError('BAD_AGE_GROUPS', `age group "${p}" ends before it starts`);
    const prev = groups[groups.length - 1];
    if (prev && (prev.to === undefined || prev.to >= from)) {
      throw new UsageError(
        'BAD_AGE_GROUPS',
        `age group "${p}" overlaps "${prev.label}" (groups must rise and not overlap)`,
      );
    }
    groups.push({
      label: to === undefined ? `${from}+` : to === from ? String(from) : `${from}-${to}`,
      from,
      ...(to !== undefined ? { to } : {}),
    });
  }
  return groups;
}
