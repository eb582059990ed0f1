import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../../kernel/errors.js';
import { describeProblems, schemaProblems } from '../../kernel/util/json-schema.js';
import { DEFINITIONS_DIR } from '../../kernel/util/paths.js';

/** The extract kinds `ingestRegistry` understands (docs/extract-formats.md). */
export const REGISTRY_KINDS = [
  'npr',
  'npr-time',
  'kpr-claims',
  'kpr-services',
  'iplos-function',
  'dental',
  'link',
] as const;
/** A kind of registry extract felles reads (`felles ingest <kind>`). */
export type RegistryKind = (typeof REGISTRY_KINDS)[number];

/** One input file role of a kind (e.g. the `bills` file of `kpr-claims`). */
export interface ProfileFile {
  role: string;
  /** Native column name → facts; `required` columns must be present. */
  columns: Record<string, { required?: boolean; description?: string; maxLength?: number }>;
  /** Regular expressions for variable column sets (e.g. `tilstand_\d+_\d+`) → description. */
  columnPatterns?: Record<string, string>;
}

/** A mapping profile (definitions/ingest/profile.schema.json). */
export interface MappingProfile {
  id: string;
  version: string;
  kind: RegistryKind;
  extends?: string;
  description?: string;
  files?: ProfileFile[];
  /** Native column name → the column's name in the file (case-insensitive). */
  rename?: Record<string, string>;
  /** Native column name → { raw value: native value }. */
  recode?: Record<string, Record<string, string | null>>;
  delimiter?: ';' | ',' | '\t' | '|';
  encoding?: 'utf-8' | 'latin-1' | 'auto';
}

/** A profile merged over its built-in base: `files` always present. */
export interface ResolvedProfile extends MappingProfile {
  files: ProfileFile[];
  rename: Record<string, string>;
  recode: Record<string, Record<string, string | null>>;
}

/** Folder of the built-in profiles and the profile JSON Schema. */
export const PROFILES_DIR = join(DEFINITIONS_DIR, 'ingest', 'profiles');
export const PROFILE_SCHEMA_FILE = join(DEFINITIONS_DIR, 'ingest', 'profile.schema.json');

function validateProfile(data: unknown, source: string): MappingProfile {
  const problems = schemaProblems(PROFILE_SCHEMA_FILE, data);
  if (problems.length) {
    throw new UsageError(
      'BAD_PROFILE',
      `mapping profile ${source} does not follow the profile schema: ${describeProblems(problems, problems.length)}`,
      { file: source },
    );
  }
  return data as MappingProfile;
}

/** The built-in profile of a kind. */
export function builtinProfile(kind: RegistryKind): ResolvedProfile {
  const file = join(PROFILES_DIR, `${kind}.json`);
  const p = validateProfile(JSON.parse(readFileSync(file, 'utf8')), file);
  return { ...p, files: p.files ?? [], rename: p.rename ?? {}, recode: p.recode ?? {} };
}

/**
 * Resolve the profile to use for a kind: the built-in one, or a user profile (a path to a JSON
 * file, or an object) merged over the built-in profile it extends. Throws `UsageError` when the
 * file is missing, not JSON, does not follow the schema or is for another kind.
 */
export function resolveProfile(
  kind: RegistryKind,
  profile?: string | MappingProfile,
): ResolvedProfile {
  if (profile === undefined) return builtinProfile(kind);
  let data: unknown = profile;
  let source = 'given as an object';
  if (typeof profile === 'string') {
    source = profile;
    if (!existsSync(profile))
      throw new UsageError('PROFILE_NOT_FOUND', `mapping profile not found: ${profile}`, {
        file: profile,
      });
    try {
      data = JSON.parse(readFileSync(profile, 'utf8'));
    } catch (e) {
      throw new UsageError(
        'BAD_PROFILE',
        `mapping profile ${profile} is not valid JSON: ${(e as Error).message}`,
        { file: profile },
      );
    }
  }
  const p = validateProfile(data, source);
  if (p.kind !== kind) {
    throw new UsageError(
      'PROFILE_KIND',
      `mapping profile ${source} is for "${p.kind}", not "${kind}"`,
      { file: source },
    );
  }
  const baseKind = (p.extends ?? kind) as RegistryKind;
  if (!(REGISTRY_KINDS as readonly string[]).includes(baseKind)) {
    throw new UsageError(
      'BAD_PROFILE',
      `mapping profile ${source} extends unknown profile "${baseKind}"`,
      { file: source },
    );
  }
  const base = builtinProfile(baseKind);
  return {
    ...base,
    ...p,
    files: p.files ?? base.files,
    rename: { ...base.rename, ...(p.rename ?? {}) },
    recode: { ...base.recode, ...(p.recode ?? {}) },
  };
}
