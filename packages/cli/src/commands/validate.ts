import type { Command } from 'commander';
import type { GlobalOptions } from '../context.js';

// Placeholder until the validate command lands.
export function registerValidate(_program: Command, _globals: () => GlobalOptions): void {}
