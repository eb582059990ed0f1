/**
 * The projection scenario spelled out: what it assumes, the base period the rates were actually
 * pooled over (and why, when it is shorter than asked), the horizon, the population alternatives,
 * the Monte Carlo runs and seed, and every change factor.
 */
import { formatNumber } from '@felles/charts';
import { localText, text, type TextKey } from '@felles/text';
import type { ReportContext } from './context.js';
import { esc, table, textCell, unavailableNote } from './html.js';
import { rt } from './text.js';

/** Years as a range where they follow each other (`2022–2024`), else a list. */
export function yearsText(years: readonly number[]): string {
  if (!years.length) return '';
  const s = [...years].sort((a, b) => a - b);
  const run = s.every((y, i) => i === 0 || y === s[i - 1]! + 1);
  return run && s.length > 1 ? `${s[0]}–${s.at(-1)}` : s.join(', ');
}

/** The scenario block. */
export function scenarioBlock(ctx: ReportContext): string {
  const { lang } = ctx;
  const s = ctx.input.methods.scenario;
  if (!s) return unavailableNote(ctx.input.unavailable?.projections ?? rt(lang, 'notAvailable'));
  const head = `<p><strong>${esc(localText(s.title, lang))}</strong> <span class="muted">(${esc(s.id)} v${esc(s.version)})</span>${s.description ? ` — ${esc(localText(s.description, lang))}` : ''}</p>`;
  const facts = [
    rt(lang, 'basePeriodUsed', { years: yearsText(s.basePeriod) }),
    ...(s.basePeriodAsked !== undefined && s.basePeriod.length < s.basePeriodAsked
      ? [rt(lang, 'basePeriodShorter', { asked: s.basePeriodAsked, got: s.basePeriod.length })]
      : []),
    rt(lang, 'horizonIs', { year: s.horizon }),
    ...(s.alternatives.length
      ? [rt(lang, 'alternativesAre', { list: s.alternatives.join(', ') })]
      : []),
    s.monteCarlo.runs > 0
      ? rt(lang, 'monteCarloIs', {
          runs: formatNumber(s.monteCarlo.runs, ',', lang),
          seed: s.monteCarlo.seed,
        })
      : rt(lang, 'monteCarloNone'),
  ];
  const list = `<ul class="facts">${facts.map((f) => `<li>${esc(f)}</li>`).join('')}</ul>`;
  if (!s.factors.length) return `${head}${list}<p>${esc(rt(lang, 'noFactors'))}</p>`;
  const trs = s.factors.map((f) => {
    const effect =
      f.value !== undefined
        ? formatNumber(f.value, '+.1%', lang)
        : f.interval
          ? `${formatNumber(f.interval[0], '+.1%', lang)} – ${formatNumber(f.interval[1], '+.1%', lang)}`
          : '';
    const lines = f.lines?.length
      ? f.lines.map((l) => (l.includes('*') ? l : ctx.lineLabel(l))).join(', ')
      : f.from
        ? `${ctx.lineLabel(f.from)} → ${f.to ? ctx.lineLabel(f.to) : ''}`
        : '';
    const period = `${f.start}–${f.target}${f.realisation !== undefined && f.realisation !== 1 ? ` (${formatNumber(f.realisation, '.0%', lang)})` : ''}`;
    return `${textCell(f.label ? localText(f.label, lang) : f.id)}${textCell(text(lang, `factorType.${f.type}` as TextKey))}${textCell(effect, 'num')}${textCell(period, 'num')}${textCell(lines)}`;
  });
  return (
    head +
    list +
    table(
      [
        rt(lang, 'factor'),
        rt(lang, 'type'),
        rt(lang, 'effect'),
        rt(lang, 'period'),
        rt(lang, 'lines'),
      ],
      trs,
      undefined,
      'data',
      2,
    )
  );
}
