/**
 * What every section builder gets: the input, the community, the language, and a `figure()`
 * helper that renders a spec to inline SVG (and PNG) and records it.
 */
import {
  figureMetaFromManifest,
  inlineSvg,
  renderPng,
  renderSvg,
  type ChartSpec,
  type FigureMeta,
  type Lang,
} from '@felles/charts';
import { esc, slug } from './html.js';
import { rt } from './text.js';
import type {
  BuildReportOptions,
  ReportFigure,
  ReportHf,
  ReportInput,
  ReportRow,
  ReportTable,
} from './types.js';

/** Build state of one report. */
export class ReportContext {
  readonly figures: ReportFigure[] = [];

  constructor(
    readonly input: ReportInput,
    readonly hf: ReportHf,
    readonly lang: Lang,
    readonly options: BuildReportOptions,
  ) {}

  /** Short name of a community code (`NO` → Norge/Norway, unknown codes as they are). */
  areaName(code: unknown): string {
    const c = String(code);
    if (c === 'NO') return rt(this.lang, 'national');
    return this.input.hfs.find((h) => h.code === c)?.shortName ?? c;
  }

  /** Caption provenance from the report run's manifest. */
  meta(fields: {
    source: string;
    period: string;
    method?: string;
    note?: string;
    definitionIds?: string[];
  }): FigureMeta {
    const m = figureMetaFromManifest(
      {
        id: this.input.manifest.id,
        definitions: this.input.manifest.definitions ?? [],
        ssbTables: [],
      },
      fields.definitionIds ? fields : { ...fields, definitionIds: [] },
      this.lang,
    );
    return m;
  }

  /** Rows of a table (empty when the table is absent). */
  rows(t: ReportTable | undefined, where: (r: ReportRow) => boolean = () => true): ReportRow[] {
    return t ? t.rows.filter(where) : [];
  }

  /**
   * Render a figure and return its `<figure>` element: inline SVG with hover titles, ids
   * prefixed, and a note when cells were hidden.
   */
  async figure(key: string, spec: ChartSpec): Promise<string> {
    let id = `fig-${slug(key)}`;
    while (this.figures.some((f) => f.id === id)) id = `${id}-x`;
    const svg = await renderSvg(spec);
    const fig: ReportFigure = { id, title: spec.usermeta.felles.title, spec, svg };
    if (this.options.png) fig.png = await renderPng(svg, { scale: this.options.pngScale ?? 2 });
    this.figures.push(fig);
    const um = spec.usermeta.felles;
    const hidden = um.suppressedCells
      ? `<span class="hidden-note">${um.suppressedCells} ${esc(rt(this.lang, 'hiddenCells'))}.</span>`
      : '';
    return `<figure class="felles-figure" id="${id}" data-figure="${id}" data-kind="${esc(um.kind)}" data-suppressed-cells="${um.suppressedCells}">${inlineSvg(svg, { idPrefix: id })}<figcaption>${hidden}</figcaption></figure>`;
  }
}
