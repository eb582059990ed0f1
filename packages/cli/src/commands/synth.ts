import type { Command } from 'commander';
import type { GlobalOptions } from '../context.js';

// Placeholder until the synth command lands.
export function registerSynth(_program: Command, _globals: () => GlobalOptions): void {}
