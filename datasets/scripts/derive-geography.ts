/**
 * Derive felles' own geography reference files (datasets/reference/geography/*.csv) from the
 * public Norwegian reference extracts (csdata, SKDE Helseatlas and SSB table 10826, listed in
 * datasets/reference/README.md), in a folder of your own with `norway/` and `ssb-raw/` inside.
 *
 * Run from the repository root:  npx tsx datasets/scripts/derive-geography.ts <data-dir>
 *
 * The output is deterministic (sorted, fixed columns, UTF-8, LF, comma separated) so a re-run
 * on the same inputs gives byte-identical files. See datasets/reference/README.md for the
 * provenance note and docs/geography.md for the rules.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(fileURLToPath(new URL('../../', import.meta.url)));
if (!process.argv[2]) {
  process.stderr.write('usage: npx tsx datasets/scripts/derive-geography.ts <data-dir>\n');
  process.exit(2);
}
const shared = resolve(process.argv[2]);
const outDir = join(repoRoot, 'datasets/reference/geography');

// ---------- tiny CSV reader / writer (RFC 4180 quoting) ----------
function parseCsv(text: string, delimiter = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      if (row.length > 1 || row[0] !== '') rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

function readObjects(file: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(readFileSync(file, 'utf8'));
  if (!header) throw new Error(`${file} is empty`);
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

function csvField(v: string | number | boolean | null): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function writeCsv(
  name: string,
  columns: string[],
  rows: (string | number | boolean | null)[][],
): void {
  const text = [columns.join(','), ...rows.map((r) => r.map(csvField).join(','))].join('\n') + '\n';
  writeFileSync(join(outDir, name), text);
  process.stderr.write(`wrote ${name}: ${rows.length} rows\n`);
}

function check(cond: boolean, msg: string): void {
  if (!cond) throw new Error(`check failed: ${msg}`);
}

// ---------- names ----------
/**
 * csdata joins the names of a multilingual place with a plain hyphen; SSB writes " - ". These
 * are the codes whose hyphen is a language join (every other hyphen is part of the name, as in
 * Aurskog-Høland). The short name is the Norwegian (bokmål/nynorsk) name used in everyday text.
 */
const MULTILINGUAL: Record<string, string> = {
  // municipalities
  '0301': 'Oslo',
  '1841': 'Fauske',
  '1870': 'Sortland',
  '5041': 'Snåsa',
  '5043': 'Røyrvik',
  '5518': 'Lavangen',
  '5538': 'Storfjord',
  '5540': 'Kåfjord',
  '5610': 'Karasjok',
  '5612': 'Kautokeino',
  '5622': 'Porsanger',
  '5628': 'Tana',
  '5636': 'Nesseby',
  // counties
  '03': 'Oslo',
  '18': 'Nordland',
  '34': 'Innlandet',
  '50': 'Trøndelag',
  '55': 'Troms',
  '56': 'Finnmark',
};

function officialName(code: string, csdataName: string): { name: string; short: string } {
  const short = MULTILINGUAL[code];
  if (!short) return { name: csdataName, short: csdataName };
  return { name: csdataName.split('-').join(' - '), short };
}

// ---------- health trusts, RHF, helsefellesskap ----------
interface AreaDef {
  code: string; // hospital area code (also the health trust code)
  hf: string; // organisation name
  hff: string; // helsefellesskap code
}
/** SKDE opptaksområde (as published) → felles codes. */
const HOSPITAL_AREAS: Record<string, AreaDef> = {
  OUS: { code: 'OUS', hf: 'Oslo universitetssykehus HF', hff: 'OSLO' },
  Lovisenberg: { code: 'LOVISENBERG', hf: 'Lovisenberg Diakonale Sykehus', hff: 'OSLO' },
  Diakonhjemmet: { code: 'DIAKONHJEMMET', hf: 'Diakonhjemmet Sykehus', hff: 'OSLO' },
  Ahus: { code: 'AHUS', hf: 'Akershus universitetssykehus HF', hff: 'AHUS' },
  Østfold: { code: 'OSTFOLD', hf: 'Sykehuset Østfold HF', hff: 'OSTFOLD' },
  Innlandet: { code: 'INNLANDET', hf: 'Sykehuset Innlandet HF', hff: 'INNLANDET' },
  'Vestre Viken': { code: 'VESTRE-VIKEN', hf: 'Vestre Viken HF', hff: 'VESTRE-VIKEN' },
  Vestfold: { code: 'VESTFOLD', hf: 'Sykehuset i Vestfold HF', hff: 'VESTFOLD' },
  Telemark: { code: 'TELEMARK', hf: 'Sykehuset Telemark HF', hff: 'TELEMARK' },
  Sørlandet: { code: 'SORLANDET', hf: 'Sørlandet sykehus HF', hff: 'SORLANDET' },
  Stavanger: { code: 'STAVANGER', hf: 'Helse Stavanger HF', hff: 'STAVANGER' },
  Fonna: { code: 'FONNA', hf: 'Helse Fonna HF', hff: 'FONNA' },
  Bergen: { code: 'BERGEN', hf: 'Helse Bergen HF', hff: 'BERGEN' },
  Førde: { code: 'FORDE', hf: 'Helse Førde HF', hff: 'FORDE' },
  'Møre og Romsdal': {
    code: 'MORE-OG-ROMSDAL',
    hf: 'Helse Møre og Romsdal HF',
    hff: 'MORE-OG-ROMSDAL',
  },
  'St. Olavs': { code: 'ST-OLAVS', hf: 'St. Olavs hospital HF', hff: 'ST-OLAVS' },
  'Nord-Trøndelag': {
    code: 'NORD-TRONDELAG',
    hf: 'Helse Nord-Trøndelag HF',
    hff: 'NORD-TRONDELAG',
  },
  Helgeland: { code: 'HELGELAND', hf: 'Helgelandssykehuset HF', hff: 'HELGELAND' },
  Nordland: { code: 'NORDLAND', hf: 'Nordlandssykehuset HF', hff: 'NORDLAND' },
  UNN: { code: 'UNN', hf: 'Universitetssykehuset Nord-Norge HF', hff: 'UNN' },
  Finnmark: { code: 'FINNMARK', hf: 'Finnmarkssykehuset HF', hff: 'FINNMARK' },
};

const RHF: Record<string, string> = {
  'Helse Sør-Øst RHF': 'HSO',
  'Helse Vest RHF': 'HV',
  'Helse Midt-Norge RHF': 'HMN',
  'Helse Nord RHF': 'HN',
};

/** The 19 helsefellesskap in the order the health authorities list them (south-east to north). */
const HFF_ORDER: { code: string; short: string; rhf: string }[] = [
  { code: 'OSTFOLD', short: 'Østfold', rhf: 'HSO' },
  { code: 'AHUS', short: 'Ahus', rhf: 'HSO' },
  { code: 'OSLO', short: 'Oslo', rhf: 'HSO' },
  { code: 'INNLANDET', short: 'Innlandet', rhf: 'HSO' },
  { code: 'VESTRE-VIKEN', short: 'Vestre Viken', rhf: 'HSO' },
  { code: 'VESTFOLD', short: 'Vestfold', rhf: 'HSO' },
  { code: 'TELEMARK', short: 'Telemark', rhf: 'HSO' },
  { code: 'SORLANDET', short: 'Sørlandet', rhf: 'HSO' },
  { code: 'STAVANGER', short: 'Stavanger', rhf: 'HV' },
  { code: 'FONNA', short: 'Fonna', rhf: 'HV' },
  { code: 'BERGEN', short: 'Bergen', rhf: 'HV' },
  { code: 'FORDE', short: 'Førde', rhf: 'HV' },
  { code: 'MORE-OG-ROMSDAL', short: 'Møre og Romsdal', rhf: 'HMN' },
  { code: 'ST-OLAVS', short: 'St. Olavs', rhf: 'HMN' },
  { code: 'NORD-TRONDELAG', short: 'Nord-Trøndelag', rhf: 'HMN' },
  { code: 'HELGELAND', short: 'Helgeland', rhf: 'HN' },
  { code: 'NORDLAND', short: 'Nordland', rhf: 'HN' },
  { code: 'UNN', short: 'UNN', rhf: 'HN' },
  { code: 'FINNMARK', short: 'Finnmark', rhf: 'HN' },
];

/**
 * Primary successor of each split: the successor that keeps the old name, otherwise the one that
 * received the old municipality's administrative centre (Tysfjord: Kjøpsvik → Narvik;
 * Snillfjord: Krokstadøra → Orkland). Person-level data follow the primary successor.
 */
const SPLIT_PRIMARY: Record<string, string> = { '1507': '1508', '1850': '1806', '5012': '5059' };

/**
 * Border-exact refinements of a split for codes that had merged into the split municipality
 * earlier: in 2024 Haram (1580) was re-established with the borders of the Haram (1534) that
 * merged into Ålesund (1507) in 2020; the other 2020 parts of 1507 all stayed in Ålesund (1508).
 */
const SPLIT_REFINEMENTS: { code: string; via: string; target: string }[] = [
  { code: '1504', via: '1507', target: '1508' },
  { code: '1523', via: '1507', target: '1508' },
  { code: '1529', via: '1507', target: '1508' },
  { code: '1546', via: '1507', target: '1508' },
  { code: '1534', via: '1507', target: '1580' },
];

// ---------- build ----------
mkdirSync(outDir, { recursive: true });
const norway = join(shared, 'norway');

// Counties and municipalities
const munis = readObjects(join(norway, 'municipalities.csv'));
check(munis.length === 357, `357 municipalities, got ${munis.length}`);
const counties = new Map<string, string>();
for (const m of munis) counties.set(m['county_code']!, m['county_name']!);
check(counties.size === 15, `15 counties, got ${counties.size}`);
writeCsv(
  'counties.csv',
  ['county_code', 'name', 'short_name'],
  [...counties]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, n]) => {
      const { name, short } = officialName(code, n);
      return [code, name, short];
    }),
);

// Catchment (needed to give each municipality its helsefellesskap)
const trusts = readObjects(join(norway, 'health_trusts.csv'));
check(trusts.length === 374, `374 catchment rows, got ${trusts.length}`);
const areaOf = (skde: string): AreaDef => {
  const a = HOSPITAL_AREAS[skde];
  if (!a) throw new Error(`unknown SKDE area ${skde}`);
  return a;
};
const muniHff = new Map<string, string>();
for (const t of trusts) {
  const hff = t['municipality_code'] === '0301' ? 'OSLO' : areaOf(t['opptaksomrade']!).hff;
  const prev = muniHff.get(t['municipality_code']!);
  check(!prev || prev === hff, `municipality ${t['municipality_code']} in two helsefellesskap`);
  muniHff.set(t['municipality_code']!, hff);
}
check(muniHff.size === 357, `catchment covers 357 municipalities, got ${muniHff.size}`);

writeCsv(
  'municipalities.csv',
  ['code', 'name', 'short_name', 'county_code', 'helsefellesskap'],
  munis
    .map((m) => {
      const { name, short } = officialName(m['municipality_code']!, m['municipality_name']!);
      return [
        m['municipality_code']!,
        name,
        short,
        m['county_code']!,
        muniHff.get(m['municipality_code']!)!,
      ];
    })
    .sort((a, b) => a[0]!.localeCompare(b[0]!)),
);

// Hospital areas (21) and catchment rows (374)
const areaRows = new Map<string, (string | number)[]>();
for (const t of trusts) {
  const a = areaOf(t['opptaksomrade']!);
  const rhf = RHF[t['rhf']!];
  if (!rhf) throw new Error(`unknown RHF ${t['rhf']}`);
  areaRows.set(a.code, [a.code, t['opptaksomrade']!, a.hf, rhf, a.hff]);
}
check(areaRows.size === 21, `21 SKDE areas, got ${areaRows.size}`);
writeCsv(
  'hospital-areas.csv',
  ['code', 'skde_name', 'health_trust', 'rhf', 'helsefellesskap'],
  [...areaRows.values()].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
);
writeCsv(
  'catchment-2024.csv',
  ['area', 'level', 'hospital_area', 'skde_source_code'],
  trusts
    .map((t) => [
      t['area_code']!,
      t['area_level'] === 'oslo_bydel' ? 'district' : 'municipality',
      areaOf(t['opptaksomrade']!).code,
      t['source_code_2020_2023']!,
    ])
    .sort((a, b) => a[0]!.localeCompare(b[0]!)),
);

// Helsefellesskap and RHF
check(new Set(muniHff.values()).size === 19, '19 helsefellesskap');
const trustsOf = (hff: string) =>
  [...areaRows.values()]
    .filter((r) => r[4] === hff)
    .map((r) => String(r[2]))
    .sort(
      (a, b) =>
        // the HF first, then the private hospitals
        Number(!a.endsWith(' HF')) - Number(!b.endsWith(' HF')) || a.localeCompare(b),
    );
writeCsv(
  'helsefellesskap.csv',
  ['code', 'sort_order', 'name', 'short_name', 'health_trusts', 'rhf'],
  HFF_ORDER.map((h, i) => [
    h.code,
    i + 1,
    `Helsefellesskapet ${h.short}`,
    h.short,
    trustsOf(h.code).join('; '),
    h.rhf,
  ]),
);
writeCsv(
  'rhf.csv',
  ['code', 'name'],
  Object.entries(RHF).map(([name, code]) => [code, name]),
);

// Code changes
const changes = readObjects(join(norway, 'municipality_changes.csv'));
check(changes.length === 491, `491 changes, got ${changes.length}`);
const kind = (t: string) => (t === 'split+merge' ? 'split' : t);
writeCsv(
  'municipality-changes.csv',
  ['year', 'old_code', 'old_name', 'new_code', 'kind', 'weight', 'primary'],
  changes
    .map((c) => {
      const split = c['change_type']!.startsWith('split');
      const primary = split ? SPLIT_PRIMARY[c['old_code']!] === c['new_code'] : true;
      if (split)
        check(
          SPLIT_PRIMARY[c['old_code']!] !== undefined,
          `primary successor for ${c['old_code']}`,
        );
      return [
        Number(c['year']),
        c['old_code']!,
        c['old_name']!,
        c['new_code']!,
        kind(c['change_type']!),
        Number(c['split_weight_approx']),
        primary,
      ];
    })
    .sort(
      (a, b) =>
        Number(a[0]) - Number(b[0]) ||
        String(a[1]).localeCompare(String(b[1])) ||
        String(a[3]).localeCompare(String(b[3])),
    ),
);
writeCsv(
  'split-refinements.csv',
  ['code', 'via_split_of', 'target_code'],
  SPLIT_REFINEMENTS.map((r) => [r.code, r.via, r.target]),
);

// City districts: Oslo from the catchment page (Norwegian names); Bergen, Trondheim and
// Stavanger from the labels of SSB table 10826 (2022 codes, the same in 2024).
const districts: (string | number | null)[][] = [];
for (const t of trusts.filter((x) => x['area_level'] === 'oslo_bydel')) {
  districts.push([t['area_code']!, t['area_name']!, '0301', null, null]);
}
const ward = parseCsv(
  readFileSync(join(shared, 'ssb-raw/07459_Personerward2022.csv'), 'latin1'),
  ';',
);
const labels = new Set(ward.map((r) => r[0] ?? ''));
const CITY: Record<string, string> = { '1103': 'Stavanger', '4601': 'Bergen', '5001': 'Trondheim' };
/** Older codes of the same districts: Bergen 1201 (–2019), Trondheim 1601 (2005–2017). */
const OLD_CITY: Record<string, { current: string; validTo: number }> = {
  '1201': { current: '4601', validTo: 2019 },
  '1601': { current: '5001', validTo: 2017 },
};
for (const label of [...labels].sort()) {
  const m = /^(\d{4})(\d{2})(a?) (.+?)\s*(\((?:\d{4})?-(\d{4})?\))?$/.exec(label);
  if (!m) continue;
  const [, muni, sub, , rawName] = m;
  if (sub === '00' || rawName!.includes('total')) continue;
  const range = m[5];
  const name = rawName!.startsWith('Unknown urban district') ? 'Uoppgitt' : rawName!.trim();
  if (CITY[muni!] && !range) districts.push([`${muni}${sub}`, name, muni!, null, null]);
  const old = OLD_CITY[muni!];
  if (old && range && (muni === '1201' || range.startsWith('(2005'))) {
    districts.push([`${muni}${sub}`, name, old.current, old.validTo, `${old.current}${sub}`]);
  }
}
districts.sort((a, b) => String(a[0]).localeCompare(String(b[0])));
const current = districts.filter((d) => d[3] === null);
check(current.length === 18 + 9 + 5 + 10, `42 current districts, got ${current.length}`);
writeCsv(
  'districts.csv',
  ['code', 'name', 'municipality_code', 'valid_to', 'current_code'],
  districts,
);
