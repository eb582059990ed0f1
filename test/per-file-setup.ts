/**
 * Run before every test file (vitest.config.ts `setupFiles`), also when files share a worker
 * process. Registered first, its `afterAll` runs after the file's own (`sequence.hooks: 'stack'`).
 */
import { afterAll } from 'vitest';
import { removeTempDirs } from './temp-dirs.js';

afterAll(removeTempDirs);
