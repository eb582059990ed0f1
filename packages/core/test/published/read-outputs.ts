/**
 * Reads what felles published, as a reader of the files would: every table of every output file
 * (CSV with its sidecar, JSON, XLSX, Parquet, Arrow) and the JSON a command printed, as rows of
 * plain values. Used by the tests that attack all outputs of a workspace together.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import ExcelJS from 'exceljs';
import { Db } from '@felles/core';

/** A cell as read from a file: text, number or empty. */
export type Value = string | number | boolean | null;

/** One published table. */
export interface PublishedTable {
  name: string;
  rows: Array<Record<string, Value>>;
  /** Where it was read from. */
  from: string;
}

/** Split one line of the excel-nb CSV dialect (`;`, `"` quotes); decimal commas are kept as text. */
function parseCsv(text: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const s = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ';') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && s[i + 1] === '\n') i++;
      row.push(field);
      out.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length) {
    row.push(field);
    out.push(row);
  }
  return out;
}

function fromCsv(file: string): PublishedTable[] {
  const [header, ...lines] = parseCsv(readFileSync(file, 'utf8'));
  const rows = lines
    .filter((l) => l.length > 1 || l[0] !== '')
    .map((l) => Object.fromEntries(header!.map((h, i) => [h, l[i] === '' ? null : l[i]!])));
  return [{ name: basename(file, '.csv'), rows, from: file }];
}

function fromJson(file: string): PublishedTable[] {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as {
    tables?: Array<{ name: string; rows: Array<Record<string, Value>> }>;
  };
  return (doc.tables ?? []).map((t) => ({ name: t.name, rows: t.rows, from: file }));
}

async function fromXlsx(file: string): Promise<PublishedTable[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const out: PublishedTable[] = [];
  wb.eachSheet((sheet) => {
    if (sheet.name === 'metadata') return;
    const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
    const rows: Array<Record<string, Value>> = [];
    sheet.eachRow((r, n) => {
      if (n === 1) return;
      const vals = (r.values as unknown[]).slice(1);
      rows.push(
        Object.fromEntries(
          header.map((h, i) => {
            const v = vals[i];
            return [h, v === undefined || v === '' ? null : (v as Value)];
          }),
        ),
      );
    });
    out.push({ name: sheet.name, rows, from: file });
  });
  return out;
}

async function fromParquet(file: string): Promise<PublishedTable[]> {
  const db = await Db.open(':memory:');
  try {
    const rows = await db.all(`SELECT * FROM read_parquet($1)`, [file]);
    return [
      { name: basename(file, '.parquet'), rows: rows as Array<Record<string, Value>>, from: file },
    ];
  } finally {
    db.close();
  }
}

function fromArrow(file: string): PublishedTable[] {
  const t = tableFromIPC(readFileSync(file));
  const rows = t.toArray().map((r: { toJSON(): Record<string, unknown> }) => {
    const o = r.toJSON();
    return Object.fromEntries(
      Object.entries(o).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : (v as Value)]),
    );
  });
  return [{ name: basename(file, '.arrow'), rows, from: file }];
}

/** Every table of an output file, by its extension; sidecars and pictures give none. */
export async function readOutputFile(file: string): Promise<PublishedTable[]> {
  if (file.endsWith('.meta.json')) return [];
  if (file.endsWith('.csv')) return fromCsv(file);
  if (file.endsWith('.json')) return fromJson(file);
  if (file.endsWith('.xlsx')) return fromXlsx(file);
  if (file.endsWith('.parquet')) return fromParquet(file);
  if (file.endsWith('.arrow')) return fromArrow(file);
  return [];
}

/** Tables printed by `cohorts run --json` (the counts and the attrition table). */
export function fromCohortsRunJson(stdout: string, from: string): PublishedTable[] {
  const doc = JSON.parse(stdout) as {
    counts: Array<Record<string, Value>>;
    attrition: Array<Record<string, Value>>;
  };
  return [
    { name: 'cohort_counts', rows: doc.counts, from },
    { name: 'cohort_attrition', rows: doc.attrition, from },
  ];
}
