import type { Command } from 'commander';
import type { GlobalOptions } from '../context.js';
import { registerInit } from './init.js';
import { registerSql } from './sql.js';
import { registerGeo } from './geo.js';
import { registerPopulation } from './population.js';
import { registerIngestSsb } from './ingest-ssb.js';

/** Every command module exports `register…(program, globals)`; this wires them in order. */
export function registerCommands(program: Command, globals: () => GlobalOptions): void {
  registerInit(program, globals);
  const ingest = program
    .command('ingest')
    .summary('load files into the workspace')
    .description('Load SSB population/projection files or registry extracts into the workspace. Each load is one transaction; every input row is loaded or rejected with a reason.');
  registerIngestSsb(ingest, globals);
  registerGeo(program, globals);
  registerPopulation(program, globals);
  registerSql(program, globals);
}
