import { UsageError } from '@felles/core';

/**
 * Years from `--year`/`--years` values: single years (`2024`), spans (`2022-2024`) and lists
 * (`2022,2024`), possibly repeated. Returns the years sorted without duplicates, or `undefined`
 * when the option was not given. Anything else is a usage error naming the option and the value.
 */
export function parseYears(
  values: string | readonly string[] | undefined,
  option = '--year',
): number[] | undefined {
  const given = typeof values === 'string' ? [values] : (values ?? []);
  if (given.length === 0) return undefined;
  const years = given
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean)
    .flatMap((v) => {
      const m = /^(\d{4})(?:\s*-\s*(\d{4}))?$/.exec(v);
      if (!m)
        throw new UsageError(
          'BAD_OPTION',
          `${option} takes years such as 2024, 2022-2024 or 2022,2024; got "${v}"`,
        );
      const a = Number(m[1]);
      const b = m[2] ? Number(m[2]) : a;
      if (b < a) throw new UsageError('BAD_OPTION', `${option} range ${v} runs backwards`);
      return Array.from({ length: b - a + 1 }, (_, i) => a + i);
    });
  return [...new Set(years)].sort((a, b) => a - b);
}

/**
 * One year from an option such as `--train-year` (`undefined` when not given). Anything but four
 * digits is a usage error naming the option, an example and the value.
 */
export function parseYear(
  value: string | undefined,
  option: string,
  example = 2022,
): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{4}$/.test(value))
    throw new UsageError('BAD_OPTION', `${option} takes a year, e.g. ${example}; got ${value}`);
  return Number(value);
}

/**
 * Ids from a repeatable option such as `--id`: each value may hold several ids separated by commas.
 * Returns the ids in the order given, or `undefined` when none were given.
 */
export function parseIdList(values: string[] | undefined): string[] | undefined {
  const list = (values ?? [])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
  return list.length ? list : undefined;
}
