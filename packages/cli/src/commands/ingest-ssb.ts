import type { Command } from 'commander';
import type { GlobalOptions } from '../context.js';

// Placeholder until the ingest-ssb command lands.
export function registerIngestSsb(_program: Command, _globals: () => GlobalOptions): void {}
