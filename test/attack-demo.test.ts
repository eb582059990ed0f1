/**
 * The independent attacker (packages/core/test/attacker) over everything the standard commands
 * publish on a demo workspace, together: `indicators run --year 2020-2024` in every format,
 * `cohorts run --by-sex` at every level, `project --hf all` and `dental`, plus the files the demo
 * itself wrote (its report and tables). The workspace is copied first; the original is not
 * touched. Not in the default suite (minutes to hours at demo scale):
 *
 *   pnpm attack:demo                       # FELLES_ATTACK_DEMO=felles-demo
 *   FELLES_ATTACK_DEMO=/path/felles-demo FELLES_ATTACK_WORK=/tmp/attack \
 *     FELLES_ATTACK_FORMATS=csv,json FELLES_ATTACK_SKIP_RUN=1 pnpm exec vitest run test/attack-demo.test.ts
 *
 * `FELLES_ATTACK_SKIP_RUN=1` attacks only the files already in the copy. Every finding (a hidden
 * count narrowed down more than the rule allows) and the time of each step are printed and
 * written to `<work>/attack-result.json`. The commands run on the built CLI (`pnpm build` first).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { Workspace } from '@felles/core';
import { attack, type Finding } from '../packages/core/test/attacker/attacker.js';
import {
  attackTables,
  indicatorCatalogue,
  publicHierarchies,
} from '../packages/core/test/published/attack-model.js';
import {
  fromCohortsRunJson,
  readOutputFile,
  type PublishedTable,
} from '../packages/core/test/published/read-outputs.js';

const DEMO = process.env['FELLES_ATTACK_DEMO'];
const cli = resolve(import.meta.dirname, '..', 'packages', 'cli', 'bin', 'felles.js');
const timings: Array<{ step: string; seconds: number }> = [];

async function timed<T>(step: string, f: () => T | Promise<T>): Promise<T> {
  const t0 = performance.now();
  const r = await f();
  timings.push({ step, seconds: Math.round(performance.now() - t0) / 1000 });
  process.stderr.write(`attack:demo: ${step}: ${timings.at(-1)!.seconds} s\n`);
  return r;
}

function files(d: string): string[] {
  if (!existsSync(d)) return [];
  return readdirSync(d).flatMap((f) => {
    const p = join(d, f);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

describe.skipIf(!DEMO)('the attacker over every standard output of the demo', () => {
  it('finds no hidden count narrowed down more than the rule allows', async () => {
    const demo = resolve(DEMO!);
    const work = resolve(process.env['FELLES_ATTACK_WORK'] ?? `${demo}-attack`);
    const formats = (process.env['FELLES_ATTACK_FORMATS'] ?? 'csv,json,xlsx,parquet,arrow').split(
      ',',
    );
    const felles = (args: string[]): string => {
      const r = spawnSync(process.execPath, [cli, '-w', work, '-q', ...args], {
        encoding: 'utf8',
        maxBuffer: 1 << 30,
      });
      expect(r.status, `felles ${args.join(' ')}: ${r.stderr.slice(-2000)}`).toBe(0);
      return r.stdout;
    };
    const published: PublishedTable[] = [];
    if (!existsSync(work))
      await timed('copy workspace', () => cpSync(demo, work, { recursive: true }));
    const out = join(work, 'attack-out');
    if (process.env['FELLES_ATTACK_SKIP_RUN'] !== '1') {
      for (const level of ['country', 'helsefellesskap', 'municipality']) {
        const view = ['--level', level, '--by-sex'];
        const stdout = await timed(`cohorts run ${view.join(' ')}`, () =>
          felles(['--json', 'cohorts', 'run', '--year', '2024', ...view]),
        );
        published.push(...fromCohortsRunJson(stdout, `cohorts run ${view.join(' ')}`));
      }
      for (const format of formats) {
        const dir = join(out, `indicators-${format}`);
        await timed(`indicators run --year 2020-2024 --format ${format}`, () =>
          felles(['indicators', 'run', '--year', '2020-2024', '--format', format, '--out', dir]),
        );
      }
      await timed('project --hf all', () =>
        felles(['project', '--hf', 'all', '--out', join(out, 'project')]),
      );
      await timed('dental', () => felles(['dental', '--out', join(out, 'dental')]));
    }
    // the report's workbook holds the same tables as the CSV files beside it, under titles
    const outputs = [...files(out), ...files(join(work, 'out'))].filter(
      (f) => !f.endsWith('report-tables.xlsx'),
    );
    await timed('read outputs', async () => {
      for (const f of outputs) published.push(...(await readOutputFile(f)));
    });
    const defs = indicatorCatalogue();
    const model = published.flatMap((t) => attackTables(t, defs));
    const ws = await Workspace.open(work, { readOnly: true });
    let findings: Finding[];
    try {
      const hierarchies = await publicHierarchies(ws.db, model);
      findings = await timed('attack', () => attack(model, { threshold: 4, hierarchies }));
    } finally {
      ws.close();
    }
    const result = {
      workspace: work,
      files: outputs.length,
      tables: published.length,
      rows: published.reduce((s, t) => s + t.rows.length, 0),
      findings,
      timings,
    };
    writeFileSync(join(work, 'attack-result.json'), JSON.stringify(result, null, 2));
    process.stderr.write(
      `attack:demo: ${findings.length} findings over ${result.tables} tables (${result.rows} rows, ${result.files} files)\n`,
    );
    expect(findings).toEqual([]);
  });
});
