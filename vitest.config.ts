import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (p: string) => fileURLToPath(new URL(p, import.meta.url));

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
    include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts', 'examples/**/*.test.ts'],
    // The demo-scale report check builds a demo and renders every report (about ten minutes on
    // two cores): it runs with `pnpm test:report-demo`, not in the default suite.
    exclude: [
      '**/node_modules/**',
      ...(process.env['FELLES_REPORT_DEMO'] === '1' ? [] : ['test/report-demo.test.ts']),
    ],
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
