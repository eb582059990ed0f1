import type { Command } from 'commander';
import {
  UsageError,
  geoLookup,
  listAreas,
  type AreaListLevel,
  type AreaDetails,
  type AreaRef,
} from '@felles/core';
import { out, outJson, withWorkspace, type GlobalOptions } from '../context.js';
import { formatTable } from '../format.js';

/** Levels `--list` accepts, with their aliases. */
const LIST_LEVELS: Record<string, AreaListLevel> = {
  hf: 'helsefellesskap',
  hff: 'helsefellesskap',
  helsefellesskap: 'helsefellesskap',
  municipality: 'municipality',
  kommune: 'municipality',
  county: 'county',
  fylke: 'county',
  district: 'district',
  bydel: 'district',
  'hospital-area': 'hospital_area',
  hospital: 'hospital_area',
  rhf: 'rhf',
};

export function registerGeo(program: Command, globals: () => GlobalOptions): void {
  program
    .command('geo')
    .summary('show what a municipality, district or health community maps to')
    .description(
      'Look up an area by code or name (case-insensitive; a unique beginning of a name is enough): a municipality (also a former code such as 0104, or K-3001 as in SSB files), an Oslo, Bergen, Trondheim or Stavanger city district, a county, a hospital area or health trust, a regional health authority, or one of the 19 helsefellesskap. Prints what it maps to in the workspace structure year (municipality, county, hospital area, health trust, RHF, helsefellesskap), its code history since 2008 with splits and their weights, and the municipalities of a helsefellesskap. With --list, lists all areas of one level instead.',
    )
    .argument(
      '[area]',
      'code or name, e.g. 0104, "Moss", 030110, TELEMARK, "Sykehuset Telemark HF"',
    )
    .option(
      '--list <level>',
      'list all areas of a level: hf (the 19 helsefellesskap), municipality, county, district, hospital-area, rhf',
    )
    .addHelpText(
      'after',
      `
Examples:
  $ felles geo 0104                      # former Moss: resolves to 3103 Moss (2020 merge, 2024 recode)
  $ felles geo 1507                      # Ålesund 2020–2023: split into 1508 Ålesund and 1580 Haram
  $ felles geo grorud                    # Oslo district in the Ahus hospital area, helsefellesskap OSLO
  $ felles geo telemark                  # the helsefellesskap, the county and the hospital area
  $ felles geo --list hf
  $ felles --json geo "Sykehuset Innlandet HF"`,
    )
    .action(async (area: string | undefined, opts: { list?: string }) => {
      const g = globals();
      if (opts.list === undefined && !area) {
        throw new UsageError(
          'MISSING_ARGUMENT',
          'give an area code or name, or --list <level>; see felles geo --help',
        );
      }
      await withWorkspace(g, { readOnly: true }, async (ws) => {
        if (opts.list !== undefined) {
          const level = LIST_LEVELS[opts.list.toLowerCase()];
          if (!level) {
            throw new UsageError(
              'BAD_OPTION',
              `--list must be one of ${Object.keys(LIST_LEVELS).join(', ')}; got "${opts.list}"`,
            );
          }
          const rows = await listAreas(ws.db, level);
          if (g.json) outJson(rows);
          else out(formatTable(rows));
          return;
        }
        const found = await geoLookup(ws.db, area!);
        if (g.json) {
          outJson(found);
          return;
        }
        out(found.map(formatDetails).join('\n\n'));
      });
    });
}

const LEVEL_LABEL: Record<string, string> = {
  district: 'city district',
  municipality: 'municipality',
  former_municipality: 'former municipality code',
  county: 'county',
  hospital_area: 'hospital area (health trust)',
  rhf: 'regional health authority',
  helsefellesskap: 'helsefellesskap',
};

function refs(list: AreaRef[]): string {
  return list.map((a) => `${a.code} ${a.name}`).join(', ');
}

/** The plain-text block for one area. */
export function formatDetails(d: AreaDetails): string {
  const lines: string[] = [`${d.code} ${d.name} — ${LEVEL_LABEL[d.level] ?? d.level}`];
  const field = (k: string, v: string) => {
    if (v) lines.push(`  ${k.padEnd(16)}${v}`);
  };
  if (d.validTo !== null) field('valid until', `31 December ${d.validTo}`);
  if (d.currentCode) field('current code', d.currentCode);
  if (d.municipality) field('municipality', `${d.municipality.code} ${d.municipality.name}`);
  if (d.mapsTo.length && !(d.mapsTo.length === 1 && d.mapsTo[0]!.rule === 'current')) {
    for (const t of d.mapsTo) {
      const share = t.isSplit
        ? ` — split, weight ${t.weight}${t.isPrimary ? ', primary (gets person-level rows)' : ''}`
        : '';
      field(t === d.mapsTo[0] ? 'maps to' : '', `${t.code} ${t.name}${share}   [${t.path}]`);
    }
  }
  if (d.level !== 'county') field('county', refs(d.counties));
  if (d.level !== 'rhf' && d.level !== 'hospital_area') {
    field(
      'hospital area',
      d.hospitalAreas.length > 4
        ? `${d.hospitalAreas.length} areas`
        : d.hospitalAreas.map((h) => `${h.skdeName} (${h.healthTrust})`).join(', '),
    );
  }
  if (d.level !== 'rhf') field('RHF', refs(d.rhfs));
  if (d.level !== 'helsefellesskap') field('helsefellesskap', refs(d.helsefellesskap));
  if (d.level === 'hospital_area' && d.hospitalAreas[0])
    field('SKDE name', d.hospitalAreas[0].skdeName);
  if (d.members.length) {
    const what =
      d.level === 'municipality'
        ? 'districts'
        : d.level === 'hospital_area'
          ? 'areas'
          : 'municipalities';
    field(what, `${d.members.length}: ${refs(d.members)}`);
  }
  if (d.history.length) {
    lines.push('  history');
    for (const c of d.history) {
      const w =
        c.changeType === 'split' ? ` (weight ${c.weight}${c.isPrimary ? ', primary' : ''})` : '';
      lines.push(
        `    ${c.year}  ${c.changeType.padEnd(6)}  ${c.oldCode} ${c.oldName ?? ''} → ${c.newCode} ${c.newName ?? ''}${w}`,
      );
    }
  }
  return lines.join('\n');
}
