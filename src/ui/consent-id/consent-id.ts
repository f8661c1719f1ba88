import { html, nothing } from 'lit-html';
import { sheet, TemoinElement } from '../element.js';
import { sayId } from '../i18n/consent-id.js';
import { layers, tokens } from '../styles.js';

/** A contact from the config as a link when it is an e-mail address or a web address, else as text. */
export const contactLink = (contact: string) => {
  const href = /^[^\s@]+@[^\s@]+$/.test(contact)
    ? `mailto:${contact}`
    : /^https?:\/\/\S+$/i.test(contact)
      ? contact
      : '';
  return href ? html`<a href=${href}>${contact}</a>` : contact;
};

/**
 * The visitor's consent id, once a decision is in force: the id of their record, which each receipt
 * names as its `principal` and the collector's analysts search by (`?principal=`) to answer an
 * access request. Short to recognise, full to copy, with who to give it to.
 *
 * @csspart copy - The copy button. The preference center gives the element itself `part="consent-id"`.
 */
export class TemoinConsentId extends TemoinElement {
  static override styles = [
    tokens,
    layers,
    sheet(`
    section { display: grid; gap: 8px; }
    dl { display: grid; grid-template-columns: auto 1fr; gap: 4px 12px; margin: 0; }
    dt { color: var(--_muted); }
    dd { margin: 0; min-width: 0; }
    code { font-family: ui-monospace, monospace; overflow-wrap: anywhere; }
    /* One click selects the whole id, for a visitor who copies by hand. */
    .full { user-select: all; }
    .copy { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; }
    button { border: 2px solid var(--_accent); background: none; color: var(--_accent); }
    @media (max-width: 30rem) { dl { grid-template-columns: 1fr; } }
  `),
  ];

  private _status = '';
  private _off: (() => void) | undefined;

  override connectedCallback(): void {
    // A decision made while the preference center exists changes the id shown, or shows it first.
    this._off = this.temoin.on('change', () => {
      this._status = '';
      void this.requestUpdate();
    });
    super.connectedCallback();
  }

  disconnectedCallback(): void {
    this._off?.();
  }

  override render() {
    const record = this.temoin.get();
    const config = this.temoin.config;
    if (!record || !config) return nothing;
    const t = this.t;
    const controller = config.controller;
    const contact = controller?.contact && t.text(controller.contact);
    return html`
      <section aria-labelledby="id-title">
        <h3 id="id-title">${sayId(t, 'consentId')}</h3>
        <dl>
          <dt>${sayId(t, 'consentIdShort')}</dt><dd><code>${record.id.slice(0, 8)}</code></dd>
          <dt>${sayId(t, 'consentIdFull')}</dt><dd><code class="full">${record.id}</code></dd>
        </dl>
        <div class="copy">
          <button type="button" part="copy" @click=${() => this._copy()}>${sayId(t, 'copyId')}</button>
          <span role="status">${this._status}</span>
        </div>
        <p>${sayId(t, 'accessRequest', { controller: controller ? t.text(controller.name) : location.hostname })}</p>
        ${contact ? html`<p>${sayId(t, 'contact')} ${contactLink(contact)}</p>` : nothing}
      </section>`;
  }

  /** Copies the full id; where the clipboard is refused (an iframe without permission), selects it instead. */
  private async _copy(): Promise<void> {
    const full = this.renderRoot.querySelector('.full')!;
    try {
      await navigator.clipboard.writeText(this.temoin.get()!.id);
      this._status = sayId(this.t, 'idCopied');
    } catch {
      getSelection()?.selectAllChildren(full);
      this._status = sayId(this.t, 'idSelected');
    }
    void this.requestUpdate();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'temoin-consent-id': TemoinConsentId;
  }
}
