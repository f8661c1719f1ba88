// One receipt, and one visitor's consent file, as the dashboard shows them to a privacy officer
// answering an access request: what the visitor was told and chose, in the receipt's words, where
// each receipt sits in the chain and whether it verifies. Each read is logged by the collector.
import { html, nothing } from 'lit';
import type { ExportedRow } from './api.js';
import type { Formats } from './format.js';
import type { Key } from './i18n.js';
import type { ConsentState, ProofReceipt, ProofReport } from '../collector/proof/report.js';
import type { Purpose, ServiceTerms } from '../receipts/receipt.js';

/** What the views need from the dashboard: its words, its formats, and where a click leads. */
export interface ViewContext {
  t: (key: Key, params?: Record<string, string | number>) => string;
  f: Formats;
  categoryTitle: (category: string) => string;
  openReceipt: (row: ExportedRow) => void;
  openVisitor: (principal: string, at?: string) => void;
  close: () => void;
}

/** The key that signed a receipt's acknowledgement: `ed25519:<keyId>:<signature>`. */
const keyIdOf = (signature: string | undefined) => signature?.split(':')[1] ?? '–';

const DECISION: Record<string, Key> = { granted: 'decisionGranted', refused: 'decisionRefused' };
const SERVICE_DECISION: Record<string, Key> = { granted: 'serviceGranted', refused: 'serviceRefused' };

/** A service's own decision when the receipt has one (per-service consent), else the category's. */
const serviceDecision = (service: ServiceTerms, purpose: Purpose): Key =>
  SERVICE_DECISION[service.decision ?? purpose.decision]!;

/** The categories a receipt leaves granted: the state in force once it was made. */
export const grantedAfter = (row: ExportedRow, title: (category: string) => string): string =>
  row.receipt.purposes
    .filter((p) => !p.required)
    .map((p) => partly(title(p.category), p.decision, p.services))
    .filter(Boolean)
    .join(', ');

function purposesTable(row: ExportedRow, c: ViewContext) {
  const { t } = c;
  const decision = (p: Purpose) => t(p.required ? 'requiredDecision' : DECISION[p.decision]!);
  return html`
    <div class="scroll" tabindex="0" role="region" aria-labelledby="receipt-purposes">
      <table id="receipt-purposes-table">
        <caption id="receipt-purposes">${t('noticeAnswered')}</caption>
        <thead><tr>
          <th scope="col">${t('categoryColumn')}</th><th scope="col">${t('decisionColumn')}</th>
          <th scope="col">${t('servicesColumn')}</th>
        </tr></thead>
        <tbody>${row.receipt.purposes.map(
          (p) => html`<tr>
          <th scope="row">${p.title}</th><td>${decision(p)}</td>
          <td>${
            p.services.length
              ? p.services.map(
                  (s) =>
                    // The separators as plain text: the build trims white space at a template's edges.
                    html`<div>${s.name} (${s.provider}) · ${s.purpose}${
                      p.required ? nothing : ` · ${t(serviceDecision(s, p))}`
                    }</div>`,
                )
              : '–'
          }</td>
        </tr>`,
        )}</tbody>
      </table>
    </div>`;
}

/** One receipt: its facts, the notice answered, its place in the chain. */
export function renderReceipt(row: ExportedRow, c: ViewContext) {
  const { t, f } = c;
  const r = row.receipt;
  const fact = (key: Key, value: unknown, mono = false) =>
    html`<dt>${t(key)}</dt><dd class=${mono ? 'mono' : ''}>${value ?? '–'}</dd>`;
  return html`
    <section id="receipt-view" aria-labelledby="receipt-view-title">
      <h2 id="receipt-view-title" tabindex="-1">${t('receiptTitle', { seq: row.seq })}</h2>
      <dl>
        ${fact('receiptId', r.receiptId, true)}
        ${fact('principal', r.principal, true)}
        ${fact('event', t(r.event))}
        ${fact('decidedAt', f.time(r.timestamp))}
        ${fact('receivedAt', f.time(row.receivedAt))}
        ${fact('validUntil', r.validUntil ? f.time(r.validUntil) : t('noExpiry'))}
        ${fact('method', r.collectionMethod)}
        ${fact('lang', r.language)}
        ${fact('revision', r.revision)}
        ${fact('gpc', t(r.signals.gpc ? 'yes' : 'no'))}
        ${fact('controller', r.controller.name)}
        ${fact('configHash', r.configHash, true)}
        ${fact('chainPosition', t('chainPlace', { seq: row.seq }))}
        ${fact('digest', row.digest, true)}
        ${fact('signedBy', keyIdOf(row.signature), true)}
      </dl>
      ${purposesTable(row, c)}
      <p class="actions">
        <button type="button" @click=${() => c.openVisitor(r.principal)}>${t('allOfVisitor')}</button>
        <button type="button" class="secondary" @click=${c.close}>${t('close')}</button>
      </p>
    </section>`;
}

/** A receipt of the consent file as the receipt view reads it; null for a tombstone. */
export const exportedRow = (r: ProofReceipt): ExportedRow | null =>
  r.receipt
    ? {
        seq: r.seq,
        receivedAt: r.receivedAt,
        hash: r.chain.hash,
        signature: r.chain.signature,
        ...(r.chain.digest ? { digest: r.chain.digest } : {}),
        receipt: r.receipt,
      }
    : null;

/** What a consent state leaves granted, by the titles the visitor read; a category granted in part names its services. */
const granted = (state: ConsentState | null, c: ViewContext) =>
  state?.categories
    .filter((k) => !k.required)
    .map((k) => partly(k.title || c.categoryTitle(k.category), k.decision, k.services))
    .filter(Boolean)
    .join(', ') || c.t('nothingGranted');

/** "Title" when granted whole, "Title (YouTube)" when only some services are, "" when none is. */
function partly(title: string, decision: string, services: { name: string; decision?: string }[]): string {
  if (decision == 'granted') return title;
  const some = services.filter((s) => s.decision == 'granted').map((s) => s.name);
  return some.length ? `${title} (${some.join(', ')})` : '';
}

function verified(r: ProofReceipt, c: ViewContext) {
  const v = r.verification;
  return v.ok
    ? html`<span class="ok">${c.t('verifiedBy', { key: v.keyId })}</span>`
    : html`<span class="error">${c.t('notVerified', { reason: v.reason })}</span>`;
}

function visitorRow(r: ProofReceipt, c: ViewContext) {
  const { t, f } = c;
  const row = exportedRow(r);
  return html`<tr>
    <td>${
      row
        ? html`<button type="button" class="link" aria-label=${t('openReceipt', { seq: r.seq })} @click=${() => c.openReceipt(row)}>${r.seq}</button>`
        : r.seq
    }</td>
    <td>${r.receipt ? f.time(r.receipt.timestamp) : t('erasedOn', { at: f.time(r.erasedAt!) })}</td>
    <td>${r.receipt ? t(r.receipt.event) : '–'}</td>
    <td>${r.receipt ? granted(r.stateAfter, c) : '–'}</td>
    <td>${verified(r, c)}</td>
  </tr>`;
}

/** The answer to "what had this visitor consented to at that moment". */
function stateAt(report: ProofReport, c: ViewContext) {
  const at = report.at;
  if (!at) return nothing;
  const answer = !at.inForce
    ? c.t('atNone')
    : at.expired
      ? c.t('atExpired')
      : c.t('atGranted', { granted: granted(at.inForce, c) });
  return html`<p id="visitor-at" role="status">${c.t('atAnswer', { at: c.f.time(at.time), answer })}</p>
    ${at.receivedAfter ? html`<p id="visitor-at-late" class="note">${c.t('atLate', { n: at.receivedAfter })}</p>` : nothing}`;
}

function atForm(principal: string, c: ViewContext) {
  const ask = (e: SubmitEvent) => {
    e.preventDefault();
    const value = ((e.target as HTMLFormElement).elements.namedItem('at') as HTMLInputElement).value;
    // The field is in the reader's time zone; the collector reads UTC.
    if (value) c.openVisitor(principal, new Date(value).toISOString());
  };
  return html`<form @submit=${ask}>
    <label>${c.t('atLabel')} <input name="at" type="datetime-local" required></label>
    <button type="submit">${c.t('atAsk')}</button>
  </form>`;
}

/**
 * One visitor's consent file (GET /v1/proof, as `temoin proof` writes it): their receipts in
 * chain order, each checked against the collector's keys, what each left granted, and what was
 * granted at a chosen moment.
 */
export function renderVisitor(principal: string, report: ProofReport, c: ViewContext) {
  const { t } = c;
  const failed = report.receipts.filter((r) => !r.verification.ok).length;
  return html`
    <section id="visitor-view">
      <h2 id="visitor-view-title" tabindex="-1">${t('visitorTitle', { id: principal.slice(0, 8) })}</h2>
      <p class="mono">${report.principal ?? principal}</p>
      <p>
        ${report.receipts.length == 1 ? t('visitorOne') : t('visitorMany', { n: report.receipts.length })}
        ${failed ? html`<strong class="error">${t('visitorFailed', { n: failed })}</strong>` : t('visitorVerified')}
        ${t('visitorLogged', { id: report.access.id })} ${t('visitorCommand')}
      </p>
      <div class="scroll" tabindex="0" role="region" aria-labelledby="visitor-view-title">
        <table id="visitor-table">
          <thead><tr>
            <th scope="col">${t('seq')}</th><th scope="col">${t('when')}</th><th scope="col">${t('event')}</th>
            <th scope="col">${t('grantedAfter')}</th><th scope="col">${t('verification')}</th>
          </tr></thead>
          <tbody>${report.receipts.map((r) => visitorRow(r, c))}</tbody>
        </table>
      </div>
      ${atForm(report.principal ?? principal, c)} ${stateAt(report, c)}
      <p class="actions"><button type="button" class="secondary" @click=${c.close}>${t('close')}</button></p>
    </section>`;
}
