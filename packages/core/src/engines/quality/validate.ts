import type { Db } from '../../kernel/db.js';
import { belowConventionNotice, resolveThreshold } from '../../workspace/threshold.js';
import type { Workspace } from '../../workspace/workspace.js';
import type { ValidateOptions, ValidateReport } from './types.js';
import {
  checkCodes,
  checkContext,
  checkFiles,
  checkInactiveMunicipalities,
  checkLinks,
  checkPersons,
  checkSources,
  checkStays,
} from './checks.js';
import { discloseChecks, type CheckFacts } from './disclosed.js';

/**
 * Run the quality checks analysts run on every extract (docs/ingest.md, "felles validate"):
 * rows and persons per source and year, rejects per file, sex/birth-year consistency, date ranges,
 * municipality valid for the year, municipalities with no activity in a year, code validity,
 * length-of-stay sanity and link conflicts. Read-only: works on a workspace opened read-only.
 *
 * Every count in the report (rows, persons, rejects, conflicts, …) passes disclosure control
 * like any other output: counts from 1 to the threshold, and counts that would reveal them, are
 * hidden (`value` NULL, `x` in the message); shares are shown only where both their counts are.
 * Date ranges are given in months, from the first to the last month with more rows than the
 * threshold, never as the date of a single record. Severities are decided on the true counts.
 */
export async function validateWorkspace(
  ws: Workspace,
  options: ValidateOptions = {},
): Promise<ValidateReport> {
  // the same threshold rule as every output: below the convention only with the opt-out
  const choice = resolveThreshold(
    options.threshold !== undefined ? { threshold: options.threshold } : {},
    ws.config.disclosure,
  );
  const facts = await checkWorkspace(ws.db, options, choice.threshold);
  const report = await discloseChecks(facts, { workspace: ws, threshold: choice.threshold });
  const notice = belowConventionNotice(choice);
  return notice ? { ...report, disclosure: { ...report.disclosure, notice } } : report;
}

/**
 * The checks on the true counts, before disclosure control: results with message templates
 * whose counts refer to `facts.counts`. Used by {@link validateWorkspace}; never printed as is.
 */
export async function checkWorkspace(
  db: Db,
  options: ValidateOptions,
  threshold: number,
): Promise<CheckFacts> {
  const o = {
    rejectShare: options.rejectShare ?? [0.01, 0.1],
    conflictShare: options.conflictShare ?? [0.005, 0.05],
    municipalityShare: options.municipalityShare ?? [0.005, 0.05],
    codeShare: options.codeShare ?? [0.01, 0.1],
    maxStayDays: options.maxStayDays ?? 365,
  } as const;
  const facts: CheckFacts = { counts: new Map(), results: [] };
  const geography = Number(await db.value(`SELECT count(*) FROM municipality_map`)) > 0;
  const ctx = checkContext(db, o, threshold, geography, facts);
  await checkFiles(ctx);
  await checkSources(ctx);
  await checkPersons(ctx);
  await checkInactiveMunicipalities(ctx);
  await checkCodes(ctx);
  await checkStays(ctx);
  await checkLinks(ctx);
  if (!geography) {
    ctx.add('geography', 'workspace', null, 'warning', null, [
      'no municipality map installed: municipality validity was not checked',
    ]);
  }
  return facts;
}
