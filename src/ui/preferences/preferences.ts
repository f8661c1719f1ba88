import { html, nothing } from 'lit-html';
import { localize, type CategoryConfig, type ServiceConfig } from '../../core/config.js';
import { TemoinCloseEvent, TemoinLanguageEvent } from '../events.js';
import { TemoinElement } from '../element.js';
import { duration } from '../i18n/dates.js';
import { tokens } from '../styles.js';
import { preferencesStyles } from './preferences.styles.js';

/** A padlock on the thumb of the required category's switch: on, and locked. */
const lock = html`<svg viewBox="0 0 16 16" aria-hidden="true"><path d="M4 7V5a4 4 0 0 1 8 0v2h1v8H3V7zm2 0h4V5a2 2 0 0 0-4 0z"/></svg>`;

/**
 * The preference center: a modal dialog with one switch per category (off until the visitor
 * turns it on, Space or a click toggles it; the required one on and locked, with the reason), each category's services with
 * what they collect, why, for how long, by whom and where, and the visitor's history. The native
 * `<dialog>` keeps focus inside, closes on Escape and gives focus back on close.
 *
 * @event temoin-language - The visitor switched the interface language.
 * @event temoin-close - The dialog closed; `decided` tells whether a decision was recorded.
 * @csspart dialog - The dialog.
 * @csspart header - Title, language switch and close button.
 * @csspart language - The language switch.
 * @csspart close - The close button.
 * @csspart category - One category.
 * @csspart switch - A category's switch: a `role="switch"` button, `aria-checked`; the required
 *   category's is on and `aria-disabled`, with a padlock and its reason in the note it points to.
 * @csspart services - A category's list of services.
 * @csspart service - One service.
 * @csspart consent-id - The visitor's consent id, once they decided (consent-id/consent-id.ts).
 * @csspart history - The consent history section.
 * @csspart actions - The row of buttons.
 * @csspart button - Each button; also `save`, `accept`, `reject`.
 */
export class TemoinPreferences extends TemoinElement {
  static override styles = [tokens, preferencesStyles];

  private _choices: Record<string, boolean> = {};
  private _status = '';
  private _decided = false;
  // Rendered on first opening: the banner must not wait for a dialog nobody has asked for yet.
  private _opened = false;

  get open(): boolean {
    return !!this.renderRoot.querySelector('dialog')?.open;
  }

  async show(): Promise<void> {
    const config = this.temoin.config;
    if (!config) return;
    this._choices = Object.fromEntries(config.categories.map((c) => [c.id, this.temoin.granted(c.id)]));
    this._status = '';
    this._decided = false;
    this._opened = true;
    await this.requestUpdate();
    const dialog = this.renderRoot.querySelector('dialog')!;
    if (!dialog.open) dialog.showModal();
    void this.renderRoot.querySelector('temoin-history')?.load();
    this.renderRoot.querySelector<HTMLElement>('h2')!.focus();
  }

  close(): void {
    this.renderRoot.querySelector('dialog')?.close();
  }

  private async _decide(decision: () => Promise<unknown>): Promise<void> {
    if (!(await decision())) return;
    this._decided = true;
    this._status = this.t('saved');
    void this.requestUpdate();
    this.close();
  }

  private _options() {
    return { method: 'preferences' as const, language: this.t.lang };
  }

  override render() {
    const config = this.temoin.config;
    if (!config || !this._opened) return nothing;
    const t = this.t;
    const other = t.lang == 'fr' ? 'en' : 'fr';
    const policy = localize(config.policyUrl, t.lang);
    return html`
      <dialog part="dialog" aria-labelledby="title" lang=${t.lang}
        @close=${() => this.dispatchEvent(new TemoinCloseEvent(this._decided))}>
        <div class="body">
          <header part="header">
            <h2 id="title" tabindex="-1">${t('preferencesTitle')}</h2>
            <button type="button" class="language" part="language" lang=${other}
              @click=${() => this.dispatchEvent(new TemoinLanguageEvent(other))}>${t('otherLanguage')}</button>
          </header>
          <p>${t('preferencesText')} ${policy ? html`<a href=${policy}>${t('policyLink')}</a>` : nothing}</p>
          <ul>${config.categories.map((cat) => this._category(cat))}</ul>
          <temoin-consent-id part="consent-id" .temoin=${this.temoin} .t=${t}></temoin-consent-id>
          <section part="history" aria-labelledby="history-title">
            <h3 id="history-title">${t('history')}</h3>
            <temoin-history .temoin=${this.temoin} .t=${t}></temoin-history>
          </section>
          <div class="actions" part="actions">
            <button type="button" class="action" part="button save"
              @click=${() => this._decide(() => this.temoin.set(this._choices, this._options()))}>${t('save')}</button>
            <button type="button" class="action" part="button accept"
              @click=${() => this._decide(() => this.temoin.acceptAll(this._options()))}>${t('acceptAll')}</button>
            <button type="button" class="action" part="button reject"
              @click=${() => this._decide(() => this.temoin.rejectAll(this._options()))}>${t('rejectAll')}</button>
          </div>
          <p class="status" role="status">${this._status}</p>
          <button type="button" class="close" part="close" aria-label=${t('close')} @click=${() => this.close()}>×</button>
        </div>
      </dialog>`;
  }

  private _category(cat: CategoryConfig & { services: ServiceConfig[] }) {
    const t = this.t;
    const id = `category-${cat.id}`;
    const gpcRefused = cat.gpc == 'deny' && navigator.globalPrivacyControl === true;
    const on = !!cat.required || !!this._choices[cat.id];
    return html`
      <li class="category" part="category">
        <div class="row">
          <label id=${`${id}-label`} for=${id}>${t.text(cat.title)}</label>
          <button type="button" role="switch" id=${id} class="switch" part="switch"
            aria-checked=${on ? 'true' : 'false'} aria-disabled=${cat.required ? 'true' : nothing}
            aria-labelledby=${`${id}-label`} aria-describedby=${`${id}-note`}
            @click=${() => {
              if (cat.required) return;
              this._choices[cat.id] = !on;
              void this.requestUpdate();
            }}>${cat.required ? lock : nothing}</button>
        </div>
        <p class="note" id=${`${id}-note`}>
          ${t.text(cat.description)} ${cat.required ? t('alwaysOn') : nothing} ${gpcRefused ? t('gpcRefused') : nothing}
        </p>
        ${
          cat.services.length
            ? html`<details part="services"><summary>${t('services', { count: cat.services.length })}</summary>
              ${cat.services.map((s) => this._service(s))}</details>`
            : nothing
        }
      </li>`;
  }

  private _service(s: ServiceConfig) {
    const t = this.t;
    const thirdParty = Array.isArray(s.thirdParty)
      ? t.list(s.thirdParty.map((n) => t.text(n)))
      : t(s.thirdParty ? 'yes' : 'no');
    const row = (label: string, value: unknown) => html`<dt>${label}</dt><dd>${value}</dd>`;
    return html`
      <div class="service" part="service">
        <h4>${t.text(s.name)}</h4>
        <dl>
          ${row(t('provider'), t.text(s.provider))}
          ${row(t('purpose'), t.text(s.purpose))}
          ${s.data?.length ? row(t('data'), t.list(s.data.map((d) => t(`data.${d}`)))) : nothing}
          ${
            s.cookies?.length
              ? row(
                  t('cookies'),
                  t.list(
                    s.cookies.map((c) =>
                      c.lifetime === undefined ? c.name : `${c.name} (${duration(t, c.lifetime)})`,
                    ),
                  ),
                )
              : nothing
          }
          ${s.retention === undefined ? nothing : row(t('retention'), duration(t, s.retention))}
          ${row(t('hosting'), t(s.hostedOutsideQuebec ? 'outsideQuebec' : 'inQuebec'))}
          ${row(t('thirdParties'), thirdParty)}
        </dl>
        ${s.privacyUrl ? html`<p><a href=${s.privacyUrl}>${t('providerPolicy')}</a></p>` : nothing}
      </div>`;
  }
}
