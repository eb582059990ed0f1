import type { Command } from 'commander';
import type { GlobalOptions } from '../context.js';

// Placeholder until the ingest-registry command lands.
export function registerIngestRegistry(_program: Command, _globals: () => GlobalOptions): void {}
