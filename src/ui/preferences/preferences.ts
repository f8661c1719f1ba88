import { html, nothing } from 'lit-html';
import { localize, resolveLanguage, type CategoryConfig, type ServiceConfig } from '../../core/config.js';
import { TemoinCloseEvent, TemoinLanguageEvent } from '../events.js';
import { TemoinElement } from '../element.js';
import { ownServices, serviceFacts, type ServiceFacts } from '../i18n/services.js';
import { languageName, otherLanguage } from '../i18n/switch.js';
import { layers, tokens } from '../styles.js';
import { labelManageButton } from './manage-label.js';
import { preferencesStyles } from './preferences.styles.js';

/** A padlock on the thumb of the required category's switch: on, and locked. */
const lock = html`<svg viewBox="0 0 16 16" aria-hidden="true"><path d="M4 7V5a4 4 0 0 1 8 0v2h1v8H3V7zm2 0h4V5a2 2 0 0 0-4 0z"/></svg>`;

type Category = CategoryConfig & { services: ServiceConfig[] };

/** Whether a visitor chooses among a category's services: optional, and more than one of them. */
const perService = (cat: Category) => !cat.required && cat.services.length > 1;

/**
 * The preference center: a modal dialog with one switch per category (off until the visitor
 * turns it on, Space or a click toggles it; the required one on and locked, with the reason), each category's services with
 * what they collect, why, for how long, by whom and where, and the visitor's history. The native
 * `<dialog>` keeps focus inside, closes on Escape and gives focus back on close. In a category of
 * more than one service each service has its own switch, labelled with its name, and the
 * category's control is a tri-state checkbox (drawn as a switch): all, none, or some (`mixed`,
 * a bar across the track, neither thumb, beside « Services acceptés : 2 sur 3 », which it is
 * described by too); it turns every service on, or off when all are. As it closes, the
 * manage button takes the language last read here.
 *
 * @event temoin-language - The visitor switched the interface language.
 * @event temoin-close - The dialog closed; `decided` tells whether a decision was recorded.
 * @csspart dialog - The dialog.
 * @csspart header - Title, language switch and close button.
 * @csspart language - The language switch.
 * @csspart close - The close button, in the header: in its corner, and after the language switch in the focus order.
 * @csspart category - One category.
 * @csspart switch - A category's switch: a `role="switch"` button, `aria-checked`; the required
 *   category's is on and `aria-disabled`, with a padlock and its reason in the note it points to.
 *   In a category of several services, `role="checkbox"` with `aria-checked` true, false or mixed.
 * @csspart some - How many of a category's services are on, beside its switch when some are.
 * @csspart service-switch - A service's own switch (`role="switch"`), in a category of several.
 * @csspart services - A category's list of services.
 * @csspart service - One service.
 * @csspart consent-id - The visitor's consent id, once they decided (consent-id/consent-id.ts).
 * @csspart history - The consent history section.
 * @csspart actions - The buttons, in a footer that stays in view (`position: sticky`) as the rest scrolls.
 * @csspart button - Each button; also `accept`, `reject`, `save`, in this order, as in the banner.
 */
export class TemoinPreferences extends TemoinElement {
  static override styles = [tokens, layers, preferencesStyles];

  /** The switches' states: by category id (every service of it), and by `category/service`. */
  private _choices: Record<string, boolean> = {};
  private _decided = false;
  // Rendered on first opening: the banner must not wait for a dialog nobody has asked for yet.
  private _opened = false;

  get open(): boolean {
    return !!this.renderRoot.querySelector('dialog')?.open;
  }

  /** Opens with the decision in force, and `switchOn` (a category, or `category/service`) on. */
  async show(switchOn?: string): Promise<void> {
    const config = this.temoin.config;
    if (!config) return;
    this._choices = {};
    for (const c of config.categories) {
      this._choices[c.id] = this.temoin.granted(c.id);
      for (const s of c.services) this._choices[c.id + '/' + s.id] = this.temoin.granted(c.id, s.id);
    }
    const [categoryId, serviceId] = switchOn?.split('/') ?? [];
    const asked = config.categories.find((c) => c.id == categoryId && !c.required);
    const service = asked && perService(asked) && serviceId ? asked.services.find((s) => s.id == serviceId) : undefined;
    // An unknown service switches nothing on: never its whole category.
    if (asked && (service || !perService(asked) || !serviceId)) this._toggle(asked, true, service);
    this._decided = false;
    this._opened = true;
    await this.requestUpdate();
    const dialog = this.renderRoot.querySelector('dialog')!;
    if (!dialog.open) dialog.showModal();
    // The category switched on shows its services, for the visitor to see what was turned on.
    const item = asked && this.renderRoot.querySelector(`#category-${asked.id}`)?.closest('li');
    item?.querySelector('details')?.setAttribute('open', '');
    void this.renderRoot.querySelector('temoin-history')?.load();
    this.renderRoot.querySelector<HTMLElement>('h2')!.focus();
    // And in view at the top of what scrolls, on a phone too, where it sat below the fold (the
    // focused title stays in the header).
    (service ? this.renderRoot.getElementById(`service-${asked!.id}/${service.id}`) : item)?.scrollIntoView();
  }

  close(): void {
    this.renderRoot.querySelector('dialog')?.close();
  }

  private async _decide(decision: () => Promise<unknown>): Promise<void> {
    if (!(await decision())) return;
    this._decided = true;
    this.close();
  }

  private _options() {
    return { method: 'preferences' as const, language: this.t.lang };
  }

  override render() {
    const config = this.temoin.config;
    if (!config || !this._opened) return nothing;
    const t = this.t;
    const other = otherLanguage(t.lang, resolveLanguage(config));
    const policy = localize(config.policyUrl, t.lang);
    return html`
      <dialog part="dialog" aria-labelledby="title" lang=${t.lang}
        @close=${() => {
          // In the language last read here: the button a decision made is labelled in the page's.
          labelManageButton(t);
          this.dispatchEvent(new TemoinCloseEvent(this._decided));
        }}>
        <div class="header" part="header">
          <h2 id="title" tabindex="-1">${t('preferencesTitle')}</h2>
          <button type="button" class="language" part="language" lang=${other}
            @click=${() => this.dispatchEvent(new TemoinLanguageEvent(other))}>${languageName(other)}</button>
        <button type="button" class="close" part="close" aria-label=${t('close')} @click=${() => this.close()}>×</button>
        </div>
        <div class="body">
          <p>${t('preferencesText')} ${policy ? html`<a href=${policy}>${t('policyLink')}</a>` : nothing}</p>
          <ul>${config.categories.map((cat) => this._category(cat))}</ul>
          <temoin-consent-id part="consent-id" .temoin=${this.temoin} .t=${t}></temoin-consent-id>
          <section part="history" aria-labelledby="history-title">
            <h3 id="history-title">${t('history')}</h3>
            <temoin-history .temoin=${this.temoin} .t=${t}></temoin-history>
          </section>
          <div class="actions" part="actions">
            <button type="button" class="action" part="button accept"
              @click=${() => this._decide(() => this.temoin.acceptAll(this._options()))}>${t('acceptAll')}</button>
            <button type="button" class="action" part="button reject"
              @click=${() => this._decide(() => this.temoin.rejectAll(this._options()))}>${t('rejectAll')}</button>
            <button type="button" class="action" part="button save"
              @click=${() => this._decide(() => this.temoin.set(this._changes(config.categories), this._options()))}>${t('save')}</button>
          </div>
        </div>
      </dialog>`;
  }

  /** What Save records: each category whole, or service by service where the visitor chooses. */
  private _changes(categories: Category[]) {
    return Object.fromEntries(
      categories.map((c) => [
        c.id,
        perService(c)
          ? Object.fromEntries(c.services.map((s) => [s.id, !!this._choices[c.id + '/' + s.id]]))
          : !!c.required || !!this._choices[c.id],
      ]),
    );
  }

  /** Sets a whole category, or one service of it; the category is on when every service is. */
  private _toggle(cat: Category, on: boolean, service?: ServiceConfig) {
    for (const s of service ? [service] : cat.services) this._choices[cat.id + '/' + s.id] = on;
    this._choices[cat.id] = service ? cat.services.every((s) => this._choices[cat.id + '/' + s.id]) : on;
    void this.requestUpdate();
  }

  private _category(cat: Category) {
    const t = this.t;
    const id = `category-${cat.id}`;
    const gpcRefused = cat.gpc == 'deny' && navigator.globalPrivacyControl === true;
    const on = !!cat.required || !!this._choices[cat.id];
    const several = perService(cat);
    const count = cat.services.filter((s) => this._choices[cat.id + '/' + s.id]).length;
    const some = several && !on && count > 0;
    // Témoin's own cookie first, in the required category, as the cookie declaration lists it.
    const services = [
      ...ownServices(this.temoin.config!, cat, t).map((f) => this._service(f)),
      ...cat.services.map((s) => this._service(serviceFacts(s, t), several ? { cat, s } : undefined)),
    ];
    // "Services (1)" in every category: named with its category, as a screen reader lists them.
    const summary = t('services', { count: services.length });
    return html`
      <li class="category" part="category">
        <div class="row">
          <h3><label id=${`${id}-label`} for=${id}>${t.text(cat.title)}</label></h3>
          ${some ? html`<span class="some" part="some" id=${`${id}-some`}>${t('someServices', { count, total: cat.services.length })}</span>` : nothing}
          <button type="button" role=${several ? 'checkbox' : 'switch'} id=${id} class="switch" part="switch"
            aria-checked=${on ? 'true' : some ? 'mixed' : 'false'} aria-disabled=${cat.required ? 'true' : nothing}
            aria-labelledby=${`${id}-label`} aria-describedby=${`${id}-note${some ? ` ${id}-some` : ''}`}
            @click=${() => {
              if (!cat.required) this._toggle(cat, !on);
            }}>${cat.required ? lock : nothing}</button>
        </div>
        <p class="note" id=${`${id}-note`}>
          ${t.text(cat.description)} ${cat.required ? t('alwaysOn') : nothing} ${gpcRefused ? t('gpcRefused') : nothing}
        </p>
        ${
          services.length
            ? html`<details part="services"><summary aria-label=${`${summary}, ${t.text(cat.title)}`}>${summary}</summary>
              ${services}</details>`
            : nothing
        }
      </li>`;
  }

  /** A service's terms; with its own switch when `choice` is given (a category of several). */
  private _service(f: ServiceFacts, choice?: { cat: Category; s: ServiceConfig }) {
    const t = this.t;
    const key = `${choice?.cat.id}/${choice?.s.id}`;
    const on = !!this._choices[key];
    // A fact the config does not give is left out.
    const row = (label: string, value: string) => (value ? html`<dt>${label}</dt><dd>${value}</dd>` : nothing);
    return html`
      <div class="service" part="service">
        ${
          choice
            ? html`<div class="row"><h4 id=${`service-${key}`}>${f.name}</h4>
              <button type="button" role="switch" class="switch" part="service-switch" aria-checked=${on ? 'true' : 'false'}
                aria-labelledby=${`service-${key}`} @click=${() => this._toggle(choice.cat, !on, choice.s)}></button></div>`
            : html`<h4>${f.name}</h4>`
        }
        <dl>
          ${row(t('provider'), f.provider)}
          ${row(t('purpose'), f.purpose)}
          ${row(t('data'), f.data)}
          ${row(t('cookies'), t.list(f.cookies.map((c) => (c.lifetime ? `${c.name} (${c.lifetime})` : c.name))))}
          ${row(t('retention'), f.retention)}
          ${row(t('hosting'), f.hosting)}
          ${row(t('thirdParties'), f.thirdParties)}
        </dl>
        ${
          // Named with its service (and starting with what it shows): one link of each service's provider.
          f.privacyUrl
            ? html`<p><a href=${f.privacyUrl} aria-label=${`${t('providerPolicy')}, ${f.name}`}>${t('providerPolicy')}</a></p>`
            : nothing
        }
      </div>`;
  }
}
