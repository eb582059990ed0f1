import { Option, type Command } from 'commander';
import {
  checkSynthetic,
  CheckFailedError,
  generateSynthetic,
  prepareOutputFolder,
  UsageError,
  type CalibrationRow,
  type SynthScale,
} from '@felles/core';
import { log, out, outJson, progressReporter, type GlobalOptions } from '../context.js';
import { parseYears } from '../options.js';
import { formatTable } from '../format.js';

interface SynthCliOptions {
  scale: string;
  seed: string;
  years?: string;
  format: string;
  out: string;
  fraction?: string;
  counties?: string;
  memoryLimit?: string;
  check?: boolean;
  checkOnly?: boolean;
  force?: boolean;
}

/** `felles synth`: generate synthetic registry extracts, and check their calibration. */
export function registerSynth(program: Command, globals: () => GlobalOptions): void {
  program
    .command('synth')
    .summary('generate synthetic registry extracts (demo, tests, benchmarks)')
    .description(
      "Generate a seeded synthetic Norway — residents of all 357 municipalities with ageing, births, deaths and moves, chronic conditions and frailty, and the service use they drive — written as native extracts (NPR, KPR claims, municipal services, IPLOS, dental, key file) plus an SSB StatBank-style population file and a DEMO population projection (not SSB's). The same seed and scale give byte-identical files. With --check, the published calibration targets are computed from the written files and printed as target, generated and ratio; the exit code is 4 if any is outside its tolerance. The data describe no real person.",
    )
    .addOption(
      new Option(
        '--scale <scale>',
        'demo (2 % of every municipality, 2020–2024), county (all of Vestfold, 2020–2024) or national (everyone, 2024)',
      )
        .choices(['demo', 'county', 'national'])
        .default('demo'),
    )
    .option('--seed <n>', 'seed of every random draw', '20240101')
    .option('--years <list>', 'years to write, e.g. 2022-2024 or 2023,2024 (2020–2025)')
    .addOption(
      new Option('--format <format>', 'file format').choices(['csv', 'parquet']).default('csv'),
    )
    .option('--out <dir>', 'folder for the files, new or empty', 'synth-out')
    .option(
      '--force',
      'write into a folder that already holds files, replacing files of the same name',
    )
    .option('--fraction <f>', "sampling fraction instead of the scale's (0 < f ≤ 1)")
    .option('--counties <list>', 'only these 2-digit county codes, comma separated')
    .option('--memory-limit <size>', 'DuckDB memory limit while generating', '4GB')
    .option('--check', 'after generating, compute the calibration table from the files')
    .option('--check-only', 'do not generate; check the files already in --out')
    .addHelpText(
      'after',
      `
Examples:
  $ felles synth --out demo-extracts --check
  $ felles synth --scale county --format parquet --out vestfold
  $ felles synth --scale national --format parquet --out national --memory-limit 6GB
  $ felles synth --check-only --out demo-extracts --json`,
    )
    .action(async (opts: SynthCliOptions) => {
      const g = globals();
      const progress = progressReporter(g);
      try {
        if (!opts.checkOnly) {
          await prepareOutputFolder(opts.out, { overwrite: opts.force ?? false });
          const t0 = Date.now();
          const m = await generateSynthetic({
            outDir: opts.out,
            scale: opts.scale as SynthScale,
            seed: parseInteger(opts.seed, '--seed'),
            ...(opts.years ? { years: parseYears(opts.years, '--years')! } : {}),
            format: opts.format as 'csv' | 'parquet',
            ...(opts.fraction ? { fraction: Number(opts.fraction) } : {}),
            ...(opts.counties ? { counties: opts.counties.split(',').map((s) => s.trim()) } : {}),
            ...(opts.memoryLimit ? { memoryLimit: opts.memoryLimit } : {}),
            progress,
          });
          progress.stop();
          log(g, `synth: done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
          if (g.json && !opts.check) outJson(m);
          else if (!g.json) {
            out(
              `wrote synthetic extracts to ${opts.out} (scale ${m.scale}, seed ${m.seed}, years ${m.years.join(', ')}) — SYNTHETIC data, no real person`,
            );
            out(formatTable(m.files.map((f) => ({ kind: f.kind, file: f.file, rows: f.rows }))));
          }
        }
        if (opts.check || opts.checkOnly) {
          const rows = await checkSynthetic(opts.out);
          if (g.json) outJson({ calibration: rows });
          else {
            out('');
            out('calibration (computed from the written files)');
            out(formatTable(rows.map(tableRow)));
          }
          const bad = rows.filter((r) => !r.ok);
          if (bad.length) {
            throw new CheckFailedError(
              'SYNTH_CALIBRATION',
              `${bad.length} calibration target(s) outside tolerance: ${bad.map((r) => r.id).join(', ')}`,
              { failed: bad.map((r) => r.id) },
            );
          }
        }
      } finally {
        progress.stop();
      }
    });
}

function tableRow(r: CalibrationRow): Record<string, unknown> {
  const pct = !r.id.startsWith('gp.') && !r.id.startsWith('dho.');
  const fmt = (v: number) => (pct ? `${(v * 100).toFixed(2)} %` : v.toFixed(2));
  return {
    indicator: r.label,
    target: fmt(r.target),
    generated: fmt(r.generated),
    ratio: Math.round(r.ratio * 100) / 100,
    ok: r.ok ? 'ok' : `OUTSIDE ±${Math.round(r.tolerance * 100)} %`,
  };
}

function parseInteger(s: string, name: string): number {
  if (!/^\d+$/.test(s))
    throw new UsageError('BAD_OPTION', `${name} must be a whole number, got "${s}"`);
  return Number(s);
}
