import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The slowest test files, slowest first (seconds of test time in a full run on a loaded two-core
 * machine). Vitest's own order puts files it has no timings for by size, so on a fresh clone a
 * short file that runs for a minute would start last and leave one worker running it alone.
 */
export const SLOW_FILES: readonly string[] = [
  'packages/core/test/indicator-export.test.ts', // 79
  'packages/core/test/risk-benefit.test.ts', // 78
  'packages/core/test/xlsx-libreoffice.test.ts', // 72
  'packages/core/test/synth-calibration.test.ts', // 70
  'packages/core/test/synth.test.ts', // 68
  'packages/core/test/intake-matrix.test.ts', // 49
  'test/report-browser.test.ts', // 43
  'packages/core/test/disclosure-property-b.test.ts', // 40
  'packages/core/test/disclosure-outputs.test.ts', // 38
  'test/report-reuse.test.ts', // 35
  'packages/core/test/indicator.test.ts', // 34
  'packages/core/test/projection-determinism.test.ts', // 34
  'packages/core/test/disclosure-property.test.ts', // 31
  'packages/core/test/intake-faults.test.ts', // 25
  'test/cli.test.ts', // 24
  'test/safety-cli.test.ts', // 23
  'packages/core/test/projection.test.ts', // 22
  'examples/examples.test.ts', // 20
];

/**
 * Starts the files of {@link SLOW_FILES} first, in that order; the others follow in vitest's
 * order (longest first by the timings of the last run, else largest first).
 */
export default class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const root = this.ctx.config.root.replace(/\/?$/, '/');
    const rank = (f: TestSpecification) => {
      const i = SLOW_FILES.indexOf(f.moduleId.replace(root, ''));
      return i === -1 ? SLOW_FILES.length : i;
    };
    return sorted
      .map((f, i) => ({ f, i, r: rank(f) }))
      .sort((a, b) => a.r - b.r || a.i - b.i)
      .map((x) => x.f);
  }
}
