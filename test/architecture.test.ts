/**
 * The import rule of docs/architecture.md, checked on every test run: the layers of core, engines
 * apart, packages meeting through their entry points, no circles. The rules live in
 * .dependency-cruiser.cjs; the second test plants one violation of each kind in a scratch tree and
 * checks that the rules catch them, so a rule that stopped matching would fail here.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const config = require(join(root, '.dependency-cruiser.cjs')) as {
  forbidden: object[];
  options: Record<string, unknown>;
};

async function violations(baseDir: string, paths: string[]) {
  const { output } = await cruise(paths, {
    ...config.options,
    ruleSet: { forbidden: config.forbidden },
    baseDir,
    validate: true,
  } as never);
  const result = output as ICruiseResult;
  return result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
}

describe('the import rule', () => {
  it('holds for every source file of the five packages', async () => {
    const found = await violations(root, [
      'packages/text/src',
      'packages/core/src',
      'packages/charts/src',
      'packages/pipelines/src',
      'packages/cli/src',
    ]);
    expect(found).toEqual([]);
  }, 120_000);

  const scratch = mkdtempSync(join(tmpdir(), 'felles-arch-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  const put = (file: string, body: string) => {
    mkdirSync(dirname(join(scratch, file)), { recursive: true });
    writeFileSync(join(scratch, file), body);
  };

  it('catches each kind of wrong import', async () => {
    put('packages/core/src/index.ts', "export * from './kernel/db.js';\n");
    put(
      'packages/core/src/kernel/db.ts',
      "import { run } from '../engines/a/run.js';\nexport const db = run;\n",
    );
    put(
      'packages/core/src/engines/a/run.ts',
      "import { b } from '../b/run.js';\nexport const run = b;\n",
    );
    put('packages/core/src/engines/b/run.ts', 'export const b = 1;\n');
    put(
      'packages/core/src/stats/rate.ts',
      "import { t } from '../disclosure/table.js';\nexport const r = t;\n",
    );
    put('packages/core/src/disclosure/table.ts', 'export const t = 1;\n');
    put(
      'packages/core/src/loose.ts',
      "import { t } from './disclosure/table.js';\nexport const l = t;\n",
    );
    put(
      'packages/cli/src/main.ts',
      "import { r } from '../../core/src/stats/rate.js';\nexport const m = r;\n",
    );
    put(
      'packages/text/src/t.ts',
      "import { b } from '../../core/src/engines/b/run.js';\nexport const t = b;\n",
    );
    put('packages/charts/src/x.ts', "import { y } from './y.js';\nexport const x = () => y();\n");
    put('packages/charts/src/y.ts', "import { x } from './x.js';\nexport const y = () => x;\n");
    const found = await violations(scratch, ['packages']);
    const rules = new Set(found.map((f) => f.split(':')[0]));
    expect([...rules].sort()).toEqual(
      [
        'core-kernel-imports-inward',
        'core-root-is-the-entry-only',
        'core-stats-imports-inward',
        'engines-stay-apart',
        'no-circular',
        'packages-meet-through-entry-points',
        'text-imports-no-other-package',
      ].sort(),
    );
  }, 120_000);
});

describe('the command line', () => {
  it('runs no SQL of its own: every query is a function of core or pipelines (felles sql aside)', () => {
    const dir = join(root, 'packages/cli/src');
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter(
      (f) => f.endsWith('.ts') && f !== join('commands', 'sql.ts'),
    );
    expect(files.length).toBeGreaterThan(10);
    const queries = files.flatMap((f) =>
      readFileSync(join(dir, f), 'utf8')
        .split('\n')
        .map((line, i) => ({ where: `${f}:${i + 1}`, line }))
        .filter(({ line }) => /\bdb\.(all|one|value|exec|stream|arrow|run)\s*[<(]/.test(line)),
    );
    expect(queries.map((q) => q.where)).toEqual([]);
  });
});
