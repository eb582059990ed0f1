import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputDataError } from '../../kernel/errors.js';

interface JsonStatCategory {
  index?: Record<string, number> | string[];
  label?: Record<string, string>;
}
interface JsonStatDataset {
  class?: string;
  version?: string;
  label?: string;
  id?: string[];
  size?: number[];
  dimension?: Record<string, { label?: string; category?: JsonStatCategory }>;
  value?: Array<number | null> | Record<string, number | null>;
  extension?: { px?: { tableid?: string } };
}

/** Map a JSON-stat dimension (SSB ids like `Region`, `Kjonn`, `Alder`, `ContentsCode`, `Tid`) to a CSV column. */
function roleOf(id: string, label: string): { column: string; useCode: boolean } | undefined {
  const k = `${id}|${label}`.toLowerCase();
  if (/^region|\|region/.test(k)) return { column: 'region', useCode: true };
  if (/^kjonn|^kjønn|\|kjønn|\|sex|^sex/.test(k)) return { column: 'kjønn', useCode: false };
  if (/^alder|\|alder|^age|\|age/.test(k)) return { column: 'alder', useCode: false };
  if (/^contentscode|statistikkvariabel|contents/.test(k))
    return { column: 'statistikkvariabel', useCode: false };
  if (/^tid|\|år|\|year|^year/.test(k)) return { column: 'år', useCode: true };
  return undefined;
}

function quote(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}

/**
 * Convert a JSON-stat2 dataset (as SSB's API returns it) to a temporary long CSV with the columns
 * of SSB's API CSV (`region, kjønn, alder, statistikkvariabel, år, value`), so that it is staged by
 * the same code. Regions are written as `code name` (`3001 Halden`), other dimensions as labels
 * (years as codes). Missing values (null) are written as `..`, which the checks reject.
 * Dimensions of size 1 that are not understood are ignored; larger ones are refused.
 */
export async function jsonStatToCsv(
  file: string,
): Promise<{ csvFile: string; title?: string; tableId?: string; cleanup: () => Promise<void> }> {
  let ds: JsonStatDataset;
  try {
    ds = JSON.parse((await readFile(file, 'utf8')).replace(/^\uFEFF/, '')) as JsonStatDataset;
  } catch (e) {
    throw new InputDataError('BAD_JSON', `not valid JSON: ${(e as Error).message}`, { file });
  }
  if (
    ds.class !== 'dataset' ||
    !Array.isArray(ds.id) ||
    !Array.isArray(ds.size) ||
    !ds.dimension ||
    ds.value === undefined
  ) {
    throw new InputDataError(
      'NOT_JSON_STAT',
      'not a JSON-stat2 dataset (expected "class": "dataset" with id, size, dimension and value)',
      { file },
    );
  }
  const dims = ds.id.map((id, d) => {
    const dim = ds.dimension?.[id];
    if (!dim)
      throw new InputDataError(
        'NOT_JSON_STAT',
        `dimension "${id}" is listed in "id" but not described`,
        { file, column: id },
      );
    const cat = dim.category ?? {};
    const codes = Array.isArray(cat.index)
      ? cat.index
      : cat.index
        ? Object.entries(cat.index)
            .sort((a, b) => a[1] - b[1])
            .map(([code]) => code)
        : Object.keys(cat.label ?? {});
    const size = ds.size?.[d] ?? 0;
    if (codes.length !== size) {
      throw new InputDataError(
        'NOT_JSON_STAT',
        `dimension "${id}" has ${codes.length} categories but size says ${size}`,
        { file, column: id },
      );
    }
    const role = roleOf(id, dim.label ?? '');
    if (!role && size > 1)
      throw new InputDataError(
        'UNKNOWN_DIMENSION',
        `dimension "${id}" (${dim.label ?? ''}) is not one felles understands`,
        { file, column: id },
      );
    const texts = codes.map((code) => {
      const label = cat.label?.[code] ?? code;
      if (!role) return label;
      if (role.column === 'region') return label.startsWith(code) ? label : `${code} ${label}`;
      return role.useCode ? code : label;
    });
    return { id, role, texts };
  });
  const used = dims.filter((d) => d.role);
  const header = [...used.map((d) => d.role?.column as string), 'value'];
  const total = ds.size.reduce((a, b) => a * b, 1);
  const lines: string[] = [header.map(quote).join(',')];
  const idx = new Array<number>(dims.length).fill(0);
  const values = ds.value;
  for (let cell = 0; cell < total; cell++) {
    const v = Array.isArray(values) ? values[cell] : values[String(cell)];
    const fields = used.map((d) => quote(d.texts[idx[dims.indexOf(d)] ?? 0] ?? ''));
    fields.push(v === null || v === undefined ? '..' : String(v));
    lines.push(fields.join(','));
    for (let d = dims.length - 1; d >= 0; d--) {
      idx[d] = (idx[d] ?? 0) + 1;
      if ((idx[d] ?? 0) < (ds.size[d] ?? 0)) break;
      idx[d] = 0;
    }
  }
  const dir = await mkdtemp(join(tmpdir(), 'felles-jsonstat-'));
  const csvFile = join(dir, 'cells.csv');
  await writeFile(csvFile, `${lines.join('\n')}\n`);
  return {
    csvFile,
    title: ds.label,
    tableId: ds.extension?.px?.tableid ?? (ds.label ? /^(\d{5})\b/.exec(ds.label)?.[1] : undefined),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
