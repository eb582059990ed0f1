import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Db } from '../kernel/db.js';
import { path as sqlPath } from '../kernel/sql.js';
import { noProgress, type ProgressFn } from '../kernel/util/progress.js';
import { toolVersion } from '../kernel/util/paths.js';
import { buildCalendar } from './calendar.js';
import { buildDental, dentalSelectSql } from './dental.js';
import { buildMunicipal, iplosSelectSql, servicesSelectSql } from './municipal.js';
import { buildEnrolment, enrolmentSelectSql } from './intervention.js';
import { resolveSynthOptions, type SynthOptions } from './options.js';
import { buildMentalHealthAdmissions } from './mental-health.js';
import { buildPeople } from './people.js';
import { writeStatbankPopulation } from './population-file.js';
import { buildPrimary, kprSelectSql } from './primary.js';
import { writeDemoProjection } from './projection.js';
import type { SynthFile } from './synth-file.js';
import type { SynthIntervention } from './intervention.js';
import { defineRandomMacros } from './random.js';
import {
  buildConditionTable,
  buildHfFactors,
  buildSpecialist,
  nprSelectSql,
} from './specialist.js';

/** What {@link generateSynthetic} wrote; also saved as `synth.json` in the output folder. */
export interface SynthManifest {
  generator: 'felles synth';
  version: string;
  scale: string;
  seed: number;
  fraction: number;
  counties: string[] | null;
  years: number[];
  format: string;
  /** Planted interventions, when there are any (their effects are the truth to recover). */
  interventions?: SynthIntervention[];
  residents: Record<string, number>;
  files: SynthFile[];
  note: string;
}

/** CSV header names that differ from the query's column names (DuckDB names are case-insensitive). */
const CSV_HEADER_NAMES: Record<string, string> = { dmft_1: 'DMFT' };

/** Name of the manifest file in the output folder. */
export const SYNTH_MANIFEST = 'synth.json';

/**
 * Generate a synthetic Norway: people, health and service use, written as native registry
 * extracts (docs/extract-formats.md) plus an SSB StatBank-style population file and a DEMO
 * population projection. Everything runs as set-based SQL in DuckDB with hash-based random
 * numbers, so the same seed and scale give byte-identical files. Returns the manifest.
 */
export async function generateSynthetic(options: SynthOptions): Promise<SynthManifest> {
  const o = resolveSynthOptions(options);
  const progress: ProgressFn = options.progress ?? noProgress;
  const out = resolve(o.outDir);
  await mkdir(out, { recursive: true });
  const tmp = join(out, '.synth-tmp');
  await mkdir(tmp, { recursive: true });
  // Large scales work in an on-disk database so memory stays bounded.
  const dbFile =
    o.scale === 'national' || o.fraction * (o.counties ? 0.1 : 1) > 0.2
      ? join(tmp, 'synth.duckdb')
      : ':memory:';
  if (dbFile !== ':memory:' && existsSync(dbFile)) await rm(dbFile);
  const db = await Db.open(dbFile, {
    memoryLimit: o.memoryLimit,
    tempDirectory: tmp,
    ...(o.threads ? { threads: o.threads } : {}),
  });
  const files: SynthFile[] = [];
  try {
    await db.exec(`SET preserve_insertion_order = true;`);
    await defineRandomMacros(db, o.seed);
    const step = async (stage: string, fn: () => Promise<void>) => {
      progress({ stage: 'synth', phase: 'log', message: stage });
      await fn();
    };
    await step('people', () => buildPeople(db, o));
    await buildConditionTable(db);
    await buildHfFactors(db);
    await buildCalendar(db, o.years);
    await buildEnrolment(db, o.interventions);
    await step('specialist care', () => buildSpecialist(db, o));
    await step('mental-health admissions', () => buildMentalHealthAdmissions(db, o));
    await step('primary care claims', () => buildPrimary(db, o));
    await step('municipal services', () => buildMunicipal(db, o));
    await step('dental', () => buildDental(db, o));
    const ext = o.format === 'parquet' ? 'parquet' : 'csv';
    const write = async (kind: string, role: string, name: string, sql: string) => {
      const file = join(out, `${name}.${ext}`);
      progress({ stage: 'synth', phase: 'log', message: `writing ${name}.${ext}` });
      let rows: number;
      if (o.format === 'parquet') {
        rows = await db.run(`COPY (${sql}) TO ${sqlPath(file)} (FORMAT parquet, COMPRESSION zstd)`);
      } else {
        // The header is written here so that native names differing only by case (dmft/DMFT) survive.
        const header = (await db.columns(sql)).map((c) => CSV_HEADER_NAMES[c] ?? c).join(';');
        const body = join(tmp, `${name}.body.csv`);
        rows = await db.run(
          `COPY (${sql}) TO ${sqlPath(body)} (FORMAT csv, HEADER false, DELIMITER ';')`,
        );
        await writeFile(file, `${header}\n`);
        await pipeline(createReadStream(body), createWriteStream(file, { flags: 'a' }));
        await rm(body);
      }
      files.push({ kind, role, file: `${name}.${ext}`, rows });
    };
    await write('npr', 'npr', 'npr', nprSelectSql());
    const kpr = kprSelectSql();
    await write('kpr-claims', 'bills', 'kpr-bills', kpr.bills);
    await write('kpr-claims', 'diagnoses', 'kpr-diagnoses', kpr.diagnoses);
    await write('kpr-claims', 'fees', 'kpr-fees', kpr.fees);
    await write('kpr-services', 'kpr-services', 'kpr-services', servicesSelectSql());
    await write('iplos-function', 'iplos-function', 'iplos-function', iplosSelectSql());
    await write('dental', 'dental', 'dental', dentalSelectSql());
    await write('link', 'link', 'link', linkSelectSql());
    if (o.interventions.length > 0)
      await write('intervention', 'intervention', 'intervention-enrolment', enrolmentSelectSql());
    const popYears = [...o.years, Math.max(...o.years) + 1];
    progress({ stage: 'synth', phase: 'log', message: 'writing population-statbank.csv' });
    const popRows = await writeStatbankPopulation(
      db,
      join(out, 'population-statbank.csv'),
      popYears,
    );
    files.push({
      kind: 'population',
      role: 'population',
      file: 'population-statbank.csv',
      rows: popRows,
    });
    const proj = await writeDemoProjection(db, out, o, progress);
    if (proj)
      files.push(proj, {
        kind: 'projection',
        role: 'projection-lite',
        file: 'projection-demo-lite.csv',
        rows: proj.rows,
      });
    const residents: Record<string, number> = {};
    for (const r of await db.all<{ year: number; n: number }>(
      `SELECT year, count(*) AS n FROM s_py WHERE birth_date < make_date(year, 1, 1) GROUP BY year ORDER BY year`,
    )) {
      if (o.years.includes(r.year)) residents[String(r.year)] = r.n;
    }
    const manifest: SynthManifest = {
      generator: 'felles synth',
      version: toolVersion(),
      scale: o.scale,
      seed: o.seed,
      fraction: o.fraction,
      counties: o.counties,
      years: o.years,
      format: o.format,
      ...(o.interventions.length > 0 ? { interventions: o.interventions } : {}),
      residents,
      files,
      note: 'SYNTHETIC data for demonstration and testing. No real person is described. The population projection is a DEMO projection calibrated to SSB county totals, not an SSB projection.',
    };
    await writeFile(join(out, SYNTH_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    return manifest;
  } finally {
    db.close();
    await rm(tmp, { recursive: true, force: true });
  }
}

/**
 * Key file: every person's NPR id and KPR id with the date of death of those who died (as the
 * population register gives it), plus a few deliberate conflicts (an NPR id with a second KPR id).
 */
function linkSelectSql(): string {
  return `
WITH used AS (SELECT pid, strftime(max(death_date), '%Y-%m-%d') AS dodsdato FROM s_py GROUP BY pid)
SELECT npr_id AS npr_lopenr, kpr_id AS kpr_lnr, dodsdato FROM s_person_ids JOIN used USING (pid)
UNION ALL
SELECT i.npr_id, lpad(CAST((i.pid * 1140071481 + 99991) % 10000000000 AS VARCHAR), 10, '0'), NULL
FROM s_person_ids i JOIN used USING (pid) WHERE u(i.pid, 'linkconflict', 0) < 0.0003
ORDER BY npr_lopenr, kpr_lnr`;
}
