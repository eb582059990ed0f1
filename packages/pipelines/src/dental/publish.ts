/**
 * The dental analysis disclosed: every table of {@link dentalTableInputs} as one publication,
 * against what the workspace published before. A command that prints or writes the tables
 * records the publication (`felles dental`); the report adds the inputs to its own.
 */
import { DisclosureRun, Publication, Workspace } from '@felles/core';
import {
  dentalTableInputs,
  type DentalAnalysis,
  type DentalOptions,
  type DentalTables,
  type DentalTarget,
} from './analysis.js';

/** The order the dental tables are published in. */
export const DENTAL_TABLE_ORDER: ReadonlyArray<keyof DentalTables> = [
  'utilisation',
  'clinics',
  'caries',
  'recall',
  'crossSector',
  'groupCheck',
  'demand',
];

/**
 * Run the dental analysis and disclose its tables together. With a workspace they are disclosed
 * against its earlier publications; `publication` is then returned to be recorded by the caller
 * once the tables are printed or written. Without one (a bare database) they are disclosed on
 * their own.
 */
export async function dentalAnalysis(
  ws: DentalTarget | Workspace,
  options: DentalOptions = {},
): Promise<DentalAnalysis & { publication?: Publication }> {
  const res = await dentalTableInputs(ws, options);
  const th = {
    ...(options.threshold !== undefined ? { threshold: options.threshold } : {}),
    ...(options.allowBelowConvention !== undefined
      ? { allowBelowConvention: options.allowBelowConvention }
      : {}),
  };
  const pub = ws instanceof Workspace ? await Publication.open(ws, th) : undefined;
  const run = pub?.run ?? new DisclosureRun({ workspace: ws, ...th });
  const keys = DENTAL_TABLE_ORDER.filter((k) => res.inputs[k]);
  for (const k of keys) {
    const t = res.inputs[k]!;
    await run.add(t.input, t.schema, t.metadata ? { metadata: t.metadata } : {});
  }
  const sealed = pub ? await pub.seal() : await run.seal();
  const tables = Object.fromEntries(
    keys.map((k, i) => [k, sealed.tables[i]!]),
  ) as unknown as DentalTables;
  return {
    definition: res.definition,
    years: res.years,
    tables,
    warnings: res.warnings,
    ...(pub ? { publication: pub } : {}),
  };
}
