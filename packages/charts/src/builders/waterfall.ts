/**
 * Decomposition waterfall: a start total, the contributions that change it (population growth,
 * ageing, changed rates, …) as floating bars, and the end total.
 */
import { finishFigure, langOf } from '../figure.js';
import { t } from '../labels.js';
import { splitHidden } from '../suppression.js';
import { ROLE_COLORS } from '../theme.js';
import type { BaseChartOptions, ChartSpec, Suppressible } from '../types.js';
import { countHidden, HIDDEN_TEXT_MARK, hiddenTooltip, n, q, wrapLabelExpr } from './common.js';

/** One step of the decomposition, in drawing order. */
export interface WaterfallRow extends Suppressible {
  label: string;
  /** `start` and `end` are totals drawn from zero; `change` floats on the running total. */
  kind: 'start' | 'change' | 'end';
  /** Total (start/end) or signed contribution (change); NULL when suppressed/missing. */
  value: number | null;
}

/** Options of {@link waterfallSpec}. */
export interface WaterfallOptions extends BaseChartOptions {
  valueTitle?: string;
  /** d3 format of totals (default `,.0f`); changes get a sign. */
  valueFormat?: string;
}

interface Step {
  label: string;
  kind: WaterfallRow['kind'];
  value: number;
  _from: number;
  _to: number;
  _role: string;
  _text: number;
}

/**
 * Build the waterfall. The running total is computed forward from the start; after a hidden
 * change it is recomputed backward from the end total (when shown), so steps after the hidden
 * one are still placed correctly. A change that can be placed neither way is shown as hidden
 * ("skjult") too, with reason "derived", rather than at a guessed height.
 */
export function waterfallSpec(rows: readonly WaterfallRow[], opts: WaterfallOptions): ChartSpec {
  const lang = langOf(opts);
  const fmt = opts.valueFormat ?? ',.0f';
  const signed = fmt.startsWith('+') ? fmt : `+${fmt}`;
  const valueTitle = opts.valueTitle ?? t(lang, 'value');
  const order = rows.map((r) => r.label);
  const { hidden } = splitHidden(rows, ['value'], lang);
  const isHidden = new Set(hidden.map((h) => h.label));
  const pos = placeSteps(rows, isHidden);
  const steps: Step[] = [];
  const unplaced: WaterfallRow[] = [];
  for (const r of rows) {
    const p = pos.get(r.label);
    if (isHidden.has(r.label)) continue;
    if (!p) {
      unplaced.push({ ...r, value: null, suppressed: 'derived' });
      continue;
    }
    const v = r.value as number;
    const role =
      r.kind !== 'change' ? t(lang, 'total') : v >= 0 ? t(lang, 'increase') : t(lang, 'decrease');
    steps.push({
      label: r.label,
      kind: r.kind,
      value: v,
      _from: p.from,
      _to: p.to,
      _role: role,
      _text: v,
    });
  }
  const hiddenAll = [...hidden, ...splitHidden(unplaced, ['value'], lang).hidden];
  const xEnc = {
    field: 'label',
    type: 'nominal',
    title: null,
    sort: order,
    axis: { labelAngle: 0, labelLimit: 160, labelExpr: wrapLabelExpr(order, 14) },
  };
  const color = {
    field: '_role',
    type: 'nominal',
    title: null,
    scale: {
      domain: [t(lang, 'total'), t(lang, 'increase'), t(lang, 'decrease')],
      range: [ROLE_COLORS.total, ROLE_COLORS.increase, ROLE_COLORS.decrease],
    },
  };
  const y = { field: '_from', type: 'quantitative', title: valueTitle, axis: { format: fmt } };
  const width = opts.width ?? Math.max(420, rows.length * 90);
  const height = opts.height ?? 300;
  const tooltip = [n('label', t(lang, 'component')), q('value', valueTitle, fmt)];
  const layer: Record<string, unknown>[] = [
    {
      data: { values: steps },
      mark: { type: 'bar', width: { band: 0.7 } },
      encoding: { x: xEnc, y, y2: { field: '_to' }, color, tooltip },
    },
    {
      data: { values: steps.map((s) => ({ ...s, _top: Math.max(s._from, s._to) })) },
      mark: { type: 'text', baseline: 'bottom', dy: -3, fontWeight: 600 },
      encoding: {
        x: xEnc,
        y: { field: '_top', type: 'quantitative' },
        text: {
          value: {
            expr: `datum.kind === 'change' ? format(datum._text, '${signed}') : format(datum._text, '${fmt}')`,
          },
        },
      },
    },
  ];
  if (hiddenAll.length > 0) {
    layer.push({
      data: { values: hiddenAll },
      mark: { ...HIDDEN_TEXT_MARK, baseline: 'bottom', dy: -3 },
      encoding: {
        x: xEnc,
        y: { value: height },
        text: { field: '_label' },
        tooltip: hiddenTooltip([n('label', t(lang, 'component'))], t(lang, 'status')),
      },
    });
  }
  const counts = countHidden(hiddenAll);
  return finishFigure({
    kind: 'waterfall',
    opts,
    body: { width, height, layer },
    defaultTitle: valueTitle,
    figureWidth: width + 70,
    suppressedCells: counts.suppressed,
    missingCells: counts.missing,
    description: t(lang, 'waterfallDescription', { value: valueTitle }),
  });
}

/**
 * Where each shown bar starts and ends: totals from zero, changes from the running total of a
 * forward pass, or, after a hidden change, backward from the end total.
 */
function placeSteps(
  rows: readonly WaterfallRow[],
  isHidden: ReadonlySet<string>,
): Map<string, { from: number; to: number }> {
  const pos = new Map<string, { from: number; to: number }>();
  // Forward pass.
  let run: number | null = null;
  for (const r of rows) {
    if (isHidden.has(r.label)) {
      if (r.kind !== 'end') run = null;
      continue;
    }
    const v = r.value as number;
    if (r.kind === 'change') {
      if (run != null) {
        pos.set(r.label, { from: run, to: run + v });
        run += v;
      }
    } else {
      pos.set(r.label, { from: 0, to: v });
      run = v;
    }
  }
  // Backward pass from the end total.
  let back: number | null = null;
  for (const r of [...rows].reverse()) {
    if (isHidden.has(r.label)) {
      back = null;
      continue;
    }
    const v = r.value as number;
    if (r.kind === 'change') {
      if (back != null) {
        if (!pos.has(r.label)) pos.set(r.label, { from: back - v, to: back });
        back -= v;
      }
    } else {
      back = v;
    }
  }
  return pos;
}
