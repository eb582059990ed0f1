import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import SlowFirstSequencer from './test/slow-first-sequencer.js';

const src = (p: string) => fileURLToPath(new URL(p, import.meta.url));

const INCLUDE = ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts', 'examples/**/*.test.ts'];
// The demo-scale report check builds a demo and renders every report (about ten minutes on two
// cores): it runs with `pnpm test:report-demo`, not in the default suite.
const EXCLUDE = [
  '**/node_modules/**',
  ...(process.env['FELLES_REPORT_DEMO'] === '1' ? [] : ['test/report-demo.test.ts']),
];
const ISOLATED = ['packages/core/test/export.test.ts'];

export default defineConfig({
  resolve: {
    alias: {
      '@felles/text': src('./packages/text/src/index.ts'),
      '@felles/core': src('./packages/core/src/index.ts'),
      '@felles/charts': src('./packages/charts/src/index.ts'),
      '@felles/pipelines': src('./packages/pipelines/src/index.ts'),
    },
  },
  test: {
    // Test files share their worker process: each file has its own module scope, but the modules
    // it imports (core, DuckDB, the CLI) are loaded once per worker, not once per file, which cost
    // more CPU than many files' tests. Per-file clean-up is in test/per-file-setup.ts. Files that
    // check process-wide state another file may have changed run in a process of their own
    // (ISOLATED: export.test.ts lists every registered export path, and the report registers one).
    projects: [
      { extends: true, test: { name: 'isolated', include: ISOLATED, isolate: true } },
      {
        extends: true,
        test: {
          name: 'shared',
          include: INCLUDE,
          exclude: [...EXCLUDE, ...ISOLATED],
          isolate: false,
        },
      },
    ],
    exclude: EXCLUDE,
    setupFiles: ['./test/per-file-setup.ts'],
    sequence: { sequencer: SlowFirstSequencer },
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two files at a time even on a 2-core machine (vitest's default there is one): most files
    // spend much of their time loading modules and in single-threaded JavaScript, so a second
    // file fills the other core. More cores: one file per core but one.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    reporters: ['default', './test/summary-reporter.ts'],
    env: { TZ: 'UTC' },
  },
});
