// The generator's data set in a bench work folder: which years a run asks for, whether an
// existing set (synth/synth.json) can be reused, the input files each stage reads, and the
// native-CSV copies of the Parquet extracts that the ingest-csv stage loads.
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pipeline } from 'node:stream/promises';

/** Registry roles in the order they are ingested, grouped as `felles ingest <kind>` takes them. */
export const REGISTRY_KINDS = [
  ['npr', ['npr']],
  ['kpr-claims', ['bills', 'diagnoses', 'fees']],
  ['kpr-services', ['kpr-services']],
  ['iplos-function', ['iplos-function']],
  ['dental', ['dental']],
  ['link', ['link']],
];
export const REGISTRY_ROLES = REGISTRY_KINDS.flatMap(([, roles]) => roles);
/** The SSB-shaped files: population (StatBank CSV) and the full demo projection (all years). */
export const SSB_ROLES = ['population', 'projection'];

/** Column names of the native extracts that differ from DuckDB's only by case (dental dmft/DMFT). */
const CSV_HEADER_NAMES = { dmft_1: 'DMFT' };

export const synthDir = (workDir) => join(workDir, 'synth');
export const csvDir = (workDir) => join(workDir, 'csv');

/** Years the run asks for: `--years N` → the N years ending 2024; else the scale's default. */
export function wantedYears(core, scale, yearsOption) {
  if (yearsOption) return Array.from({ length: yearsOption }, (_, i) => 2024 - yearsOption + 1 + i);
  return core.resolveSynthOptions({ outDir: '.', scale }).years;
}

export function readManifest(workDir) {
  const f = join(synthDir(workDir), 'synth.json');
  if (!existsSync(f)) return null;
  try {
    return JSON.parse(readFileSync(f, 'utf8'));
  } catch {
    return null;
  }
}

/** Why an existing manifest cannot be reused for this run, or null when it can. */
export function mismatch(manifest, { scale, years, seed, workDir }) {
  if (!manifest) return 'no synth/synth.json';
  if (manifest.scale !== scale) return `scale ${manifest.scale}, not ${scale}`;
  if (manifest.seed !== seed) return `seed ${manifest.seed}, not ${seed}`;
  if (manifest.format !== 'parquet') return `format ${manifest.format}, not parquet`;
  if (manifest.years.join(',') !== years.join(','))
    return `years ${manifest.years.join(',')}, not ${years.join(',')}`;
  for (const f of manifest.files)
    if (!existsSync(join(synthDir(workDir), f.file))) return `${f.file} is missing`;
  return null;
}

/** The manifest of this run's data set; throws when there is none that fits. */
export function requireManifest(ctx) {
  const m = readManifest(ctx.workDir);
  const why = mismatch(m, ctx);
  if (why)
    throw new Error(
      `no generated data set for this run in ${synthDir(ctx.workDir)} (${why}); run the generate stage first`,
    );
  return m;
}

const fileOf = (workDir, manifest, role) => {
  const f = manifest.files.find((x) => x.role === role);
  return f ? { role, kind: f.kind, path: join(synthDir(workDir), f.file), rows: f.rows } : null;
};

/** Input files: the registry Parquet files (or their CSV copies) plus the two SSB-shaped CSVs. */
export function inputFiles(workDir, manifest, format) {
  const out = [];
  for (const role of REGISTRY_ROLES) {
    const f = fileOf(workDir, manifest, role);
    if (!f) continue;
    if (format === 'csv') f.path = join(csvDir(workDir), `${f.role}.csv`);
    out.push({ ...f, format });
  }
  for (const role of SSB_ROLES) {
    const f = fileOf(workDir, manifest, role);
    if (f) out.push({ ...f, format: 'csv' });
  }
  return out;
}

/** Identity of a data set, to know whether CSV copies were made from it. */
const identity = (m) =>
  JSON.stringify({ scale: m.scale, seed: m.seed, years: m.years, files: m.files });

/**
 * Make native-CSV copies (`;`, header, UTF-8) of the registry Parquet files with DuckDB COPY, in
 * <workDir>/csv, unless copies of this very data set are there already. Returns seconds spent.
 */
export async function ensureCsvCopies(ctx, manifest) {
  const dir = csvDir(ctx.workDir);
  const marker = join(dir, 'made-from.json');
  const id = identity(manifest);
  const files = inputFiles(ctx.workDir, manifest, 'csv').filter((f) =>
    REGISTRY_ROLES.includes(f.role),
  );
  if (
    existsSync(marker) &&
    readFileSync(marker, 'utf8') === id &&
    files.every((f) => existsSync(f.path))
  ) {
    ctx.log(`CSV copies in ${dir} are from this data set; reusing them`);
    return 0;
  }
  const t0 = performance.now();
  await rm(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const db = await ctx.core.Db.open(':memory:', duckdbOptions(ctx, join(dir, '.tmp')));
  try {
    const q = ctx.core.sql;
    for (const f of files) {
      const src = join(synthDir(ctx.workDir), manifest.files.find((x) => x.role === f.role).file);
      const select = `SELECT * FROM read_parquet(${q.path(src)})`;
      ctx.log(`converting ${f.role} to CSV`);
      const cols = await db.columns(select);
      if (!cols.some((c) => CSV_HEADER_NAMES[c])) {
        await db.run(`COPY (${select}) TO ${q.path(f.path)} (FORMAT csv, HEADER, DELIMITER ';')`);
        continue;
      }
      const body = `${f.path}.body`;
      await db.run(`COPY (${select}) TO ${q.path(body)} (FORMAT csv, HEADER false, DELIMITER ';')`);
      await writeFile(f.path, `${cols.map((c) => CSV_HEADER_NAMES[c] ?? c).join(';')}\n`);
      await pipeline(createReadStream(body), createWriteStream(f.path, { flags: 'a' }));
      await rm(body);
    }
  } finally {
    db.close();
    await rm(join(dir, '.tmp'), { recursive: true, force: true });
  }
  await writeFile(marker, id);
  return (performance.now() - t0) / 1000;
}

/** DuckDB options for the bench's own connections: `--memory-limit`, else the workspace default. */
export function duckdbOptions(ctx, tempDirectory) {
  const d = ctx.core.machineDuckdbDefaults();
  return { memoryLimit: ctx.memoryLimit ?? d.memoryLimit, threads: d.threads, tempDirectory };
}
