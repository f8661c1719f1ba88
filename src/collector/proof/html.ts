// A visitor's consent file as one self-contained HTML page, ready to print: styles inline, no
// script, no external asset. Rendered from the JSON report (report.ts), so a report read from a
// remote collector prints the same as a local one. Times are shown in the reader's zone.
import type { Receipt } from '../../receipts/receipt.js';
import { code, escape, facts, sentence, table, when, type View } from './html-kit.js';
import { proofStrings, type ProofLanguage } from './i18n.js';
import { noticesSection, receiptNotice } from './notice-html.js';
import type { ConsentState, ProofReceipt, ProofReport, StateAt } from './report.js';
import { STYLE } from './style.js';

function stateTable(state: ConsentState, caption: string, v: View): string {
  const { t } = v;
  return table(
    caption,
    [t.columns.title, t.columns.category, t.columns.required, t.columns.decision, t.serviceColumns.service],
    state.categories.map((c) => [
      escape(c.title),
      code(c.category),
      c.required ? t.yes : t.no,
      `<span class="${c.decision}">${escape(t.decision[c.decision])}</span>`,
      c.services.map((s) => `${escape(s.name)}${t.colon}${escape(t.serviceDecision[s.decision])}`).join('<br>') || '–',
    ]),
  );
}

function receiptFacts(r: ProofReceipt, x: Receipt, v: View): string {
  const f = v.t.facts;
  return facts([
    [f.receiptId, code(r.receiptId)],
    [f.decidedAt, when(x.timestamp, v)],
    [f.receivedAt, when(r.receivedAt, v)],
    [f.origin, escape(r.origin)],
    [f.controller, escape(x.controller.name + (x.controller.contact ? ` (${x.controller.contact})` : ''))],
    [f.policy, x.policyUrl ? escape(x.policyUrl) : v.t.none],
    [f.jurisdiction, escape(x.jurisdiction)],
    [f.language, escape(x.language)],
    [f.method, escape(x.collectionMethod)],
    [f.revision, escape(String(x.revision))],
    [f.configHash, code(x.configHash)],
    [f.gpc, x.signals.gpc ? v.t.yes : v.t.no],
    [f.browser, escape(x.userAgentFamily)],
    [f.validUntil, when(x.validUntil, v)],
  ]);
}

function verdict(r: ProofReceipt, v: View): string {
  const check = r.verification;
  return check.ok
    ? `<p class="verdict ok">${escape(v.t.valid(check.keyId))}</p>`
    : `<p class="verdict bad"><strong>${escape(v.t.notValid(check.problem, check.reason))}</strong></p>`;
}

function chainFacts(r: ProofReceipt, v: View): string {
  const c = v.t.chainFacts;
  return `<h4>${escape(v.t.chain)}</h4>${facts([
    [c.seq, escape(String(r.seq))],
    [c.prevHash, code(r.chain.prevHash)],
    [c.hash, code(r.chain.hash)],
    [c.digest, code(r.chain.digest)],
    [c.signedBy, code(r.verification.keyId)],
    [c.previous, escape(v.t.linked(r.chain.previousLinked))],
    [c.next, escape(v.t.linked(r.chain.nextLinked))],
  ])}`;
}

/** A receipt erased at the visitor's request: only its place and proof are left. */
function tombstoneSection(r: ProofReceipt, id: string, v: View): string {
  const { t } = v;
  return `<section aria-labelledby="${id}" class="receipt"><h3 id="${id}">${escape(t.numbered(r.seq))} — ${escape(t.erasedTitle)}</h3>
<p>${r.erasedAt ? sentence((time) => t.erasedText(time), r.erasedAt, v) : ''}</p>
${facts([
  [t.facts.receiptId, code(r.receiptId)],
  [t.facts.receivedAt, when(r.receivedAt, v)],
])}${verdict(r, v)}${chainFacts(r, v)}</section>`;
}

/** One receipt: what was decided, the state after it, on which notice, and its proof. */
function receiptSection(r: ProofReceipt, previous: ProofReceipt | undefined, v: View): string {
  const { t } = v;
  const id = `receipt-${r.seq}`;
  if (!r.receipt) return tombstoneSection(r, id, v);
  const x = r.receipt;
  const notice =
    previous?.receipt && previous.receipt.configHash == x.configHash && previous.receipt.language == x.language
      ? `<h4>${escape(t.notice)}</h4><p>${escape(t.sameNotice(previous.seq))}</p>`
      : receiptNotice(x, r.seq, v);
  const state = r.stateAfter;
  const later =
    state && state.receiptId != r.receiptId
      ? `<p class="warning">${escape(t.stateLaterDecision(state.receiptId))}</p>`
      : '';
  const caption = `${t.stateAfter} ${t.numbered(r.seq)}`;
  return `<section aria-labelledby="${id}" class="receipt${r.asked ? ' asked' : ''}">
<h3 id="${id}">${escape(t.numbered(r.seq))} — ${escape(t.event[x.event])}, ${when(x.timestamp, v)}</h3>
${verdict(r, v)}${receiptFacts(r, x, v)}
<h4>${escape(t.stateAfter)}</h4>${later}${state ? stateTable(state, caption, v) : ''}
${notice}${chainFacts(r, v)}</section>`;
}

/** What the visitor had consented to at the time asked. */
function atSection(at: StateAt, v: View): string {
  const { t } = v;
  const found = at.inForce;
  const text = found
    ? `<p>${sentence((time) => t.atInForce(found.receiptId, time), found.decidedAt, v)}</p>` +
      (at.expired ? `<p class="warning">${sentence((time) => t.atExpired(time), found.validUntil, v)}</p>` : '')
    : `<p>${escape(t.atNone)}</p>`;
  const held = found && {
    ...found,
    categories: found.categories.map((c) => ({
      ...c,
      decision: at.granted.includes(c.category) ? ('granted' as const) : ('refused' as const),
      services: c.services.map((s) => ({
        ...s,
        decision:
          at.granted.includes(c.category) || at.granted.includes(`${c.category}/${s.id}`)
            ? ('granted' as const)
            : ('refused' as const),
      })),
    })),
  };
  return `<section aria-labelledby="at"><h2 id="at">${escape(t.atTitle)}</h2>
<p><strong>${when(at.time, v)}</strong></p>${text}
${held ? stateTable(held, t.atTitle, v) : ''}
${at.erasedBefore ? `<p class="warning">${escape(t.atErased(at.erasedBefore))}</p>` : ''}
${at.receivedAfter ? `<p class="warning">${escape(t.atLate(at.receivedAfter))}</p>` : ''}</section>`;
}

function summary(report: ProofReport, v: View): string {
  const { t } = v;
  const erased = report.receipts.filter((r) => r.erasedAt).length;
  const verified = report.receipts.filter((r) => r.verification.ok).length;
  const asked = Object.entries(report.asked).map(([k, value]) => `${k}=${value}`);
  return `<section aria-labelledby="summary"><h2 id="summary">${escape(t.summary)}</h2>${facts([
    [t.visitor, report.principal ? code(report.principal) : escape(t.erasedVisitor)],
    [t.asked, code(asked.join(' '))],
    [t.decisions, escape(t.receiptCount(report.receipts.length, erased))],
    [
      t.verification,
      `<span class="${verified == report.receipts.length ? 'ok' : 'bad'}">${escape(t.verified(verified, report.receipts.length))}</span>`,
    ],
    [t.generated, when(report.generatedAt, v)],
    [t.timeZone, escape(v.timeZone)],
  ])}</section>`;
}

/** Groups of four hex digits, so a fingerprint can be read aloud and compared. */
const grouped = (hex: string) => hex.replace(/(.{4})(?!$)/g, '$1 ');

function keysSection(report: ProofReport, v: View): string {
  const { t } = v;
  const c = t.keyColumns;
  return `<section aria-labelledby="keys"><h2 id="keys">${escape(t.keys)}</h2>${table(
    t.keys,
    [c.keyId, c.sha256, c.createdAt, c.signed],
    report.keys.map((k) => [code(k.keyId), code(grouped(k.sha256)), when(k.createdAt, v), String(k.signed)]),
  )}</section>`;
}

function erasuresSection(report: ProofReport, v: View): string {
  const { t } = v;
  if (!report.erasures.length) return '';
  const c = t.erasureColumns;
  return `<section aria-labelledby="erasures"><h2 id="erasures">${escape(t.erasures)}</h2>${table(
    t.erasures,
    [c.at, c.actor, c.reason, c.seqs],
    report.erasures.map((e) => [when(e.at, v), escape(e.actor), escape(e.reason), escape(e.seqs.join(', '))]),
  )}</section>`;
}

function accessSection(report: ProofReport, v: View): string {
  const { t } = v;
  const a = report.access;
  const f = t.accessFacts;
  return `<section aria-labelledby="access"><h2 id="access">${escape(t.access)}</h2><p>${escape(t.accessText)}</p>${facts(
    [
      [f.id, escape(String(a.id))],
      [f.at, when(a.at, v)],
      [f.actor, escape(a.actor)],
      [f.action, code(a.action)],
      [f.filters, code(JSON.stringify(a.filters))],
      [f.rows, escape(String(a.rows))],
    ],
  )}</section>`;
}

export function proofHtml(report: ProofReport, lang: ProofLanguage, timeZone: string): string {
  const v: View = { t: proofStrings(lang), lang, timeZone };
  const { t } = v;
  const who = report.principal ?? report.asked.principal ?? report.asked.receipt ?? '';
  const receipts = report.receipts.map((r, i) => receiptSection(r, report.receipts[i - 1], v)).join('\n');
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(t.title)} — ${escape(who)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${escape(t.title)}</h1>
<p>${escape(t.intro)}</p>
</header>
<main>
${summary(report, v)}
${report.at ? atSection(report.at, v) : ''}
<section aria-labelledby="decisions"><h2 id="decisions">${escape(t.decisions)}</h2>
${receipts}
</section>
${noticesSection(report, v)}
${keysSection(report, v)}
${erasuresSection(report, v)}
${accessSection(report, v)}
</main>
<footer><p>${escape(report.format)} · ${when(report.generatedAt, v)}</p></footer>
</body>
</html>
`;
}
