/**
 * The workbook of `felles indicators run --format xlsx --hf TELEMARK` (every built-in indicator,
 * every level, with the full definitions in its metadata) as a planner opens it: sheet names Excel accepts
 * (at most 31 characters, unique), no cell over Excel's 32,767 characters, and headless
 * LibreOffice converts every sheet without an error. Needs LibreOffice (libreoffice-calc);
 * without it this file fails with how to install it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { newWorkspace, uniformPopulation } from './indicator-fixtures.js';
import { fellesInProcess } from '../../../test/felles-in-process.js';
import { hasSoffice, NO_SOFFICE, xlsxToCsv } from './libreoffice.js';
import { DEFINITIONS_DIR } from '../src/internal.js';

let file: string;
/** The workbook as ExcelJS reads it (read once, for both tests). */
let wb: ExcelJS.Workbook;

beforeAll(async () => {
  if (!hasSoffice()) throw new Error(NO_SOFFICE);
  const ws = await newWorkspace('xlsx');
  const dir = ws.dir;
  try {
    await uniformPopulation(ws.db, [2024], 20);
    // k mod 9 acute stays per municipality (small counts and zeros), a third readmitted
    await ws.db.exec(`
      CREATE TEMP TABLE gen AS
        SELECT row_number() OVER () AS id, m.code AS mun, i
        FROM (SELECT code, row_number() OVER (ORDER BY code) AS rn FROM municipality) m, range(0, 9) r(i)
        WHERE i < m.rn % 9;
      INSERT INTO specialist_episode (episode_id, person_id, sex, birth_year, municipality_code, year, admission_date, admitted_at, discharged_at,
          care_level, urgency, contact_mode, sector, main_icd10, secondary_icd10, file_id, line)
        SELECT id, 'p' || id, CASE WHEN i % 2 = 0 THEN 'M' ELSE 'F' END, 1930 + (id * 7) % 90, mun, 2024, DATE '2024-03-01',
          TIMESTAMP '2024-03-01 10:00', TIMESTAMP '2024-03-03 10:00', 'inpatient', 'acute', 'in_person', 'somatic', 'I50', [], 1, id FROM gen;
      INSERT INTO hospital_stay SELECT id, 'p' || id, CASE WHEN i % 2 = 0 THEN 'M' ELSE 'F' END, 1930 + (id * 7) % 90, mun, 2024,
          TIMESTAMP '2024-03-01 10:00', TIMESTAMP '2024-03-03 10:00', 2, 'inpatient', TRUE, FALSE, 1, id, id, 'somatic', 'I50', NULL FROM gen;
      INSERT INTO hospital_stay SELECT 100000 + id, 'p' || id, 'F', 1930 + (id * 7) % 90, mun, 2024,
          TIMESTAMP '2024-03-08 10:00', TIMESTAMP '2024-03-09 10:00', 1, 'inpatient', TRUE, FALSE, 1, id, id, 'somatic', 'K35', NULL FROM gen WHERE id % 3 = 0;
    `);
  } finally {
    ws.close();
  }
  const out = join(dir, 'out', 'xlsx');
  const r = await fellesInProcess(
    dir,
    // One helsefellesskap's municipalities (and every community, trust, region and the country):
    // the same sheets and cells as the national workbook, at a fifth of its rows (6,323 of 29,171).
    ['indicators', 'run', '--year', '2024', '--hf', 'TELEMARK', '--format', 'xlsx', '--out', out],
    { quiet: true },
  );
  expect(r.code, r.stderr).toBe(0);
  file = join(out, 'indicators.xlsx');
  wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
}, 900_000);

describe('the indicator workbook', () => {
  it('has sheet names Excel accepts and no cell over 32,767 characters', () => {
    const names = wb.worksheets.map((w) => w.name);
    expect(names[0]).toBe('Innhold');
    expect(names.at(-1)).toBe('Metadata');
    expect(names).toContain('Reinnleggelse 30 dager');
    expect(names).toContain('Datakvalitet');
    for (const n of names) {
      expect(n.length, n).toBeLessThanOrEqual(31);
      expect(n, n).not.toMatch(/[[\]:*?/\\]/);
    }
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
    let longest = 0;
    for (const w of wb.worksheets)
      w.eachRow((row) =>
        row.eachCell((c) => {
          longest = Math.max(longest, String(c.value ?? '').length);
        }),
      );
    expect(longest).toBeLessThanOrEqual(32_767);
    // the definitions (well over one cell's worth as JSON) are one row per indicator
    const keys: string[] = [];
    wb.getWorksheet('Metadata')!.eachRow((r) => keys.push(String(r.getCell(3).value ?? '')));
    // One definition row per built-in indicator (the run computes them all).
    const builtIn = readdirSync(join(DEFINITIONS_DIR, 'indicators')).filter((f) =>
      f.endsWith('.json'),
    );
    expect(keys.filter((k) => k.startsWith('definitions.')).length).toBe(builtIn.length);
  });

  it('opens in headless LibreOffice: every sheet converts, hidden cells read "skjult"', async () => {
    const sheetNames = wb.worksheets.map((w) => w.name);
    expect(readFileSync(file).length).toBeGreaterThan(0);
    const r = xlsxToCsv(file);
    expect(r.status, r.output).toBe(0);
    expect(r.output).not.toMatch(/error|corrupt|repair/i);
    const sheets = r.files.filter((f) => f.endsWith('.csv'));
    // every sheet of the workbook (the contents, one per indicator with rows, the data quality,
    // the metadata) converts to its own file
    expect(sheets.length).toBe(sheetNames.length);
    expect(sheets.sort()).toEqual(sheetNames.map((n) => `indicators-${n}.csv`).sort());
    expect(sheetNames.length).toBeGreaterThan(5);
    const readmission = readFileSync(
      join(
        r.dir,
        sheets.find((f) => f.includes('Reinnleggelse 30 dager'))!,
      ),
      'utf8',
    );
    const [codes, labels] = readmission.split('\n');
    expect(codes!.split(',').slice(0, 3)).toEqual(['indicator_id', 'version', 'year']);
    expect(labels!.split(',').slice(0, 3)).toEqual(['Indikator', 'Versjon', 'År']);
    expect(readmission).toContain('skjult');
    // values rounded for display: no 15-digit floats
    expect(readmission).not.toMatch(/\d\.\d{6,}/);
  });
});
