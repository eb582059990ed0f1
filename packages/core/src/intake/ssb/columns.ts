import { InputDataError } from '../../kernel/errors.js';

/** The role a column of an SSB file plays. */
export type SsbRole =
  | 'region'
  | 'sex'
  | 'age'
  | 'alternative'
  | 'year'
  | 'value'
  | 'vintage'
  | 'table'
  | 'wide-value'
  | 'ignored';

/** One classified header field. */
export interface SsbColumn {
  index: number;
  name: string;
  role: SsbRole;
  /** For `wide-value` columns ("Persons 2022", "Hovedalternativet (MMMM) 2030"): the year. */
  year?: number;
  /** For `wide-value` columns: the contents label before the year. */
  contents?: string;
}

const ROLE_NAMES: Array<[SsbRole, RegExp]> = [
  ['region', /^(region|kommune|municipality|fylke|county|bydel|district|area|område)$/i],
  ['sex', /^(sex|kjønn|kjonn|kj.nn|gender)$/i],
  ['age', /^(age|alder)$/i],
  [
    'alternative',
    /^(statistikkvariabel|contents|statistic|alternativ|alternative|framskrivingsalternativ|contentscode)$/i,
  ],
  ['year', /^(år|ar|.r|year|tid|time)$/i],
  ['value', /^(value|verdi|values|personer|persons|population|folkemengde)$/i],
  ['vintage', /^(framskriving|vintage|projection|framskrivingsår|round)$/i],
  ['table', /^(tabell|table|table_id|tabell_id)$/i],
];

/** Classify the header of an SSB CSV file (see docs/ssb-formats.md). */
export function classifyColumns(header: string[]): SsbColumn[] {
  return header.map((raw, index) => {
    const name = raw.replace(/^\uFEFF/, '').trim();
    for (const [role, re] of ROLE_NAMES) if (re.test(name)) return { index, name, role };
    const wide = /^(.*\S)\s+(\d{4})$/.exec(name);
    if (wide)
      return {
        index,
        name,
        role: 'wide-value' as const,
        contents: wide[1] as string,
        year: Number(wide[2]),
      };
    return { index, name, role: 'ignored' as const };
  });
}

/** The one column with a role, or undefined; several are an error. */
export function single(
  cols: SsbColumn[],
  role: SsbRole,
  file: string,
  headerLine: number,
): SsbColumn | undefined {
  const found = cols.filter((c) => c.role === role);
  if (found.length > 1) {
    throw new InputDataError(
      'DUPLICATE_COLUMN',
      `more than one ${role} column (${found.map((c) => `"${c.name}"`).join(', ')})`,
      {
        file,
        line: headerLine,
        column: found[1]?.name,
      },
    );
  }
  return found[0];
}

/** The columns of an SSB file by role (region, sex, age, …). */
export interface SsbRoles {
  region: SsbColumn;
  sex?: SsbColumn;
  age: SsbColumn;
  alt?: SsbColumn;
  year?: SsbColumn;
  value?: SsbColumn;
  vintage?: SsbColumn;
  tab?: SsbColumn;
  wide: SsbColumn[];
}
