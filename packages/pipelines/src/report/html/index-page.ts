/**
 * The index page of `felles report --hf all`: the 19 communities side by side (population and
 * its change, the priority groups' prevalence, the projected change of the largest service line)
 * with a link to each report. Self-contained like the reports.
 */
import { formatNumber, type Lang } from '@felles/charts';
import { pageHead } from './build.js';
import { esc, num, numCell, table, textCell } from './html.js';
import { ReportContext } from './context.js';
import { priorityCohorts } from './section-priority.js';
import { rt } from './text.js';
import type { ReportInput } from './types.js';

/** Options of {@link buildIndexPage}. */
export interface IndexPageOptions {
  lang?: Lang;
  /** Report file of each community (relative to the index page), by code. */
  files: Readonly<Record<string, string>>;
}

/** Build the index page comparing the communities whose reports were written. */
export function buildIndexPage(input: ReportInput, options: IndexPageOptions): string {
  const lang: Lang = options.lang ?? 'nb';
  const first = input.hfs[0];
  if (!first) throw new Error('no helsefellesskap in the input');
  const cohorts = priorityCohorts(new ReportContext(input, first, lang, { hf: first.code }));
  const measure = (rows: readonly Record<string, unknown>[]) =>
    rows.some((r) => num(r['dsr'] as never) !== null) ? 'dsr' : 'crude';
  const trend = input.tables.populationTrend?.rows ?? [];
  const summary = input.tables.projectionSummary?.rows ?? [];
  const h = input.horizon;
  const topLine = (() => {
    const tot = new Map<string, number>();
    for (const r of summary) {
      if (r['alternative'] !== 'MMMM' || String(r['line_id']).includes(':')) continue;
      tot.set(String(r['line_id']), (tot.get(String(r['line_id'])) ?? 0) + (num(r['base']) ?? 0));
    }
    return [...tot.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  })();
  const topLabel = summary.find((r) => r['line_id'] === topLine)?.['label'];
  const headers = [
    rt(lang, 'report'),
    `${rt(lang, 'populationNow')} ${input.populationYear ?? input.year}`,
    ...(h ? [`${rt(lang, 'changePct')} ${input.populationYear ?? input.year}–${h}`] : []),
    ...cohorts.map(
      (c) => `${c.title} (${measure(c.rows) === 'dsr' ? rt(lang, 'dsr') : rt(lang, 'crude')})`,
    ),
    ...(topLine ? [`${String(topLabel ?? topLine)}: ${rt(lang, 'changePct')}`] : []),
  ];
  const rows = input.hfs
    .filter((hf) => options.files[hf.code])
    .map((hf) => {
      const now = trend.find(
        (r) =>
          r['hff_code'] === hf.code &&
          r['series'] === 'registered' &&
          r['year'] === (input.populationYear ?? input.year),
      );
      const later = trend.find(
        (r) => r['hff_code'] === hf.code && r['series'] === 'MMMM' && r['year'] === h,
      );
      const a = num(now?.['population']);
      const b = num(later?.['population']);
      const cells = [
        `<td><a href="${esc(options.files[hf.code])}">${esc(hf.shortName)}</a></td>`,
        numCell(now, 'population', lang),
        ...(h
          ? [textCell(a && b !== null ? formatNumber((b - a) / a, '+.1%', lang) : '', 'num')]
          : []),
        ...cohorts.map((c) =>
          numCell(
            c.rows.find((r) => r['area_code'] === hf.code),
            measure(c.rows),
            lang,
            ',.1f',
          ),
        ),
        ...(topLine
          ? [
              numCell(
                summary.find(
                  (r) =>
                    r['area_code'] === hf.code &&
                    r['line_id'] === topLine &&
                    r['alternative'] === 'MMMM',
                ),
                'change_pct',
                lang,
                '+,.1f',
              ),
            ]
          : []),
      ];
      return cells.join('');
    });
  const national = cohorts.length
    ? `<tr class="national"><td>${esc(rt(lang, 'national'))}</td><td></td>${h ? '<td></td>' : ''}${cohorts
        .map((c) =>
          numCell(
            c.rows.find((r) => r['area_code'] === 'NO'),
            measure(c.rows),
            lang,
            ',.1f',
          ),
        )
        .join('')}${topLine ? '<td></td>' : ''}</tr>`
    : '';
  const tbl = table(headers, rows, undefined, 'data index').replace(
    '</tbody>',
    `${national}</tbody>`,
  );
  const title = `${rt(lang, 'indexTitle')} ${input.year}`;
  return `${pageHead(title, lang)}
<body data-manifest="${esc(input.manifest.id)}">
<div class="page">
<header class="cover"><h1>${esc(title)}</h1><p class="sub">${esc(rt(lang, 'subtitle'))}</p></header>
${input.synthetic ? `<div class="synthetic" role="alert">${esc(rt(lang, 'synthetic'))}</div>` : ''}
<div class="table-wrap">${tbl}</div>
<p class="muted">${esc(rt(lang, 'manifest'))}: ${esc(input.manifest.id)}</p>
</div>
</body>
</html>
`;
}
