/**
 * Shared input types of the spec builders.
 *
 * These mirror the columns that core's disclosure module puts on every table it lets out
 * (`suppressed` flag, value NULL when suppressed). Charts import only types from core, so they
 * are declared here and kept structurally compatible.
 */
import type { TopLevelSpec } from 'vega-lite';

/** Language of labels, number formatting and captions. `nb` (bokmål) is the default. */
export type Lang = 'nb' | 'en';

/**
 * Why a cell was hidden by disclosure control. `none` = shown; `primary` = the count itself is
 * below the threshold; `secondary` = complementary suppression (hidden so that a primary cell
 * cannot be recovered from totals); `derived` = a rate/share computed from a hidden count.
 */
export type SuppressionFlag = 'none' | 'primary' | 'secondary' | 'derived';

/**
 * What every input row may carry. A row with `suppressed !== 'none'` must have its value(s)
 * NULL; the builders enforce this (they drop any value on a suppressed row) and draw the cell
 * as "skjult"/"suppressed", never as zero. A row with `suppressed` absent or `none` whose value
 * is NULL is drawn as "mangler"/"missing", also never as zero.
 */
export interface Suppressible {
  /** Disclosure-control flag; absent means `none`. */
  suppressed?: SuppressionFlag;
  /**
   * core's human-readable reason column (`suppression_reason`). Passed through, not drawn: the
   * figure shows its own short label in the figure's language.
   */
  suppression_reason?: string | null;
}

/** A definition (cohort, indicator, scenario, code list) named beside a figure. */
export interface DefinitionRef {
  /** Definition id, e.g. `ind.video_share`. */
  id: string;
  /** Definition version, e.g. `1.2.0`. */
  version: string;
}

/**
 * Provenance printed in the caption line of every figure.
 *
 * Caption: `Kilde: {source}. Periode: {period}. Metode: {method}. Definisjoner: {id} v{version}, …
 * Kjøring: {manifestId}.` (English: Source / Period / Method / Definitions / Run).
 */
export interface FigureMeta {
  /** Data source(s), e.g. `NPR, KPR; SSB tabell 07459`. */
  source: string;
  /** Period covered, e.g. `2020–2024`. */
  period: string;
  /** Statistical method, e.g. `Direkte standardisert, Norge 2024 som standard, Dobson 95 %`. */
  method?: string;
  /** Definitions whose ids and versions are printed. */
  definitions?: DefinitionRef[];
  /** Run manifest id (`runs/<id>/manifest.json`) that produced the numbers. */
  manifestId: string;
  /** Free-text note appended to the caption (e.g. a data-quality warning). */
  note?: string;
}

/** Options common to every builder. */
export interface BaseChartOptions {
  /** Language of labels and number formatting (default `nb`). */
  lang?: Lang;
  /** Provenance for the caption line. Required: every figure leaves with its provenance. */
  meta: FigureMeta;
  /** Figure title; each builder has a default. */
  title?: string;
  /** Subtitle under the title. */
  subtitle?: string;
  /** Width of the plotting area in px (builder default otherwise). */
  width?: number;
  /** Height of the plotting area in px (builder default otherwise). */
  height?: number;
  /**
   * Put the caption inside the figure (bottom, small grey text). Default true, so that a
   * standalone SVG/PNG carries its provenance. The caption is also in `spec.usermeta.felles`.
   */
  captionInFigure?: boolean;
}

/** What the builders put in `spec.usermeta.felles`, for the report assembler. */
export interface FigureUsermeta {
  /** Builder kind, e.g. `area-rates`. */
  kind: string;
  lang: Lang;
  title: string;
  /** The caption line (plain text). */
  caption: string;
  meta: FigureMeta;
  /** Number of cells drawn as suppressed / missing. */
  suppressedCells: number;
  missingCells: number;
}

/** A Vega-Lite spec produced by a builder (`usermeta.felles` always set). */
export type ChartSpec = TopLevelSpec & { usermeta: { felles: FigureUsermeta } };
