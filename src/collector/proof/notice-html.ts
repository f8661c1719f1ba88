// The notices in the consent file: what the visitor was shown, in the receipt's own words, and
// the archived config behind each hash, in the report's language.
import type { CategoryConfig, LocalizedText } from '../../core/config-types.js';
import type { Purpose, Receipt } from '../../receipts/receipt.js';
import { code, escape, facts, table, when, type View } from './html-kit.js';
import type { ProofNotice, ProofReport } from './report.js';

function serviceRows(purpose: Purpose, v: View): string[][] {
  const { t } = v;
  return purpose.services.map((s) => [
    `${escape(s.name)} <span class="muted">(${escape(purpose.title)})</span>`,
    escape(s.provider),
    escape(s.purpose),
    escape(s.data.map((d) => t.data[d]).join(', ') || t.none),
    escape(s.retention === null ? t.none : typeof s.retention == 'number' ? t.days(s.retention) : s.retention),
    s.hostedOutsideQuebec ? t.yes : t.no,
    escape(Array.isArray(s.thirdParty) ? s.thirdParty.join(', ') || t.no : s.thirdParty ? t.yes : t.no),
  ]);
}

/** The notice the visitor answered, in the receipt's words: its purposes and their services. */
export function receiptNotice(receipt: Receipt, seq: number, v: View): string {
  const { t } = v;
  const c = t.serviceColumns;
  const purposes = receipt.purposes
    .map(
      (p) => `<li>${escape(p.title)} (${code(p.category)})${p.required ? ` — ${escape(t.columns.required)}` : ''}</li>`,
    )
    .join('');
  const rows = receipt.purposes.flatMap((p) => serviceRows(p, v));
  const services = rows.length
    ? table(
        `${t.notice} — ${t.numbered(seq)}`,
        [c.service, c.provider, c.purpose, c.data, c.retention, c.outside, c.thirdParty],
        rows,
      )
    : '';
  return `<h4>${escape(t.notice)}</h4><ul>${purposes}</ul>${services}`;
}

const localize = (text: LocalizedText | undefined, v: View): string =>
  typeof text == 'object' ? ((v.lang == 'fr' ? (text.fr ?? text.en) : (text.en ?? text.fr)) ?? '') : (text ?? '');

/** An archived config's categories and services, as far as it is a Témoin config. */
function configCategories(notice: ProofNotice, v: View): string {
  const { t } = v;
  const categories = (notice.config as { categories?: CategoryConfig[] } | null)?.categories;
  if (!Array.isArray(categories)) return '';
  const rows = categories.map((c) => [
    escape(localize(c.title, v)),
    code(c.id),
    c.required ? t.yes : t.no,
    escape(localize(c.description, v)) || t.none,
    escape((c.services ?? []).map((s) => `${localize(s.name, v)} (${localize(s.provider, v)})`).join(', ') || t.none),
  ]);
  return table(
    `${t.noticeCategories} — ${notice.hash.slice(0, 16)}…`,
    [t.columns.title, t.columns.category, t.columns.required, t.noticeFacts.description, t.serviceColumns.service],
    rows,
  );
}

/** Every archived notice behind the receipts' hashes, and the hashes no page has sent. */
export function noticesSection(report: ProofReport, v: View): string {
  const { t } = v;
  const kept = report.notices.map(
    (n) =>
      facts([
        [t.noticeFacts.hash, code(n.hash)],
        [t.noticeFacts.sentBy, escape(n.origin)],
        [t.noticeFacts.kept, when(n.receivedAt, v)],
        [
          t.noticeFacts.hashCheck,
          `<span class="${n.hashMatches ? 'ok' : 'bad'}">${escape(t.hashCheck(n.hashMatches))}</span>`,
        ],
      ]) + configCategories(n, v),
  );
  const missing = report.noticesMissing.map((h) => `<p>${escape(t.noticeMissing(h))}</p>`);
  const none = report.notices.length ? '' : `<p>${escape(t.noNotices)}</p>`;
  return `<section aria-labelledby="notices"><h2 id="notices">${escape(t.notices)}</h2>${none}${kept.join('')}${missing.join('')}</section>`;
}
