// Ingest benchmark: generate simple native-shape extracts with DuckDB (NPR episodes and a KUHR
// claim set: bills, diagnoses, fees), then load them with ingestRegistry into a fresh workspace
// and report rows per second per kind. Peak memory is measured by bench/run.js for the whole
// stage process (generation included; DuckDB's memory is in-process).
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

/** Rows per scale: a county is ~1/10 of Norway; national is one year of national volume. */
export const SIZES = {
  demo: { episodes: 100_000, claims: 200_000 },
  county: { episodes: 1_200_000, claims: 3_500_000 },
  national: { episodes: 12_000_000, claims: 35_000_000 },
};

export const description = 'generate NPR and KUHR files, then ingest them (rows/s per kind)';

const MUNIS = `['0301', '301', '4601', '1201', '5001', '1103', '3301', '0602', '3201', '3203', '4204', '1506', '1804', '5501', '4003', '-1']`;

/** @param {import('./README').BenchContext} ctx */
export async function run({ scale, workDir, core, log, memoryLimit }) {
  const n = SIZES[scale];
  const persons = Math.max(1000, Math.round(n.episodes / 3));
  const f = (name) => join(workDir, name);
  const gen = await core.Db.open(
    ':memory:',
    memoryLimit ? { memoryLimit, tempDirectory: join(workDir, '.gen-tmp') } : {},
  );
  const t0 = performance.now();
  try {
    log(`generating ${n.episodes} episodes and ${n.claims} claims`);
    await gen.exec(`
      CREATE MACRO h(x) AS CAST(hash(x) % 1000003 AS BIGINT);
      COPY (SELECT 'P' || (i % ${persons}) AS lopenr, CASE WHEN h(i % ${persons}) % 2 = 0 THEN '1' ELSE '2' END AS kjonn,
          1930 + h(i % ${persons}) % 90 AS fodselsar, ${MUNIS}[1 + h(i % ${persons}) % 15] AS komnrhjem2, '' AS bydel2, 2023 AS aar,
          strftime(DATE '2023-01-01' + CAST(i % 360 AS INTEGER), '%Y-%m-%d') AS inndato, lpad(CAST(i % 24 AS VARCHAR), 2, '0') || ':15' AS inntid,
          strftime(DATE '2023-01-01' + CAST(i % 360 AS INTEGER) + CAST(i % 4 AS INTEGER), '%d.%m.%Y') AS utdato, '11:00' AS uttid,
          ['1', '2', '3', '3', '3'][1 + i % 5] AS omsorgsniva, CAST(1 + i % 5 AS VARCHAR) AS innmateHast, ['1', '1', '6', '7'][1 + i % 4] AS kontakttype,
          ['I50.0', 'J44.1', 'C34.1', 'S72.0', 'F32.1', 'E11.9', 'Z51.1'][1 + i % 7] AS tilstand_1_1, '' AS tilstand_1_2,
          CASE WHEN i % 3 = 0 THEN 'E11.9' ELSE '' END AS tilstand_2_1, CASE WHEN i % 5 = 0 THEN 'I10' ELSE '' END AS tilstand_3_1,
          '127' AS drg, 'medisin' AS episodefag, '974589095' AS behandlingsstedkode, CAST(1 + i % 6 AS VARCHAR) AS sektor,
          CASE WHEN i % 97 = 0 THEN '2' ELSE '1' END AS utTilstand
        FROM range(${n.episodes}) t(i)) TO '${f('npr.csv')}' (HEADER, DELIMITER ';');
      COPY (SELECT 'K' || (i % ${persons * 2}) AS kpr_lnr, 'B' || i AS enkeltregning_lnr,
          strftime(DATE '2023-01-01' + CAST(i % 365 AS INTEGER), '%Y-%m-%d') AS dato, CASE WHEN i % 50 = 0 THEN '' ELSE CAST(1 + h(i % ${persons * 2}) % 2 AS VARCHAR) END AS kjonn,
          CASE WHEN h(i % ${persons * 2}) % 2 = 0 THEN 'M' ELSE 'K' END AS kjonnK, 1930 + h(i % ${persons * 2}) % 90 AS fodselsaar, '' AS alder,
          ${MUNIS}[1 + h(i) % 16] AS kommuneNr, '0301' AS kommunenrPB, '' AS bydel, CAST(1 + i % 9 AS VARCHAR) AS tjenestetype
        FROM range(${n.claims}) t(i)) TO '${f('bills.csv')}' (HEADER, DELIMITER ';');
      COPY (SELECT 'B' || (i % ${n.claims}) AS enkeltregning_lnr, ['K77', 'R74', 'L03', 'T90', 'P76', 'I50.0'][1 + i % 6] AS diagnoseKode,
          CASE WHEN i % 6 = 5 THEN '3' ELSE '1' END AS diagnoseTabell, CASE WHEN i < ${n.claims} THEN '1' ELSE '0' END AS erHoveddiagnose
        FROM range(${Math.round(n.claims * 1.2)}) t(i)) TO '${f('diagnoses.csv')}' (HEADER, DELIMITER ';');
      COPY (SELECT 'B' || (i % ${n.claims}) AS enkeltregning_lnr, ['2ad', '1bd', '2ak', '11ad', 'L2', '2ae', '14', '701a'][1 + h(i) % 8] AS takstkode, '1' AS antall
        FROM range(${Math.round(n.claims * 1.5)}) t(i)) TO '${f('fees.csv')}' (HEADER, DELIMITER ';');
    `);
  } finally {
    gen.close();
  }
  const genSeconds = (performance.now() - t0) / 1000;

  const ws = await core.Workspace.init(
    join(workDir, 'ws-ingest'),
    memoryLimit ? { config: { duckdb: { memoryLimit } } } : {},
  );
  const metrics = [{ name: 'generate files', value: genSeconds, unit: 's' }];
  try {
    let t = performance.now();
    const npr = await ingestTimed(core, ws, 'npr', [f('npr.csv')], log);
    let s = (performance.now() - t) / 1000;
    const nprRows = npr.files.reduce((a, x) => a + x.rowsRead, 0);
    metrics.push(
      { name: 'npr rows', value: nprRows, unit: 'rows' },
      { name: 'npr ingest', value: s, unit: 's' },
      { name: 'npr rate', value: nprRows / s, unit: 'rows/s' },
    );
    metrics.push({ name: 'hospital stays', value: npr.derived.hospital_stay ?? 0, unit: 'rows' });

    t = performance.now();
    const kpr = await ingestTimed(
      core,
      ws,
      'kpr-claims',
      [f('bills.csv'), f('diagnoses.csv'), f('fees.csv')],
      log,
    );
    s = (performance.now() - t) / 1000;
    const kprRows = kpr.files.reduce((a, x) => a + x.rowsRead, 0);
    metrics.push(
      { name: 'kpr-claims rows (3 files)', value: kprRows, unit: 'rows' },
      { name: 'kpr-claims ingest', value: s, unit: 's' },
      { name: 'kpr-claims rate', value: kprRows / s, unit: 'rows/s' },
    );
    const rejected = [...npr.files, ...kpr.files].reduce((a, x) => a + x.rowsRejected, 0);
    metrics.push({ name: 'rows rejected', value: rejected, unit: 'rows' });
  } finally {
    ws.close();
  }
  return { metrics, notes: [`persons ≈ ${persons} NPR / ${persons * 2} KPR`] };
}

async function ingestTimed(core, ws, kind, files, log) {
  log(`ingest ${kind}`);
  return core.ingestRegistry(ws, kind, files, {
    progress: (e) => e.phase === 'log' && log(`${kind}: ${e.message ?? ''}`),
  });
}
