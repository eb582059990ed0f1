import type { Command } from 'commander';
import type { GlobalOptions } from '../context.js';

// Placeholder until the demo command lands.
export function registerDemo(_program: Command, _globals: () => GlobalOptions): void {}
