/**
 * Headless LibreOffice for the workbook test: convert every sheet of an XLSX file to CSV the way
 * a user's office suite would open it. Debian's `libreoffice-calc` (scripts/ensure-libreoffice.sh
 * installs it); `FELLES_SOFFICE` points to another `soffice`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The `soffice` to run. */
export const SOFFICE = process.env['FELLES_SOFFICE'] ?? 'soffice';

/** True when `soffice` runs. */
export function hasSoffice(): boolean {
  try {
    execFileSync(SOFFICE, ['--version'], { stdio: 'pipe', timeout: 120_000 });
    return true;
  } catch {
    return false;
  }
}

/** What to tell a user when there is no LibreOffice. */
export const NO_SOFFICE =
  `no LibreOffice (${SOFFICE}), so the workbook test cannot open the XLSX file. Install it with ` +
  '`sudo apt-get update && sudo apt-get install -y libreoffice-calc` (Debian/Ubuntu; ' +
  '`sh scripts/ensure-libreoffice.sh` does this when run as root), or point to one with ' +
  '`export FELLES_SOFFICE=/path/to/soffice`.';

/**
 * Convert every sheet of `file` to CSV (UTF-8, comma, one file per sheet: LibreOffice ≥ 7.2) in
 * a new folder, with a fresh user profile so runs never share a lock. Returns the exit status,
 * what LibreOffice printed and the CSV files written.
 */
export function xlsxToCsv(file: string): {
  status: number | null;
  output: string;
  dir: string;
  files: string[];
} {
  const dir = mkdtempSync(join(tmpdir(), 'felles-soffice-'));
  const profile = pathToFileURL(join(dir, 'profile')).href;
  const r = spawnSync(
    SOFFICE,
    [
      `-env:UserInstallation=${profile}`,
      '--headless',
      '--norestore',
      '--convert-to',
      'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1',
      '--outdir',
      join(dir, 'csv'),
      file,
    ],
    { encoding: 'utf8', timeout: 600_000 },
  );
  let files: string[] = [];
  try {
    files = readdirSync(join(dir, 'csv')).sort();
  } catch {
    // nothing written
  }
  return { status: r.status, output: `${r.stdout}${r.stderr}`, dir: join(dir, 'csv'), files };
}
