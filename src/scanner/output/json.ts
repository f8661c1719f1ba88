// The JSON report for machines (CI, dashboards): the ScanReport as is. Its schema is
// src/scanner/scan-report.schema.json, published as `temoin/schema/scan-report.json`.
import type { ScanReport } from '../types.js';

export const jsonReport = (report: ScanReport): string => JSON.stringify(report, null, 2) + '\n';
