/**
 * The methods appendix: every definition with its title in the report's language and the
 * published work it follows, the code lists, the scenario, the SSB tables, the disclosure rule
 * and what it hid in each table, and the run the report comes from.
 */
import { localText, text, type TextKey } from '@felles/text';
import type { ReportContext } from './context.js';
import { esc, table, textCell, unavailableNote } from './html.js';
import { yearsText } from './scenario-block.js';
import { rt, standardName } from './text.js';
import type { ReportTable } from './types.js';

function definitions(ctx: ReportContext): string {
  const { lang } = ctx;
  const m = ctx.input.methods;
  if (!m.definitions.length) return unavailableNote(rt(lang, 'noData'));
  return table(
    [rt(lang, 'kind'), rt(lang, 'title'), rt(lang, 'version'), rt(lang, 'source')],
    m.definitions.map(
      (d) =>
        `${textCell(text(lang, `defKind.${d.kind}` as TextKey))}${textCell(`${localText(d.title, lang)} (${d.id})`)}${textCell(d.version)}${textCell(d.source ?? '')}`,
    ),
    undefined,
    'data methods',
    99,
  );
}

function codelists(ctx: ReportContext): string {
  const { lang } = ctx;
  const m = ctx.input.methods;
  if (!m.codelists.length) return unavailableNote(rt(lang, 'noData'));
  return table(
    [rt(lang, 'title'), rt(lang, 'version'), rt(lang, 'source')],
    m.codelists.map(
      (c) =>
        `${textCell(`${localText(c.title, lang)} (${c.id})`)}${textCell(c.version)}${textCell(c.source ?? '')}`,
    ),
    undefined,
    'data methods',
    99,
  );
}

function ssbTables(ctx: ReportContext): string {
  const { lang } = ctx;
  const m = ctx.input.methods;
  if (!m.ssbTables.length) return unavailableNote(rt(lang, 'noData'));
  return table(
    [rt(lang, 'id'), rt(lang, 'vintage'), rt(lang, 'what')],
    m.ssbTables.map((s) => {
      const what =
        s.tableId === '07459'
          ? rt(lang, 'ssbPopulation', { years: yearsText(m.populationYears) })
          : rt(lang, s.isDemo ? 'ssbProjectionDemo' : 'ssbProjection');
      return `${textCell(s.tableId)}${textCell(s.vintage ?? '')}${textCell(what)}`;
    }),
    undefined,
    'data methods',
    99,
  );
}

function disclosure(ctx: ReportContext): string {
  const { lang } = ctx;
  const tables = Object.values(ctx.input.tables).flatMap((t): ReportTable[] =>
    t === undefined
      ? []
      : Array.isArray(t)
        ? [...(t as readonly ReportTable[])]
        : [t as ReportTable],
  );
  const threshold = tables[0]?.threshold;
  const parts = [`<p>${esc(rt(lang, 'disclosureRule', { threshold: threshold ?? '–' }))}</p>`];
  if (tables.length)
    parts.push(
      table(
        [
          rt(lang, 'tableFile'),
          rt(lang, 'threshold'),
          rt(lang, 'rows'),
          rt(lang, 'primaryCells'),
          rt(lang, 'secondaryCells'),
          rt(lang, 'derivedCells'),
        ],
        tables.map(
          (t) =>
            `<td><code>${esc(t.name)}.csv</code></td>${textCell(t.threshold, 'num')}${textCell(t.summary.rows, 'num')}${textCell(t.summary.primaryCells, 'num')}${textCell(t.summary.secondaryCells, 'num')}${textCell(t.summary.derivedCells, 'num')}`,
        ),
        undefined,
        'data methods',
        1,
      ),
    );
  return parts.join('\n');
}

/** The appendix. */
export function methodsSection(ctx: ReportContext): string {
  const { lang } = ctx;
  const m = ctx.input.methods;
  const man = ctx.input.manifest;
  const parts = [
    `<h3>${esc(rt(lang, 'definitions'))}</h3>`,
    definitions(ctx),
    `<h3>${esc(rt(lang, 'codelists'))}</h3>`,
    codelists(ctx),
    `<h3>${esc(rt(lang, 'ssbTables'))}</h3>`,
    ssbTables(ctx),
  ];
  if (m.standardPopulation)
    parts.push(
      `<p>${esc(rt(lang, 'standardPopulationIs', { standard: standardName(lang, m.standardPopulation) }))}</p>`,
    );
  parts.push(`<h3>${esc(rt(lang, 'disclosure'))}</h3>`, disclosure(ctx));
  parts.push(`<h3>${esc(rt(lang, 'manifest'))}</h3>`);
  parts.push(
    `<p>${esc(rt(lang, 'runManifest'))}: <code class="manifest-id">${esc(man.id)}</code>${man.toolVersion ? `, felles ${esc(man.toolVersion)}` : ''}${man.startedAt ? `, ${esc(man.startedAt)}` : ''}.</p>`,
  );
  if (m.sourceRuns.length)
    parts.push(
      table(
        [rt(lang, 'id'), rt(lang, 'command'), rt(lang, 'started')],
        m.sourceRuns.map(
          (r) =>
            `<td><code>${esc(r.id)}</code></td><td><code>felles ${esc(r.command)}</code></td>${textCell(r.startedAt)}`,
        ),
        rt(lang, 'runs'),
        'data methods',
        99,
      ),
    );
  if (m.notes.length)
    parts.push(
      `<h3>${esc(rt(lang, 'notes'))}</h3><ul class="notes">${m.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>`,
    );
  return parts.join('\n');
}
