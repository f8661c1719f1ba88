import { html, nothing } from 'lit-html';
import type { ValidConfig } from '../../core/config.js';
import type { ConsentRecord } from '../../core/consent.js';
import type { HistoryEntry } from '../../core/types.js';
import { sheet, TemoinElement } from '../element.js';
import { date } from '../i18n/dates.js';
import type { Translator } from '../i18n/index.js';
import { layers, tokens } from '../styles.js';

/**
 * The visitor's past decisions on this device, newest first, each with a readable receipt to
 * download (an HTML document, receipt/receipt-document.ts): what was decided, and the collector's
 * signed acknowledgement once it came.
 *
 * @csspart entry - One past decision.
 * @csspart download - Its download button.
 */
export class TemoinHistory extends TemoinElement {
  static override styles = [
    tokens,
    layers,
    sheet(`
    ol { list-style: none; margin: 8px 0 0; padding: 0; display: grid; gap: 8px; }
    li { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 8px; }
    .choices { color: var(--_muted); font-size: 0.9375em; }
    button { border: 2px solid var(--_accent); background: none; color: var(--_accent); }
  `),
  ];

  private _records: HistoryEntry[] | undefined;
  /** Reads the history again; the preference center calls it each time it opens. */
  async load(): Promise<void> {
    this._records = (await this.temoin.history()).reverse();
    void this.requestUpdate();
  }

  override render() {
    const config = this.temoin.config;
    if (!this._records || !config) return nothing;
    const t = this.t;
    if (!this._records.length) return html`<p>${t('historyEmpty')}</p>`;
    return html`<ol>${this._records.map(
      (r) => html`
      <li part="entry">
        <div>
          <div>${t('historyEntry', { date: date(t, r.updatedAt), revision: r.revision })}</div>
          <div class="choices">${config.categories.flatMap((c) => choices(c, r, t)).map((c) => html`<div>${c}</div>`)}</div>
          ${receiptStatus(config, r, t) ? html`<div class="choices">${receiptStatus(config, r, t)}</div>` : nothing}
        </div>
        <button type="button" part="download" @click=${() => void download(config, r, t)}
          aria-label=${`${t('download')}, ${date(t, r.updatedAt, 'medium')}`}>${t('download')}</button>
      </li>`,
    )}</ol>`;
  }
}

/** Where the receipt is: in the site's register (with its number), refused by it, or on its way there. */
export const receiptStatus = (config: ValidConfig, r: HistoryEntry, t: Translator) =>
  r.receipt?.ack
    ? t('receiptKept', { seq: r.receipt.ack.seq })
    : r.receipt?.rejected
      ? t('receiptRefused')
      : r.receipt && config.collector
        ? t('receiptWaiting')
        : '';

/**
 * "Analytics: accepted", with the language's own space before the colon; a category granted in
 * part, service by service: "Media – YouTube: accepted", "Media – Vimeo: refused". One a line in
 * the history: joined by "and", they read as one title ("Vidéos et cartes – YouTube : accepté et …").
 */
export const choices = (c: ValidConfig['categories'][number], r: ConsentRecord, t: Translator): string[] =>
  !r.choices[c.id] && c.services.some((s) => r.services?.includes(s.id))
    ? c.services.map((s) =>
        t('choice', {
          category: `${t.text(c.title)} – ${t.text(s.name)}`,
          choice: t(r.services!.includes(s.id) ? 'granted' : 'refused'),
        }),
      )
    : [t('choice', { category: t.text(c.title), choice: t(r.choices[c.id] ? 'granted' : 'refused') })];

/** The readable receipt, from a chunk of its own: most visitors never download one. */
const download = (config: ValidConfig, r: HistoryEntry, t: Translator) =>
  import('../receipt/receipt-document.js').then(
    (m) => m.downloadReceipt(config, r, t),
    (e: unknown) => console.error('temoin: could not load the receipt', e),
  );
