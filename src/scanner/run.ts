// `temoin scan`: runs a scan, writes the reports asked for, and says how CI should end:
// 0 when no finding of the --fail-on kinds, 1 when there is one, 2 when the scan could not run.
import { writeFile } from 'node:fs/promises';
import { htmlReport } from './output/html.js';
import { jsonReport } from './output/json.js';
import { suggestConfig } from './output/suggest.js';
import { textReport } from './output/table.js';
import { scan, type ScanOptions } from './scan.js';
import type { FindingKind } from './types.js';

export interface RunOptions extends ScanOptions {
  failOn: FindingKind[];
  json?: string;
  html?: string;
  suggest?: string;
  /** Where the table goes (stdout) and progress (stderr). */
  out?: (text: string) => void;
  err?: (text: string) => void;
}

/** Scans and writes the outputs; resolves with the exit code. A scan that cannot run throws a ScanError. */
export async function runScan(o: RunOptions): Promise<0 | 1> {
  const out = o.out ?? ((s: string) => process.stdout.write(s));
  const err = o.err ?? ((s: string) => process.stderr.write(s));
  const result = await scan({ ...o, progress: o.progress ?? ((line) => err(line + '\n')) });
  const { report } = result;
  if (o.json) await writeFile(o.json, jsonReport(report));
  if (o.html) await writeFile(o.html, htmlReport(result));
  if (o.suggest) await writeFile(o.suggest, JSON.stringify(suggestConfig(report, result.config), null, 2) + '\n');
  out(textReport(report));
  return report.findings.some((f) => o.failOn.includes(f.kind)) ? 1 : 0;
}
