/**
 * The index page of `felles report --hf all`: the 19 communities side by side in three tables
 * that each fit an A4 page — population and demand, the priority groups' prevalence, and the
 * samhandling indicators — with a link to each report. Self-contained like the reports.
 */
import { formatNumber } from '@felles/charts';
import { localText, type Lang } from '@felles/text';
import { pageHead } from './build.js';
import { ReportContext } from './context.js';
import { esc, num, numCell, table, textCell } from './html.js';
import { valueFormat } from './indicator-detail.js';
import { indicatorViews, nationalRow, ownRow, viewYear } from './indicator-views.js';
import { priorityCohorts } from './section-priority.js';
import { rt } from './text.js';
import type { ReportHf, ReportInput, ReportRow } from './types.js';

/** Options of {@link buildIndexPage}. */
export interface IndexPageOptions {
  lang?: Lang;
  /** Report file of each community (relative to the index page), by code. */
  files: Readonly<Record<string, string>>;
}

const change = (a: number | null, b: number | null, lang: Lang) =>
  a && b !== null ? formatNumber((b - a) / a, '+.1%', lang) : '';

function populationTable(
  ctx: ReportContext,
  hfs: readonly ReportHf[],
  files: IndexPageOptions['files'],
): string {
  const { input, lang } = ctx;
  const y = input.populationYear ?? input.year;
  const h = input.horizon;
  const trend = input.tables.populationTrend?.rows ?? [];
  const at = (code: string, series: string, year: number | undefined, age: string) =>
    num(
      trend.find(
        (r) =>
          r['hff_code'] === code &&
          r['series'] === series &&
          r['year'] === year &&
          r['age_group'] === age,
      )?.['population'],
    );
  const summary = input.tables.projectionSummary?.rows ?? [];
  const tot = new Map<string, number>();
  for (const r of summary) {
    if (r['alternative'] !== 'MMMM' || String(r['line_id']).includes(':')) continue;
    tot.set(String(r['line_id']), (tot.get(String(r['line_id'])) ?? 0) + (num(r['base']) ?? 0));
  }
  const topLine = [...tot.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  const rows = hfs.map((hf) => {
    const line = summary.find(
      (r) => r['area_code'] === hf.code && r['line_id'] === topLine && r['alternative'] === 'MMMM',
    );
    return [
      `<td><a href="${esc(files[hf.code])}">${esc(hf.shortName)}</a></td>`,
      textCell(formatNumber(at(hf.code, 'registered', y, 'all'), ',', lang), 'num'),
      ...(h
        ? [
            textCell(
              change(at(hf.code, 'registered', y, 'all'), at(hf.code, 'MMMM', h, 'all'), lang),
              'num',
            ),
            textCell(
              change(at(hf.code, 'registered', y, '80+'), at(hf.code, 'MMMM', h, '80+'), lang),
              'num',
            ),
          ]
        : []),
      ...(topLine ? [numCell(line, 'change_pct', lang, '+,.1f')] : []),
    ].join('');
  });
  return table(
    [
      rt(lang, 'report'),
      `${rt(lang, 'populationNow')} ${y}`,
      ...(h ? [`${rt(lang, 'changePct')} ${y}–${h}`, `${rt(lang, 'change80')} ${y}–${h}`] : []),
      ...(topLine ? [rt(lang, 'demandChangeOf', { line: ctx.lineLabel(topLine) }) + ' %'] : []),
    ],
    rows,
    rt(lang, 'indexPopulation'),
    'data index',
  );
}

function cohortTable(ctx: ReportContext, hfs: readonly ReportHf[]): string {
  const { lang } = ctx;
  const cohorts = priorityCohorts(ctx);
  if (!cohorts.length) return '';
  const measure = (rows: readonly ReportRow[]) =>
    rows.some((r) => num(r['dsr']) !== null) ? 'dsr' : 'crude';
  const row = (code: string, name: string) =>
    `${textCell(name)}${cohorts
      .map((c) =>
        numCell(
          c.rows.find((r) => r['area_code'] === code),
          measure(c.rows),
          lang,
          ',.1f',
        ),
      )
      .join('')}`;
  return table(
    [
      rt(lang, 'report'),
      ...cohorts.map(
        (c) => `${c.title} (${rt(lang, measure(c.rows) === 'dsr' ? 'dsr' : 'crude')})`,
      ),
    ],
    [...hfs.map((h) => row(h.code, h.shortName)), row('NO', rt(lang, 'national'))],
    rt(lang, 'priorityOverview'),
    'data index',
  );
}

function indicatorTable(ctx: ReportContext, hfs: readonly ReportHf[]): string {
  const { lang } = ctx;
  const views = indicatorViews(ctx).filter(
    (v) => !v.key.includes(':') && v.info.qualityDimension === 'samhandling',
  );
  if (!views.length) return '';
  const years = views.map((v) => viewYear(v, hfs[0]?.code ?? '') ?? 0);
  const head = views.map(
    (v, i) =>
      `${v.info.shortTitle ? localText(v.info.shortTitle, lang) : v.title} (${ctx.indicatorUnit(v.info.unit)}, ${years[i]})`,
  );
  // a few indicators per table, so that each fits the screen and an A4 page
  const parts = Math.ceil(views.length / INDICATORS_PER_TABLE);
  const per = Math.ceil(views.length / parts);
  const out: string[] = [];
  for (let p = 0; p < parts; p++) {
    const at = [...views.keys()].slice(p * per, (p + 1) * per);
    const rows = hfs.map(
      (h) =>
        `${textCell(h.shortName)}${at.map((i) => numCell(ownRow(views[i]!, h.code, years[i]!), 'value', lang, valueFormat(views[i]!))).join('')}`,
    );
    rows.push(
      `${textCell(rt(lang, 'national'))}${at.map((i) => numCell(nationalRow(views[i]!, years[i]!), 'value', lang, valueFormat(views[i]!))).join('')}`,
    );
    const caption = rt(lang, 'samhandlingIndicators');
    out.push(
      table(
        [rt(lang, 'report'), ...at.map((i) => head[i]!)],
        rows,
        parts > 1 ? `${caption} (${p + 1}/${parts})` : caption,
        'data index',
      ),
    );
  }
  return out.join('\n');
}

/** Most indicators in one table of the index page. */
const INDICATORS_PER_TABLE = 6;

/** Build the index page comparing the communities whose reports were written. */
export function buildIndexPage(input: ReportInput, options: IndexPageOptions): string {
  const lang: Lang = options.lang ?? 'nb';
  const first = input.hfs[0];
  if (!first) throw new Error('no helsefellesskap in the input');
  const ctx = new ReportContext(input, first, lang, { hf: first.code, staticOnly: true });
  const hfs = input.hfs.filter((hf) => options.files[hf.code]);
  const title = `${rt(lang, 'indexTitle')} ${input.year}`;
  const scenario = input.methods.scenario;
  return `${pageHead(title, lang)}
<body data-manifest="${esc(input.manifest.id)}">
<div class="page">
<header class="cover"><h1>${esc(title)}</h1><p class="sub">${esc(rt(lang, 'subtitle'))}</p></header>
${input.synthetic ? `<div class="synthetic" role="alert">${esc(rt(lang, 'synthetic'))}</div>` : ''}
${populationTable(ctx, hfs, options.files)}
${cohortTable(ctx, hfs)}
${indicatorTable(ctx, hfs)}
${scenario ? `<p class="muted">${esc(localText(scenario.title, lang))}: ${esc(rt(lang, 'mainAlternativeShort'))}.</p>` : ''}
<p class="muted">${esc(rt(lang, 'manifest'))}: ${esc(input.manifest.id)}</p>
</div>
</body>
</html>
`;
}
