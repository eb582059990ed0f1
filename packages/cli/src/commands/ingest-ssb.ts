import type { Command } from 'commander';
import type { GlobalOptions } from '../context.js';

// TODO(issue 2): placeholder until the ingest-ssb command lands.
export function registerIngestSsb(_program: Command, _globals: () => GlobalOptions): void {}
