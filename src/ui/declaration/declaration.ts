import { html, nothing } from 'lit-html';
import { resolveLanguage, type Language } from '../../core/config.js';
import type { Temoin } from '../../core/types.js';
import { TemoinElement } from '../element.js';
import { declarationTranslator, type DeclarationTranslator as Translator } from '../i18n/declaration.js';
import { loadStrings, type Strings } from '../i18n/index.js';
import type { ServiceFacts } from '../i18n/services.js';
import { layers, tokens } from '../styles.js';
import { declarationStyles } from './declaration.styles.js';
import { COLUMNS, cookieTail, declaredCategories, EMPTY, type Column, type DeclaredCategory } from './rows.js';

/**
 * A cookie's name, breakable after its own punctuation only (`_pk_id.1.abc`, `__Secure-ENID`): a
 * narrow column wraps it there, never between two letters.
 */
const breakable = (name: string) =>
  name.split(/(?<=.[^\p{L}\p{N}])(?=[\p{L}\p{N}])/u).map((part, i) => (i ? html`<wbr>${part}` : part));

const cell = (f: ServiceFacts, column: Column) =>
  column == 'cookies'
    ? f.cookies.length
      ? html`<ul>${f.cookies.map((c) => html`<li><code>${breakable(c.name)}</code>${cookieTail(c)}</li>`)}</ul>`
      : EMPTY
    : column == 'privacyUrl'
      ? f.privacyUrl
        ? html`<a href=${f.privacyUrl}>${f.provider}</a>`
        : EMPTY
      : f[column] || EMPTY;

/**
 * The cookie declaration, for the site's cookie policy page: from the config, every category with
 * a table of its services (provider, purpose, data collected, each cookie's name and lifetime,
 * retention, where the data is hosted, third parties, the provider's policy), the visitor's
 * current choice, kept up to date, and a button to the preference center. In a container narrower
 * than the table (a phone, a sidebar: the element's own width, not the screen's), each service's
 * facts show instead as a block of labels and values under its name. Children of the element show until it is drawn (or without JavaScript):
 * the static HTML of `temoin declaration` fits there.
 *
 * @attr lang - Any language tag, read as the page's is (`fr-CA` in French, a language without a pack
 *   in English); by default the page's language (the nearest `lang` attribute), else the config's.
 * @attr heading-level - Level of each category's heading, 1 to 6 (default 2).
 * @csspart status - The sentence shown while the visitor has not chosen yet.
 * @csspart button - The button that opens the preference center; also `change`.
 * @csspart category - One category: heading, description, choice and table.
 * @csspart title - A category's heading.
 * @csspart description - A category's description.
 * @csspart choice - The visitor's choice for a category ("always on" for the required one).
 * @csspart scroll - The box a table scrolls in when wider than the page.
 * @csspart table - A category's table of services.
 * @csspart services - In a narrow container, the list that stands for a category's table.
 * @csspart service - In a narrow container, one service: its name, then its facts, label and value.
 * @cssproperty --temoin-bg, --temoin-fg, --temoin-muted, --temoin-accent, --temoin-on-accent,
 *   --temoin-border, --temoin-focus, --temoin-radius, --temoin-font - As for the banner.
 */
export class TemoinDeclaration extends TemoinElement {
  static override styles = [tokens, layers, declarationStyles];
  static observedAttributes = ['lang', 'heading-level'];
  /** The page's Témoin, given when the UI loads this element's chunk (cookie-declaration.ts). */
  static temoin: Temoin | undefined;
  private _off: (() => void) | undefined;
  /** The pack of the language last drawn in, once loaded. */
  private _strings: { lang: Language; strings: Strings } | undefined;

  override connectedCallback(): void {
    this.temoin = TemoinDeclaration.temoin ?? this.temoin;
    // The visitor's choice as it changes: from this button, the banner, another tab, the API.
    this._off ??= this.temoin.on('change', () => void this.requestUpdate());
    super.connectedCallback();
  }

  disconnectedCallback(): void {
    this._off?.();
    this._off = undefined;
  }

  attributeChangedCallback(): void {
    if (this.isConnected) void this.requestUpdate();
  }

  /** The page's language where the element stands, else the config's. */
  private _lang(): Language {
    return resolveLanguage(this.temoin.config!, this.closest('[lang]')?.getAttribute('lang') ?? '');
  }

  override render() {
    const config = this.temoin.config;
    if (!config) return nothing;
    // The pack of a new language is fetched first (the page's is already there, the UI's): until
    // then the table stays in the language it was drawn in.
    const lang = this._lang();
    if (this._strings?.lang != lang) {
      void loadStrings(lang).then((strings) => {
        if (this._lang() != lang) return;
        this._strings = { lang, strings };
        void this.requestUpdate();
      });
    }
    if (!this._strings) return nothing;
    const t = declarationTranslator(config, this._strings.lang, this._strings.strings);
    const decided = !!this.temoin.get();
    return html`
      <div class="body" lang=${t.lang}>
        ${decided ? nothing : html`<p part="status">${t('declaration.undecided')}</p>`}
        <button type="button" class="action change" part="button change" aria-haspopup="dialog"
          @click=${() => void this.temoin.showPreferences()}>${t('declaration.change')}</button>
        ${declaredCategories(config, t).map((c) => this._category(c, t, decided))}
      </div>`;
  }

  private _category(c: DeclaredCategory, t: Translator, decided: boolean) {
    const id = `category-${c.id}`;
    const level = Math.min(6, Math.max(1, Number(this.getAttribute('heading-level')) || 2));
    const choice = c.required
      ? t('alwaysOn')
      : decided && t('declaration.choice', { choice: t(this.temoin.granted(c.id) ? 'granted' : 'refused') });
    return html`
      <div class="category" part="category">
        <div class="title" part="title" id=${id} role="heading" aria-level=${level}>${c.title}</div>
        ${c.description ? html`<p class="note" part="description">${c.description}</p>` : nothing}
        ${choice ? html`<p class="choice" part="choice">${choice}</p>` : nothing}
        ${
          c.services.length
            ? [this._table(c, t, id), this._stack(c, t, id, Math.min(6, level + 1))]
            : html`<p class="note">${t('declaration.none')}</p>`
        }
      </div>`;
  }

  /** The category's services as a table: a row each, a column per fact. */
  private _table(c: DeclaredCategory, t: Translator, id: string) {
    return html`<div class="scroll" part="scroll" role="region" tabindex="0" aria-labelledby=${id}>
      <table part="table" aria-labelledby=${id}>
        <thead><tr><th scope="col">${t('declaration.service')}</th>${COLUMNS.map(([, key]) => html`<th scope="col">${t(key)}</th>`)}</tr></thead>
        <tbody>${c.services.map(
          (f) =>
            html`<tr><th scope="row">${f.name}</th>${COLUMNS.map(([column]) => html`<td>${cell(f, column)}</td>`)}</tr>`,
        )}</tbody>
      </table>
    </div>`;
  }

  /** The same facts for a narrow container, which shows this instead of the table: a block per service, the facts given. */
  private _stack(c: DeclaredCategory, t: Translator, id: string, level: number) {
    return html`<ul class="stack" part="services" aria-labelledby=${id}>${c.services.map(
      (f) => html`<li class="service" part="service">
        <div class="name" role="heading" aria-level=${level}>${f.name}</div>
        <dl>${COLUMNS.map(([column, key]) => {
          // What the table says with a dash, a block leaves out, as the preference center does.
          const value = cell(f, column);
          return value == EMPTY ? nothing : html`<dt>${t(key)}</dt><dd>${value}</dd>`;
        })}</dl>
      </li>`,
    )}</ul>`;
  }
}
