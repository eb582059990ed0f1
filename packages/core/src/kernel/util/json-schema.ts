import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Ajv as AjvClass, ValidateFunction } from 'ajv';

/** One way a JSON value breaks its schema. */
export interface SchemaProblem {
  /** JSON pointer of the offending value (`/` for the root). */
  path: string;
  /** What is wrong, naming an unexpected property (`must NOT have additional properties "x"`). */
  message: string;
  /** The schema keyword that failed (`required`, `enum`, `additionalProperties`, …). */
  keyword: string;
}

const compiled = new Map<string, ValidateFunction>();
/** Ajv, required when the first schema is compiled: most commands read no definition file. */
let ajvClass: typeof AjvClass | undefined;

/**
 * The one JSON Schema validator of felles (Ajv, all errors, not strict about unknown keywords),
 * compiled once per schema file. Every JSON definition felles reads — ingest profiles, cohort,
 * indicator, projection and dental definitions — is checked through it.
 */
export function schemaProblems(schemaFile: string, value: unknown): SchemaProblem[] {
  let v = compiled.get(schemaFile);
  if (!v) {
    ajvClass ??= (createRequire(import.meta.url)('ajv') as { Ajv: typeof AjvClass }).Ajv;
    const ajv = new ajvClass({ allErrors: true, strict: false });
    v = ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8')) as object);
    compiled.set(schemaFile, v);
  }
  if (v(value)) return [];
  return (v.errors ?? []).map((e) => ({
    path: e.instancePath || '/',
    message: `${e.message ?? 'is invalid'}${
      e.keyword === 'additionalProperties'
        ? ` "${String((e.params as { additionalProperty?: string }).additionalProperty)}"`
        : ''
    }`,
    keyword: e.keyword,
  }));
}

/**
 * The informative problems only: Ajv also reports the `if` of a failed `if`/`then` and a `oneOf`
 * that failed because one of its branches did, which repeat what the others say; duplicates go too.
 */
export function informativeProblems(problems: SchemaProblem[]): SchemaProblem[] {
  const seen = new Set<string>();
  const out: SchemaProblem[] = [];
  for (const p of problems) {
    if (p.keyword === 'if' || (p.keyword === 'oneOf' && problems.length > 1)) continue;
    const key = `${p.path}|${p.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(p);
  }
  return out;
}

/** `path message; path message; …` for a one-line error (at most `max` problems). */
export function describeProblems(problems: SchemaProblem[], max = 5): string {
  return problems
    .slice(0, max)
    .map((p) => `${p.path} ${p.message}`)
    .join('; ');
}
