/**
 * Full lineage: every run manifest lists what it read (files with SHA-256, the runs behind them,
 * SSB tables, definitions, code lists) and what it wrote (with SHA-256), and `felles lineage`
 * follows a report file back to the ingest runs and the extract files. The hashes are checked
 * against the files themselves, hashed here with node:crypto.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Lineage, RunManifest } from '@felles/core';
import { fellesInProcess } from './felles-in-process.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const FX = join(root, 'packages/core/test/fixtures');
const NPR = join(FX, 'registry/npr.csv');
const POP = join(FX, 'ssb/statbank-nb-utf8bom.csv');

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

let base: string;
let ws: string;
let pop2024: string;
let report: string;
let indicatorCsv: string;
const felles = (args: string[]) => fellesInProcess(ws, args, { quiet: true });
const manifests = (): RunManifest[] =>
  readdirSync(join(ws, 'runs'))
    .sort()
    .map((id) => JSON.parse(readFileSync(join(ws, 'runs', id, 'manifest.json'), 'utf8')));
const byCommand = (c: string) => manifests().filter((m) => m.command === c);

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'felles-lineage-'));
  ws = join(base, 'ws');
  pop2024 = join(base, 'population-2024.csv');
  writeFileSync(pop2024, readFileSync(POP, 'utf8').replace('Personer 2023', 'Personer 2024'));
  const steps = [
    ['init', ws],
    ['ingest', 'population', POP],
    ['ingest', 'population', pop2024],
    ['ingest', 'npr', NPR],
    ['cohorts', 'run', '--year', '2023'],
    [
      'indicators',
      'run',
      '--year',
      '2024',
      '--id',
      'population-share-67-plus',
      '--format',
      'csv',
      '--out',
      join(base, 'ind'),
    ],
    [
      'report',
      '--hf',
      'Telemark',
      '--year',
      '2023',
      '--no-png',
      '--no-projection',
      '--no-indicators',
      '--out',
      join(base, 'rep'),
    ],
  ];
  for (const args of steps) {
    const r = await felles(args);
    expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
  }
  report = join(base, 'rep', 'telemark.html');
  indicatorCsv = join(base, 'ind', 'population-share-67-plus.csv');
}, 300_000);

describe('run manifests carry inputs and outputs with hashes', () => {
  it('init: the bundled geography files it read and felles.json it wrote, hashed', () => {
    const [init] = byCommand('init');
    expect(init!.inputs.map((i) => i.path.split(/[\\/]/).at(-1)).sort()).toEqual([
      'catchment-2024.csv',
      'counties.csv',
      'districts.csv',
      'helsefellesskap.csv',
      'hospital-areas.csv',
      'municipalities.csv',
      'municipality-changes.csv',
      'rhf.csv',
      'split-refinements.csv',
    ]);
    for (const i of init!.inputs) expect(i.sha256).toBe(sha(i.path));
    expect(init!.outputs).toEqual([
      {
        path: join(ws, 'felles.json'),
        sha256: sha(join(ws, 'felles.json')),
        bytes: readFileSync(join(ws, 'felles.json')).length,
      },
    ]);
  });

  it('ingest: the extract files with their hashes', () => {
    const files = [...byCommand('ingest population'), ...byCommand('ingest npr')].flatMap(
      (m) => m.inputs,
    );
    expect(files.map((f) => [f.path, f.sha256])).toEqual([
      [POP, sha(POP)],
      [pop2024, sha(pop2024)],
      [NPR, sha(NPR)],
    ]);
  });

  it('cohorts, indicators and report: every loaded file (with the run that loaded it), the runs read, SSB tables, definitions, code lists', () => {
    const ingestRuns = [...byCommand('ingest population'), ...byCommand('ingest npr')];
    const [init] = byCommand('init');
    for (const c of ['cohorts run', 'indicators run', 'report']) {
      const [m] = byCommand(c);
      expect(
        m!.inputs.map((i) => [i.path, i.sha256, i.run]),
        c,
      ).toEqual([
        [POP, sha(POP), ingestRuns[0]!.id],
        [pop2024, sha(pop2024), ingestRuns[1]!.id],
        [NPR, sha(NPR), ingestRuns[2]!.id],
      ]);
      expect(
        m!.inputRuns.map((r) => r.id),
        c,
      ).toEqual(expect.arrayContaining([init!.id, ...ingestRuns.map((r) => r.id)]));
      expect(m!.ssbTables, c).toEqual([
        { tableId: '07459', vintage: 2023 },
        { tableId: '07459', vintage: 2024 },
      ]);
      expect(
        m!.codelists.map((x) => x.id),
        c,
      ).toContain('icd10-chapters');
    }
    const [coh] = byCommand('cohorts run');
    const [rep] = byCommand('report');
    expect(rep!.inputRuns.find((r) => r.id === coh!.id)?.read).toContain(
      'cohort charlson 1.0.0, 2023',
    );
    expect(rep!.definitions).toContainEqual({ id: 'cohort:charlson', version: '1.0.0' });
    const [ind] = byCommand('indicators run');
    expect(ind!.definitions).toContainEqual({ id: 'population-share-67-plus', version: '1.0.0' });
  });

  it('indicators and report: every file written, with its SHA-256', () => {
    for (const c of ['indicators run', 'report']) {
      const [m] = byCommand(c);
      expect(m!.outputs.length, c).toBeGreaterThan(1);
      for (const o of m!.outputs) expect(o.sha256, o.path).toBe(sha(o.path));
    }
    const [ind] = byCommand('indicators run');
    expect(ind!.outputs.map((o) => o.path)).toContain(indicatorCsv);
    const [rep] = byCommand('report');
    expect(rep!.outputs.map((o) => o.path)).toContain(report);
  });
});

describe('felles lineage', () => {
  it('on a report file: the report run, the ingest runs and the extract files with hashes (--json)', async () => {
    const r = await felles(['--json', 'lineage', report, '--verify']);
    expect(r.code, r.stderr).toBe(0);
    const l = JSON.parse(r.stdout) as Lineage;
    const [rep] = byCommand('report');
    expect(l.target).toEqual({
      query: report,
      kind: 'file',
      path: report,
      sha256: sha(report),
      foundBy: 'hash',
    });
    expect(l.runs[0]).toMatchObject({ id: rep!.id, command: 'report', depth: 0 });
    expect(l.runs.map((x) => x.command).sort()).toEqual([
      'cohorts run',
      'ingest npr',
      'ingest population',
      'ingest population',
      'init',
      'report',
    ]);
    const extracts = l.files.filter((f) => f.kind !== 'reference:geography');
    expect(extracts.map((f) => [f.path, f.sha256, f.now])).toEqual([
      [POP, sha(POP), 'unchanged'],
      [pop2024, sha(pop2024), 'unchanged'],
      [NPR, sha(NPR), 'unchanged'],
    ]);
    expect(l.files.filter((f) => f.kind === 'reference:geography').length).toBe(9);
  });

  it('prints the chain as a table in bokmål (default) and English', async () => {
    const nb = await felles(['lineage', report]);
    expect(nb.code).toBe(0);
    expect(nb.stdout).toContain(`Opphav for ${report}`);
    expect(nb.stdout).toContain('funnet ved SHA-256 blant filene kjøringene skrev');
    expect(nb.stdout).toMatch(new RegExp(`ingest npr .*npr\\.csv`));
    expect(nb.stdout).toContain(sha(NPR));
    expect(nb.stdout).toContain('SSB-tabeller: 07459 (2023), 07459 (2024)');
    const en = await felles(['lineage', report, '--lang', 'en']);
    expect(en.stdout).toContain(`Lineage of ${report}`);
    expect(en.stdout).toContain('Files read');
    expect(en.stdout).toContain(sha(NPR));
  });

  it('an indicator CSV, a run id, and a file changed after it was written (found by the run id in it)', async () => {
    const [ind] = byCommand('indicators run');
    const csv = JSON.parse((await felles(['--json', 'lineage', indicatorCsv])).stdout) as Lineage;
    expect(csv.runs[0]!.id).toBe(ind!.id);
    expect(csv.files.map((f) => f.path)).toContain(NPR);
    const run = JSON.parse((await felles(['--json', 'lineage', ind!.id])).stdout) as Lineage;
    expect(run.target.foundBy).toBe('run-id');
    expect(run.runs.map((x) => x.id)).toEqual(csv.runs.map((x) => x.id));
    const copy = join(base, 'edited.csv');
    writeFileSync(copy, readFileSync(indicatorCsv));
    appendFileSync(copy, 'an edit\r\n');
    const changed = JSON.parse((await felles(['--json', 'lineage', copy])).stdout) as Lineage;
    expect(changed.target).toMatchObject({ foundBy: 'manifest-id', changed: true });
    expect(changed.runs[0]!.id).toBe(ind!.id);
    const text = await felles(['lineage', copy, '--lang', 'en']);
    expect(text.stdout).toContain(
      'the file was changed after felles wrote it; found by the run id it records',
    );
  });

  it('a file no run wrote, or a name that is neither, is a usage error', async () => {
    const other = join(base, 'other.txt');
    writeFileSync(other, 'not from felles');
    const r = await felles(['lineage', other]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`felles: error: no run of this workspace wrote ${other}`);
    const n = await felles(['lineage', 'no-such-run']);
    expect(n.code).toBe(2);
    expect(n.stderr).toContain('"no-such-run" is neither a run of this workspace');
  });
});
