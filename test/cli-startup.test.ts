import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { COMMAND_NAMES, commandInArgs } from '../packages/cli/src/commands/index.js';
import { buildProgram } from '../packages/cli/src/program.js';

const bin = resolve(import.meta.dirname, '../packages/cli/bin/felles.js');
const argv = (...a: string[]) => ['node', 'felles', ...a];

describe('the command line loads only the command that runs', () => {
  it('finds the command the way commander does', () => {
    expect(commandInArgs(argv('sql', 'SELECT 1'))).toBe('sql');
    expect(commandInArgs(argv('-w', 'sql', 'init'))).toBe('init');
    expect(commandInArgs(argv('--workspace', 'report', '-q', 'report', '--hf', 'all'))).toBe(
      'report',
    );
    expect(commandInArgs(argv('-qw', 'geo', '--json', 'geo', '0301'))).toBe('geo');
    expect(commandInArgs(argv('--json', 'ingest', 'npr', 'a.csv'))).toBe('ingest');
    expect(commandInArgs(argv('help', 'cohorts'))).toBe('cohorts');
    expect(commandInArgs(argv('help'))).toBeNull();
    expect(commandInArgs(argv('--help'))).toBeNull();
    expect(commandInArgs(argv('--version'))).toBeNull();
    expect(commandInArgs(argv('no-such-command'))).toBeNull();
    expect(commandInArgs(argv('--', 'sql'))).toBeNull();
  });

  it('felles --help with every command loaded and with none loaded is the same text', async () => {
    const full = await buildProgram();
    const lazy = await buildProgram(argv('--help'));
    expect(lazy.commands.map((c) => c.name())).toEqual([...COMMAND_NAMES]);
    expect(full.commands.map((c) => c.name())).toEqual([...COMMAND_NAMES]);
    expect(lazy.helpInformation()).toBe(full.helpInformation());
    // One command in full, the others by name: still the same list.
    const one = await buildProgram(argv('sql', 'SELECT 1'));
    expect(one.helpInformation()).toBe(full.helpInformation());
    expect(one.commands.find((c) => c.name() === 'sql')?.options.map((o) => o.long)).toEqual([
      '--limit',
    ]);
  });

  describe('modules loaded by the built command line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'felles-startup-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    // A module-loader hook that names every module loaded from felles' own packages.
    const hooks = join(dir, 'hooks.mjs');
    writeFileSync(
      hooks,
      `export async function load(url, context, next) {
  const m = /packages\\/(core|charts|pipelines)\\/dist\\//.exec(url);
  if (m) process._rawDebug('@@loaded ' + m[1]);
  if (/node_modules\\/.*(duckdb|exceljs|vega|ajv|apache-arrow)/.test(url)) process._rawDebug('@@loaded dep');
  return next(url, context);
}\n`,
    );
    const register = join(dir, 'register.mjs');
    writeFileSync(
      register,
      `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`,
    );
    const loaded = (...args: string[]) => {
      const r = spawnSync(process.execPath, ['--import', register, bin, ...args], {
        encoding: 'utf8',
      });
      return {
        status: r.status,
        stdout: r.stdout,
        loaded: [...new Set(r.stderr.match(/(?<=@@loaded )\w+/g) ?? [])].sort(),
      };
    };

    it.runIf(existsSync(bin))('--version and --help load none of core, charts or pipelines', () => {
      const v = loaded('--version');
      expect(v.status).toBe(0);
      expect(v.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
      expect(v.loaded).toEqual([]);
      const h = loaded('--help');
      expect(h.status).toBe(0);
      expect(h.stdout).toContain('Commands:');
      expect(h.loaded).toEqual([]);
      const sub = loaded('sql', '--help');
      expect(sub.stdout).toContain('--limit');
      expect(sub.loaded).toEqual(['core']);
    });
  });
});
