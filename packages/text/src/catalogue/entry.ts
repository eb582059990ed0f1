/** One entry of the catalogue: the same words in Norwegian bokmål and English. */
export interface CatalogueEntry {
  readonly nb: string;
  readonly en: string;
}

/** A part of the catalogue (one area of the product). */
export type CataloguePart = Readonly<Record<string, CatalogueEntry>>;
