import type { Command } from 'commander';
import type { GlobalOptions } from '../context.js';

// TODO(issue 2): placeholder until the population command lands.
export function registerPopulation(_program: Command, _globals: () => GlobalOptions): void {}
