import type { Command } from 'commander';
import type { GlobalOptions } from '../context.js';

// Placeholder until the geo command lands.
export function registerGeo(_program: Command, _globals: () => GlobalOptions): void {}
