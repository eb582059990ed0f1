/**
 * The public API of each package is its `src/index.ts`, and every export there says what it is
 * for (TSDoc). Core's own white-box tests reach its internals through `src/internal.ts`, which
 * the package does not export.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Exports of a package's entry point that have no documentation comment. */
function undocumented(pkg: string): { names: number; missing: string[] } {
  const dir = join(root, 'packages', pkg);
  const parsed = ts.getParsedCommandLineOfConfigFile(
    join(dir, 'tsconfig.json'),
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined },
  )!;
  const program = ts.createProgram(parsed.fileNames, { ...parsed.options, noEmit: true });
  const checker = program.getTypeChecker();
  const entry = program.getSourceFile(join(dir, 'src', 'index.ts'))!;
  const exports = checker.getExportsOfModule(checker.getSymbolAtLocation(entry)!);
  const missing: string[] = [];
  for (const sym of exports) {
    const target = sym.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(sym) : sym;
    if (target.flags & ts.SymbolFlags.ValueModule) continue; // a namespace such as `sql`
    const decl = target.declarations?.[0];
    if (!decl || decl.getSourceFile().fileName.includes('node_modules')) continue;
    const doc = ts.displayPartsToString(target.getDocumentationComment(checker)).trim();
    if (!doc) missing.push(`${sym.name} (${relative(root, decl.getSourceFile().fileName)})`);
  }
  return { names: exports.length, missing };
}

describe('public API', () => {
  for (const pkg of ['core', 'charts', 'pipelines']) {
    it(`every export of @felles/${pkg} is documented`, () => {
      const { names, missing } = undocumented(pkg);
      expect(names).toBeGreaterThan(10);
      expect(missing).toEqual([]);
    }, 120_000);
  }

  it('core exposes its public API only: internal.ts is not an entry point of the package', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'packages/core/package.json'), 'utf8')) as {
      exports: Record<string, unknown>;
    };
    expect(Object.keys(pkg.exports).sort()).toEqual(['.', './package.json']);
    const index = readFileSync(join(root, 'packages/core/src/index.ts'), 'utf8');
    expect(index).not.toMatch(/from '\.\/internal/);
    expect(index).not.toMatch(/export \* from '\.\/engines\//);
  });
});
