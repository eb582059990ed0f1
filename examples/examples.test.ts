import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

/** Run an example the way the README says: npx tsx --tsconfig examples/tsconfig.json examples/<name>. */
async function runExample(
  name: string,
  ...args: string[]
): Promise<{ stdout: string; stderr: string }> {
  return promisify(execFile)(
    TSX,
    ['--tsconfig', 'examples/tsconfig.json', `examples/${name}`, ...args],
    {
      cwd: ROOT,
      env: { ...process.env, TZ: 'UTC' },
      maxBuffer: 1 << 24,
    },
  );
}

describe('examples', () => {
  it('age-profile.ts loads SSB 07459 (2022) and prints Telemark’s age profile', async () => {
    const { stdout } = await runExample('age-profile.ts');
    // The reduced export in packages/core/test/fixtures/published (its SOURCES.md gives the sums).
    expect(stdout).toContain(
      'loaded 1,381,124 persons (2022) from table 07459; 636 cells reported, not loaded',
    );
    expect(stdout).toContain(
      'Helsefellesskapet Telemark: population 1 January 2022, 17 municipalities',
    );
    // Age groups add up to the total: 37,435 + 102,961 + 24,541 + 9,033 = 173,970.
    expect(stdout).toMatch(/0-19\s+19339\s+18096\s+37435\s+21\.5 %/);
    expect(stdout).toMatch(/80\+\s+3576\s+5457\s+9033\s+5\.2 %/);
    expect(stdout).toMatch(/Total\s+87219\s+86751\s+173970\s+100\.0 %/);
  });

  it('age-profile.ts reopens an existing workspace without loading twice', async () => {
    const ws = join(mkdtempSync(join(tmpdir(), 'felles-ex-')), 'ws');
    const fixture = join(ROOT, 'packages/core/test/fixtures/ssb/statbank-nb-utf8bom.csv');
    const first = await runExample(
      'age-profile.ts',
      '--workspace',
      ws,
      '--age-groups',
      '0-19,20+',
      fixture,
    );
    expect(first.stdout).toContain('loaded 1,816 persons (2023)');
    const second = await runExample(
      'age-profile.ts',
      '--workspace',
      ws,
      '--age-groups',
      '0-19,20+',
      fixture,
    );
    expect(second.stdout).not.toContain('loaded');
    expect(second.stdout).toMatch(/Total\s+921\s+895\s+1816/);
  });

  it('projection-growth.ts loads the Telemark projections; municipalities sum to the county', async () => {
    const { stdout } = await runExample('projection-growth.ts');
    expect(stdout).toContain('loaded table 14288, round 2024: 1710 cells, 2024–2050');
    expect(stdout).toContain('cells where the municipalities do not sum to the county: 0');
    expect(stdout).toMatch(/2024 MMMM 80\+\s+9610 →\s+17262/);
  });

  it('arrow-handoff.ts writes the summary as Arrow', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'felles-ex-')), 'x.arrow');
    const { stdout } = await runExample('arrow-handoff.ts', out);
    expect(stdout).toContain('rows: 9');
    expect(stdout).toContain('Total: 938');
    expect(stdout).toContain(`wrote ${out}`);
  });
});
