import type { LoadContext, LoadCounts, StagedInput } from './context.js';
import { loadClaims } from './load-claims.js';
import { loadDental } from './load-dental.js';
import { loadIplos } from './load-iplos.js';
import { loadLink } from './load-link.js';
import { loadNpr } from './load-npr.js';
import { loadNprTime } from './npr-time.js';
import { loadServices } from './load-services.js';
import type { RegistryKind } from './profile.js';

type PerFile = (ctx: LoadContext, f: StagedInput) => Promise<LoadCounts>;

/** The loader of each kind that loads its files one by one (kpr-claims loads its set as one). */
const PER_FILE: Record<Exclude<RegistryKind, 'kpr-claims'>, PerFile> = {
  npr: loadNpr,
  'npr-time': loadNprTime,
  'kpr-services': loadServices,
  'iplos-function': loadIplos,
  dental: loadDental,
  link: loadLink,
};

/** Validate, normalise and load the staged files of one kind; counts per file. */
export async function loadKind(ctx: LoadContext, staged: StagedInput[]): Promise<LoadCounts[]> {
  if (ctx.kind === 'kpr-claims') return loadClaims(ctx, staged);
  const load = PER_FILE[ctx.kind];
  const counts: LoadCounts[] = [];
  for (const s of staged) counts.push(await load(ctx, s));
  return counts;
}
