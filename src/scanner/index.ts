// The scanner's public entry: `temoin scan` and its pieces for other tools.
export { scan, SCHEMA_URL, type ScanOptions } from './scan.js';
export { runScan, type RunOptions } from './run.js';
export { ScanError, type ScanErrorCode } from './errors.js';
export { findChromium } from './browser.js';
export { htmlReport } from './output/html.js';
export { jsonReport } from './output/json.js';
export { suggestConfig } from './output/suggest.js';
export { textReport } from './output/table.js';
export { FINDING_KINDS } from './types.js';
export type {
  Attribution,
  CookieRecord,
  Finding,
  FindingKind,
  PageRecord,
  RequestRecord,
  ScanReport,
  ScanResult,
  StateName,
  StateRecord,
} from './types.js';
