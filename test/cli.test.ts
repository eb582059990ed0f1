/**
 * End-to-end tests of the BUILT command line (`packages/cli/bin/felles.js`, run by `pnpm test`
 * after `tsc -b`): what a user types, what they see, and the exit codes of docs/architecture.md
 * (0 ok, 1 unexpected, 2 usage, 3 bad input data, 4 a check failed).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'packages/cli/bin/felles.js');
const published = join(root, 'packages/core/test/fixtures/published');
const registryFixtures = join(root, 'packages/core/test/fixtures/registry');

function felles(args: string[], opts: { cwd?: string } = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: opts.cwd ?? root,
    encoding: 'utf8',
    env: { ...process.env, TZ: 'UTC', CI: 'true', FELLES_WORKSPACE: '' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('felles CLI (built)', () => {
  let ws: string;

  beforeAll(() => {
    expect(existsSync(bin), 'run `pnpm build` first').toBe(true);
    ws = join(mkdtempSync(join(tmpdir(), 'felles-e2e-')), 'ws');
    const init = felles(['init', ws]);
    expect(init.code, init.stderr).toBe(0);
  });

  it('--help lists every command with examples; unknown commands are usage errors (2)', () => {
    const help = felles(['--help']);
    expect(help.code).toBe(0);
    for (const c of [
      'init',
      'ingest',
      'geo',
      'population',
      'sql',
      'cohorts',
      'project',
      'synth',
      'demo',
      'validate',
    ]) {
      expect(help.stdout).toMatch(new RegExp(`^  ${c}\\b`, 'm'));
    }
    expect(help.stdout).toContain('Examples:');
    const sub = felles(['ingest', 'npr', '--help']);
    expect(sub.code).toBe(0);
    const bad = felles(['no-such-command']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("unknown command 'no-such-command'");
  });

  it('a workspace that does not exist is a usage error (2), not a stack trace', () => {
    const r = felles(['-w', join(tmpdir(), 'felles-no-such-ws'), 'sql', 'SELECT 1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^felles: error: no workspace at .*felles init/m);
    expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });

  it('init loads the geography: 357 municipalities, 19 helsefellesskap, and writes a manifest', () => {
    const r = felles([
      '-w',
      ws,
      '--json',
      'sql',
      'SELECT (SELECT count(*) FROM municipality) AS m, (SELECT count(*) FROM helsefellesskap) AS h',
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([{ m: 357, h: 19 }]);
    expect(readdirSync(join(ws, 'runs')).length).toBeGreaterThanOrEqual(1);
  });

  it('geo resolves the chain 0104 → 3103 and the split of 1507', () => {
    const moss = felles(['-w', ws, '--json', 'geo', '0104']);
    expect(moss.code).toBe(0);
    expect(moss.stdout).toContain('3103');
    const alesund = felles(['-w', ws, 'geo', '1507']);
    expect(alesund.code).toBe(0);
    expect(alesund.stdout).toMatch(/1508/);
    expect(alesund.stdout).toMatch(/1580/);
    const unknown = felles(['-w', ws, 'geo', 'Atlantis']);
    expect(unknown.code).toBe(2);
  });

  it('ingests the real SSB 2022 export (Latin-1 StatBank CSV) to 1,381,124 persons and summarises a community', () => {
    // SSB 07459 reduced to 30 municipalities and the K- rows (fixtures/published/SOURCES.md).
    const file = join(published, '07459_by_sex_age_2022_reduced.csv');
    const r = felles(['-w', ws, '--quiet', 'ingest', 'population', file]);
    expect(r.code, r.stderr).toBe(0);
    const total = felles([
      '-w',
      ws,
      '--json',
      'sql',
      'SELECT sum(population) AS n FROM population WHERE year = 2022',
    ]);
    expect(JSON.parse(total.stdout)).toEqual([{ n: 1381124 }]);

    // Loading the same file again is refused (nothing doubles).
    const again = felles(['-w', ws, '--quiet', 'ingest', 'population', file]);
    expect(again.code).not.toBe(0);
    const still = felles([
      '-w',
      ws,
      '--json',
      'sql',
      'SELECT sum(population) AS n FROM population WHERE year = 2022',
    ]);
    expect(JSON.parse(still.stdout)).toEqual([{ n: 1381124 }]);

    const pop = felles(['-w', ws, '--json', 'population', '--hf', 'telemark', '--year', '2022']);
    expect(pop.code, pop.stderr).toBe(0);
    expect(pop.stdout).toContain('173970');
  });

  it('bad input data exits 3 with file, line, column and value, and leaves the workspace unchanged', () => {
    const dir = mkdtempSync(join(tmpdir(), 'felles-bad-'));
    const bad = join(dir, 'bad.csv');
    writeFileSync(
      bad,
      '"07459: Population, by region, sex, age, contents and year"\r\n\r\n"region";"sex";"age";"Persons 2021"\r\n' +
        '"K-3001 Halden";"Males";"0 years";139\r\n"K-3001 Halden";"Males";"1 year";-5\r\n',
    );
    const before = felles([
      '-w',
      ws,
      '--json',
      'sql',
      'SELECT count(*) AS n FROM population',
    ]).stdout;
    const r = felles(['-w', ws, 'ingest', 'population', bad]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('bad.csv:5');
    expect(r.stderr).toContain('-5');
    expect(felles(['-w', ws, '--json', 'sql', 'SELECT count(*) AS n FROM population']).stdout).toBe(
      before,
    );
    const manifests = readdirSync(join(ws, 'runs')).map((id) =>
      JSON.parse(readFileSync(join(ws, 'runs', id, 'manifest.json'), 'utf8')),
    );
    expect(
      manifests.some((m) => m.status === 'failed' && m.command.startsWith('ingest population')),
    ).toBe(true);
  });

  it('registry extracts: NPR fixture loads with a reconciliation, sql is read-only', () => {
    const r = felles(['-w', ws, '--json', 'ingest', 'npr', join(registryFixtures, 'npr.csv')]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    const files = out.files ?? out.result?.files;
    expect(files[0].rowsRead).toBe(files[0].rowsLoaded + files[0].rowsRejected);
    const write = felles(['-w', ws, 'sql', 'DELETE FROM specialist_episode']);
    expect(write.code).toBe(2);
    expect(
      felles(['-w', ws, '--json', 'sql', 'SELECT count(*) AS n FROM specialist_episode']).stdout,
    ).toContain(String(files[0].rowsLoaded));
  });
});
