// One receipt, and one visitor's receipts, as the dashboard shows them to a privacy officer
// answering an access request: what the visitor was told and chose, in the receipt's words, and
// where the receipt sits in the chain. Reading them is logged by the collector like any read.
import { html, nothing } from 'lit';
import type { ExportedRow } from './api.js';
import type { Formats } from './format.js';
import type { Key } from './i18n.js';
import type { Purpose, ServiceTerms } from '../receipts/receipt.js';

/** What the views need from the dashboard: its words, its formats, and where a click leads. */
export interface ViewContext {
  t: (key: Key, params?: Record<string, string | number>) => string;
  f: Formats;
  categoryTitle: (category: string) => string;
  openReceipt: (row: ExportedRow) => void;
  openVisitor: (principal: string) => void;
  close: () => void;
}

/** The key that signed a receipt's acknowledgement: `ed25519:<keyId>:<signature>`. */
const keyIdOf = (signature: string | undefined) => signature?.split(':')[1] ?? '–';

const DECISION: Record<string, Key> = { granted: 'decisionGranted', refused: 'decisionRefused' };

/** A service's own decision when the receipt has one (per-service consent), else the category's. */
const serviceDecision = (service: ServiceTerms, purpose: Purpose): Key =>
  DECISION[service.decision ?? purpose.decision]!;

/** The categories a receipt leaves granted: the state in force once it was made. */
export const grantedAfter = (row: ExportedRow, title: (category: string) => string): string =>
  row.receipt.purposes
    .filter((p) => !p.required && p.decision == 'granted')
    .map((p) => title(p.category))
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
                    html`<div>${s.name} (${s.provider}) · ${s.purpose}${
                      p.required ? nothing : html` · ${t(serviceDecision(s, p))}`
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

/** One visitor's receipts in the order they were made, with what each left granted. */
export function renderVisitor(principal: string, rows: ExportedRow[], c: ViewContext) {
  const { t, f } = c;
  return html`
    <section id="visitor-view" aria-labelledby="visitor-view-title">
      <h2 id="visitor-view-title" tabindex="-1">${t('visitorTitle', { id: principal.slice(0, 8) })}</h2>
      <p class="mono">${principal}</p>
      <p>${rows.length == 1 ? t('visitorOne') : t('visitorMany', { n: rows.length })} ${t('visitorCommand')}</p>
      <div class="scroll" tabindex="0" role="region" aria-labelledby="visitor-view-title">
        <table id="visitor-table">
          <thead><tr>
            <th scope="col">${t('seq')}</th><th scope="col">${t('when')}</th><th scope="col">${t('event')}</th>
            <th scope="col">${t('grantedAfter')}</th>
          </tr></thead>
          <tbody>${rows.map(
            (row) => html`<tr>
            <td><button type="button" class="link" aria-label=${t('openReceipt', { seq: row.seq })} @click=${() => c.openReceipt(row)}>${row.seq}</button></td>
            <td>${f.time(row.receipt.timestamp)}</td><td>${t(row.receipt.event)}</td>
            <td>${grantedAfter(row, c.categoryTitle) || t('nothingGranted')}</td>
          </tr>`,
          )}</tbody>
        </table>
      </div>
      <p class="actions"><button type="button" class="secondary" @click=${c.close}>${t('close')}</button></p>
    </section>`;
}
