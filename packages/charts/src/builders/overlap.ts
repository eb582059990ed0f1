/**
 * Cohort overlap matrix: a heatmap where cell (row A, column B) is the share of A's persons
 * who are also in B, with the share printed in the cell. Suppressed cells are hatched grey and
 * labelled "skjult".
 */
import { finishFigure, langOf } from '../figure.js';
import { t } from '../labels.js';
import { hatchFill, splitHidden } from '../suppression.js';
import type { BaseChartOptions, ChartSpec, Suppressible } from '../types.js';
import {
  countHidden,
  HIDDEN_TEXT_MARK,
  hiddenTooltip,
  n,
  q,
  unique,
  wrapLabelExpr,
} from './common.js';

/** One cell of the overlap matrix. */
export interface OverlapRow extends Suppressible {
  /** The cohort whose persons are counted (matrix row). */
  rowGroup: string;
  /** The cohort they also belong to (matrix column). */
  colGroup: string;
  /** Persons in both; NULL when suppressed. */
  count: number | null;
  /** `count` / size of `rowGroup` (0–1); NULL when suppressed. */
  share: number | null;
}

/** Options of {@link overlapMatrixSpec}. */
export interface OverlapOptions extends BaseChartOptions {
  /** Order of groups on both axes (default order of first appearance). */
  groupOrder?: string[];
  /** d3 format of shares (default `.0%`). */
  shareFormat?: string;
  /** d3 format of counts (default `,`). */
  countFormat?: string;
}

/** Build the overlap heatmap. */
export function overlapMatrixSpec(rows: readonly OverlapRow[], opts: OverlapOptions): ChartSpec {
  const lang = langOf(opts);
  const sfmt = opts.shareFormat ?? '.0%';
  const cfmt = opts.countFormat ?? ',';
  const { shown, hidden } = splitHidden(rows, ['share'], lang, ['count']);
  const groups = opts.groupOrder ?? unique(rows.flatMap((r) => [r.rowGroup, r.colGroup]));
  const cell = 92;
  const width = opts.width ?? groups.length * cell;
  const height = opts.height ?? groups.length * (cell * 0.6);
  const x = {
    field: 'colGroup',
    type: 'nominal',
    title: t(lang, 'cohortB'),
    sort: groups,
    axis: {
      // Bottom: wrapped (multi-line) labels grow downward, away from the cells.
      orient: 'bottom',
      labelAngle: 0,
      labelLimit: cell * 1.6,
      labelExpr: wrapLabelExpr(groups, 16),
    },
  };
  const y = {
    field: 'rowGroup',
    type: 'nominal',
    title: t(lang, 'cohortA'),
    sort: groups,
    axis: { labelLimit: 260 },
  };
  const tooltip = [
    n('rowGroup', t(lang, 'cohortA')),
    n('colGroup', t(lang, 'cohortB')),
    q('share', t(lang, 'shareOfRow'), sfmt),
    q('count', t(lang, 'count'), cfmt),
  ];
  const layer: Record<string, unknown>[] = [
    {
      data: { values: shown },
      mark: { type: 'rect', stroke: '#ffffff', strokeWidth: 2 },
      encoding: {
        x,
        y,
        color: {
          field: 'share',
          type: 'quantitative',
          title: t(lang, 'shareOfRow'),
          scale: { scheme: 'blues', domain: [0, 1] },
          legend: { format: sfmt, gradientLength: 160 },
        },
        tooltip,
      },
    },
    {
      data: { values: shown },
      mark: { type: 'text', fontWeight: 600 },
      encoding: {
        x,
        y,
        text: { field: 'share', type: 'quantitative', format: sfmt },
        color: { condition: { test: 'datum.share > 0.55', value: '#ffffff' }, value: '#111111' },
      },
    },
  ];
  if (hidden.length > 0) {
    layer.push(
      {
        data: { values: hidden },
        mark: { type: 'rect', stroke: '#ffffff', strokeWidth: 2, fill: hatchFill() },
        encoding: {
          x,
          y,
          tooltip: hiddenTooltip(
            [n('rowGroup', t(lang, 'cohortA')), n('colGroup', t(lang, 'cohortB'))],
            t(lang, 'status'),
          ),
        },
      },
      {
        data: { values: hidden },
        mark: { ...HIDDEN_TEXT_MARK, color: '#222222', fontWeight: 600 },
        encoding: { x, y, text: { field: '_label' } },
      },
    );
  }
  const counts = countHidden(hidden);
  return finishFigure({
    kind: 'overlap-matrix',
    opts,
    body: { width, height, layer },
    defaultTitle: t(lang, 'overlapTitle'),
    figureWidth: width + 260,
    suppressedCells: counts.suppressed,
    missingCells: counts.missing,
    description: t(lang, 'overlapDescription'),
  });
}
