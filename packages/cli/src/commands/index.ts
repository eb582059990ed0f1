import type { Command } from 'commander';
import type { GlobalOptions } from '../context.js';
import { registerInit } from './init.js';
import { registerSql } from './sql.js';
import { registerGeo } from './geo.js';
import { registerPopulation } from './population.js';
import { registerIngestSsb } from './ingest-ssb.js';
import { registerIngestRegistry } from './ingest-registry.js';
import { registerIngestRemove } from './ingest-remove.js';
import { registerValidate } from './validate.js';
import { registerSynth } from './synth.js';
import { registerDemo } from './demo.js';
import { registerCohorts } from './cohorts.js';
import { registerProject } from './project.js';
import { registerDental } from './dental.js';
import { registerReport } from './report.js';
import { registerIndicators } from './indicators.js';
import { registerLineage } from './lineage.js';

/**
 * Every command module exports `register…(program, globals)`; this wires them in order.
 * `ingest` is one parent command; its subcommands come from several modules (SSB files,
 * registry extracts).
 */
export function registerCommands(program: Command, globals: () => GlobalOptions): void {
  registerDemo(program, globals);
  registerInit(program, globals);
  const ingest = program
    .command('ingest')
    .summary('load files into the workspace')
    .description(
      'Load SSB population/projection files or registry extracts into the workspace, or take loaded files out again (ingest remove). Each load is one transaction; every input row is loaded or rejected with a reason.',
    );
  registerIngestSsb(ingest, globals);
  registerIngestRegistry(ingest, globals);
  registerIngestRemove(ingest, globals);
  registerValidate(program, globals);
  registerGeo(program, globals);
  registerPopulation(program, globals);
  registerCohorts(program, globals);
  registerIndicators(program, globals);
  registerProject(program, globals);
  registerDental(program, globals);
  registerReport(program, globals);
  registerLineage(program, globals);
  registerSynth(program, globals);
  registerSql(program, globals);
}
