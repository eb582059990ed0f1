import type { Db } from '../db.js';
import type { ProgressFn } from '../util/progress.js';
import type { ResolvedSynthOptions } from './options.js';
import type { SynthFile } from './generate.js';

/** Placeholder: the demo projection is written by the next layer. */
export async function writeDemoProjection(_db: Db, _out: string, _o: ResolvedSynthOptions, _p: ProgressFn): Promise<SynthFile | null> {
  return null;
}
