import type { Command } from 'commander';
import type { GlobalOptions } from '../context.js';

// Placeholder until the population command lands.
export function registerPopulation(_program: Command, _globals: () => GlobalOptions): void {}
