import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Workspace } from '../src/workspace/index.js';

/**
 * SSB's published exports, reduced to what the tests need (whole lines kept byte for byte), and
 * csdata extracts of SSB table 07459: see `fixtures/published/SOURCES.md`.
 */
export const PUBLISHED = fileURLToPath(new URL('./fixtures/published/', import.meta.url));
/** This package's SSB fixtures. */
export const FIX = fileURLToPath(new URL('./fixtures/ssb/', import.meta.url));

/** A new workspace in a fresh temporary folder (geography loaded by init). */
export async function newWorkspace(): Promise<Workspace> {
  return Workspace.init(join(mkdtempSync(join(tmpdir(), 'felles-ssb-')), 'ws'));
}

/** A fresh temporary folder for generated input files. */
export function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'felles-ssb-in-'));
}
