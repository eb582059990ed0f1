/**
 * The methods appendix: every definition, code list, scenario, SSB table and the run manifest,
 * and what disclosure control hid in each table.
 */
import type { ReportContext } from './context.js';
import { esc, table, textCell, unavailableNote } from './html.js';
import { rt } from './text.js';
import type { ReportTable } from './types.js';

/** The appendix. */
export function methodsSection(ctx: ReportContext): string {
  const { lang } = ctx;
  const m = ctx.input.methods;
  const parts: string[] = [];
  parts.push(`<h3>${esc(rt(lang, 'definitions'))}</h3>`);
  parts.push(
    m.definitions.length
      ? table(
          [
            rt(lang, 'kind'),
            rt(lang, 'id'),
            rt(lang, 'version'),
            rt(lang, 'title'),
            rt(lang, 'source'),
          ],
          m.definitions.map(
            (d) =>
              `${textCell(d.kind)}${textCell(d.id)}${textCell(d.version)}${textCell(d.title ?? '')}${textCell(d.source ?? '')}`,
          ),
          undefined,
          'data methods',
          99,
        )
      : unavailableNote(rt(lang, 'noData')),
  );
  parts.push(`<h3>${esc(rt(lang, 'codelists'))}</h3>`);
  parts.push(
    m.codelists.length
      ? table(
          [rt(lang, 'id'), rt(lang, 'version'), rt(lang, 'title'), rt(lang, 'source')],
          m.codelists.map(
            (c) =>
              `${textCell(c.id)}${textCell(c.version)}${textCell(c.title ?? '')}${textCell(c.source ?? '')}`,
          ),
          undefined,
          'data methods',
          99,
        )
      : unavailableNote(rt(lang, 'noData')),
  );
  parts.push(`<h3>${esc(rt(lang, 'scenario'))}</h3>`);
  parts.push(
    m.scenario
      ? `<p>${esc(m.scenario.id)} v${esc(m.scenario.version)} — ${esc(m.scenario.title)}. ${esc(m.scenario.factors.map((f) => `${f.id} (${f.type})`).join(', '))}</p>`
      : unavailableNote(ctx.input.unavailable?.projections ?? rt(lang, 'notAvailable')),
  );
  parts.push(`<h3>${esc(rt(lang, 'ssbTables'))}</h3>`);
  parts.push(
    m.ssbTables.length
      ? table(
          [rt(lang, 'id'), rt(lang, 'vintage'), rt(lang, 'what')],
          m.ssbTables.map(
            (s) =>
              `${textCell(s.tableId)}${textCell(s.vintage ?? '')}${textCell(`${s.what}${s.isDemo ? ' (DEMO)' : ''}`)}`,
          ),
          undefined,
          'data methods',
          99,
        )
      : unavailableNote(rt(lang, 'noData')),
  );
  if (m.standardPopulation) {
    parts.push(
      `<p>${lang === 'en' ? 'Standard population of the standardised rates' : 'Standardbefolkning for de standardiserte ratene'}: ${esc(m.standardPopulation)}.</p>`,
    );
  }
  parts.push(`<h3>${esc(rt(lang, 'disclosure'))}</h3>`);
  const tables = Object.values(ctx.input.tables).flatMap((t): ReportTable[] =>
    t === undefined
      ? []
      : Array.isArray(t)
        ? [...(t as readonly ReportTable[])]
        : [t as ReportTable],
  );
  const threshold = tables[0]?.threshold;
  parts.push(
    `<p>${
      lang === 'en'
        ? `Every number in this report has passed felles' disclosure control: counts from 1 to ${threshold ?? 'the threshold'} are hidden together with the rates and shares derived from them, and further cells are hidden so that no hidden value can be worked out from a total. Hidden values are shown as “suppressed”, never as 0.`
        : `Alle tall i rapporten har gått gjennom felles' prikking: antall fra 1 til ${threshold ?? 'terskelen'} skjules sammen med ratene og andelene som er regnet fra dem, og flere celler skjules slik at ingen skjult verdi kan regnes ut fra en sum. Skjulte verdier vises som «skjult», aldri som 0.`
    }</p>`,
  );
  if (tables.length) {
    parts.push(
      table(
        [
          lang === 'en' ? 'Table' : 'Tabell',
          rt(lang, 'threshold'),
          lang === 'en' ? 'Rows' : 'Rader',
          lang === 'en' ? 'Primary' : 'Primær',
          lang === 'en' ? 'Secondary' : 'Sekundær',
          lang === 'en' ? 'Derived' : 'Avledet',
        ],
        tables.map(
          (t) =>
            `${textCell(t.name)}${textCell(t.threshold, 'num')}${textCell(t.summary.rows, 'num')}${textCell(t.summary.primaryCells, 'num')}${textCell(t.summary.secondaryCells, 'num')}${textCell(t.summary.derivedCells, 'num')}`,
        ),
        undefined,
        'data methods',
        1,
      ),
    );
  }
  parts.push(`<h3>${esc(rt(lang, 'manifest'))}</h3>`);
  const man = ctx.input.manifest;
  parts.push(
    `<p>${lang === 'en' ? 'Run manifest' : 'Kjøringsmanifest'}: <code class="manifest-id">${esc(man.id)}</code> (runs/${esc(man.id)}/manifest.json)${man.toolVersion ? `, felles ${esc(man.toolVersion)}` : ''}${man.startedAt ? `, ${esc(man.startedAt)}` : ''}.</p>`,
  );
  if (m.sourceRuns?.length) {
    parts.push(
      table(
        [rt(lang, 'id'), rt(lang, 'command'), rt(lang, 'started')],
        m.sourceRuns.map((r) => `${textCell(r.id)}${textCell(r.command)}${textCell(r.startedAt)}`),
        rt(lang, 'runs'),
        'data methods',
        99,
      ),
    );
  }
  if (m.notes?.length)
    parts.push(`<ul class="notes">${m.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>`);
  return parts.join('\n');
}
