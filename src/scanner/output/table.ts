// The report for people, on stdout: a summary line, a table of findings, then each finding's
// evidence and fix in full, numbered as in the table.
import { table } from '../../collector/cli/table.js';
import { strings } from '../i18n.js';
import type { ScanReport } from '../types.js';

const path = (url: string, site: string) => (url.startsWith(site) ? url.slice(site.length) || '/' : url);

export function textReport(report: ScanReport): string {
  const t = strings(report.lang);
  const lines = [t.summary(report.pages.length, report.states.length, report.durationMs, report.findings.length)];
  if (report.consentManager.configError) lines.push(t.configInvalid(report.consentManager.configError));
  if (!report.findings.length) return [...lines, t.noFindings].join('\n') + '\n';
  const c = t.columns;
  // English keeps the ids `--fail-on` and the JSON take; French says them as the HTML report does.
  const fr = report.lang == 'fr';
  lines.push(
    '',
    table(
      ['#', c.kind, c.page, c.state, c.where, 'service'],
      report.findings.map((f, i) => [
        i + 1,
        fr ? t.kind[f.kind] : f.kind,
        path(f.page, report.site),
        fr && f.state ? t.state(f.state) : f.state,
        f.cookie ? `${f.cookie} (${f.host})` : (f.host ?? f.url),
        f.service ?? f.template,
      ]),
    ),
    '',
  );
  report.findings.forEach((f, i) => lines.push(`${i + 1}. ${t.kind[f.kind]} — ${f.evidence}`, `   → ${f.fix}`));
  return lines.join('\n') + '\n';
}
