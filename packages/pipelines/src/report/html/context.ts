/**
 * What every section builder gets: the input, the community, the language, the definitions'
 * texts in that language, and a `figure()` helper that renders a spec to inline SVG (and PNG),
 * records it, and — for an interactive figure — leaves its spec for the page's Vega runtime.
 */
import {
  figureMetaFromManifest,
  inlineSvg,
  specFieldNames,
  renderPng,
  renderSvg,
  type ChartSpec,
  type FigureMeta,
} from '@felles/charts';
import { hasText, localText, text, type Lang, type TextKey } from '@felles/text';
import type { DefinitionKind } from '../data/types.js';
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

/** An interactive figure: its Vega spec (compiled) goes into the page as JSON. */
export interface InteractiveFigure {
  id: string;
  /** The Vega spec, compiled from Vega-Lite at build time (`toVegaSpec`, which is async). */
  spec: Promise<unknown>;
}

/** Build state of one report. */
export class ReportContext {
  readonly figures: ReportFigure[] = [];
  readonly interactive: InteractiveFigure[] = [];

  constructor(
    readonly input: ReportInput,
    readonly hf: ReportHf,
    readonly lang: Lang,
    readonly options: BuildReportOptions,
  ) {}

  /** Short name of an area: a community, a municipality, `NO` → Norge/Norway. */
  areaName(code: unknown): string {
    const c = String(code);
    if (c === 'NO') return rt(this.lang, 'national');
    const h = this.input.hfs.find((x) => x.code === c);
    if (h) return h.shortName;
    for (const x of this.input.hfs) {
      const m = x.municipalities.find((y) => y.code === c);
      if (m) return m.name;
    }
    return c;
  }

  /** Title of a definition in the report's language (its id when it is not known). */
  defTitle(kind: DefinitionKind, id: string): string {
    const d = this.input.methods.definitions.find((x) => x.kind === kind && x.id === id);
    return d ? localText(d.title, this.lang) : id;
  }

  /** Label of a service line in the report's language (its id when not known). */
  lineLabel(id: unknown): string {
    const l = this.input.methods.serviceLines[String(id)];
    return l ? localText(l.label, this.lang) : String(id);
  }

  /** A unit code in words (`per_1000` → `per 1 000`; a service line's `stays` → `opphold`). */
  unit(code: string): string {
    const key = `unit.${code}`;
    return hasText(key) ? text(this.lang, key as TextKey) : code;
  }

  /** An indicator's unit in words (`per_1000` → `per 1 000`; `days` → `dager`, not `døgn`). */
  indicatorUnit(code: string): string {
    const key = `indicatorUnit.${code}`;
    return hasText(key) ? text(this.lang, key as TextKey) : this.unit(code);
  }

  /** Axis title of an indicator unit (`per_1000` → `Per 1 000 innbyggere`). */
  unitAxis(code: string): string {
    const key = `unitAxis.${code}`;
    return hasText(key) ? text(this.lang, key as TextKey) : this.unit(code);
  }

  /** Caption provenance from the report run's manifest. */
  meta(fields: {
    source: string;
    period: string;
    method?: string;
    note?: string;
    definitionIds?: string[];
  }): FigureMeta {
    return figureMetaFromManifest(
      {
        id: this.input.manifest.id,
        definitions: this.input.manifest.definitions ?? [],
        ssbTables: [],
      },
      fields.definitionIds ? fields : { ...fields, definitionIds: [] },
      this.lang,
    );
  }

  /** Rows of a table (empty when the table is absent). */
  rows(t: ReportTable | undefined, where: (r: ReportRow) => boolean = () => true): ReportRow[] {
    return t ? t.rows.filter(where) : [];
  }

  /** A unique figure id from a key. */
  figureId(key: string): string {
    let id = `fig-${slug(key)}`;
    while (this.figures.some((f) => f.id === id) || this.interactive.some((f) => f.id === id))
      id = `${id}-x`;
    return id;
  }

  /**
   * Render a figure and return its `<figure>` element: inline SVG with hover titles, ids
   * prefixed, and a note when cells were hidden. `cls` adds classes (e.g. `print-only`).
   */
  async figure(key: string, spec: ChartSpec, cls = ''): Promise<string> {
    const id = this.figureId(key);
    const svg = await renderSvg(spec);
    const fig: ReportFigure = { id, title: spec.usermeta.felles.title, spec, svg };
    if (this.options.png) fig.png = await renderPng(svg, { scale: this.options.pngScale ?? 2 });
    this.figures.push(fig);
    const um = spec.usermeta.felles;
    const hidden = um.suppressedCells
      ? `<span class="hidden-note">${um.suppressedCells} ${esc(rt(this.lang, 'hiddenCells'))}.</span>`
      : '';
    return `<figure class="felles-figure${cls ? ` ${cls}` : ''}" id="${id}" data-figure="${id}" data-kind="${esc(um.kind)}" data-suppressed-cells="${um.suppressedCells}">${inlineSvg(svg, { idPrefix: id, fields: specFieldNames(spec) })}<figcaption>${hidden}</figcaption></figure>`;
  }
}
