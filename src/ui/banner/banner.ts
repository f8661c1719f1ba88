import { html, nothing } from 'lit-html';
import { TemoinCloseEvent, TemoinCustomizeEvent } from '../events.js';
import { TemoinElement } from '../element.js';
import { tokens } from '../styles.js';
import { bannerStyles } from './banner.styles.js';

/**
 * The first layer, shown while the visitor has no valid decision. It is not a cookie wall: the page
 * stays usable, and closing it (Escape or the close button) records and grants nothing.
 * While open, the page gets room at its bottom so the banner never hides the focused element.
 *
 * @event temoin-customize - The visitor asked for the preference center.
 * @event temoin-close - The banner closed; `decided` tells whether a decision was recorded.
 * @csspart banner - The banner region.
 * @csspart title - Its heading.
 * @csspart text - What is collected and why.
 * @csspart policy-link - The link to the privacy policy.
 * @csspart actions - The row of the three choices.
 * @csspart button - Each of the three choices; also `accept`, `reject`, `customize`.
 * @csspart close - The close button.
 */
export class TemoinBanner extends TemoinElement {
  static override styles = [tokens, bannerStyles];

  private _returnFocus: Element | null = null;
  /** The page's own inline values, given back when the banner closes. */
  private _pageStyle = ['', ''];
  private _resize = new ResizeObserver(() => this._makeRoom());

  /** Scrolls a focused element of the page clear of the banner (WCAG 2.4.11, focus not obscured). */
  private _uncover = (e: FocusEvent) => {
    const target = e.target as Element;
    // Our own elements (the preference center is a modal on top of everything) need no room.
    if (target.localName.startsWith('temoin-')) return;
    const top = this.renderRoot.querySelector('section')!.getBoundingClientRect().top;
    const bottom = target.getBoundingClientRect().bottom;
    if (bottom > top) window.scrollBy(0, bottom - top + 8);
  };

  /** Reflected as the `open` attribute, which shows the banner. */
  get open(): boolean {
    return this.hasAttribute('open');
  }

  set open(open: boolean) {
    this.toggleAttribute('open', open);
    void this.requestUpdate();
  }

  show(): void {
    if (this.open) return;
    this._returnFocus = document.activeElement;
    this._pageStyle = [document.documentElement.style.scrollPaddingBottom, document.body.style.paddingBottom];
    this.open = true;
    document.addEventListener('focusin', this._uncover);
    void this.requestUpdate().then(() => {
      const region = this.renderRoot.querySelector('section')!;
      this._resize.observe(region);
      region.focus();
    });
  }

  hide(decided: boolean): void {
    if (!this.open) return;
    this.open = false;
    document.removeEventListener('focusin', this._uncover);
    this._resize.disconnect();
    this._makeRoom();
    // Give focus back to where it was, unless the visitor has moved on since.
    if (this.matches(':focus-within') || !document.activeElement || document.activeElement == document.body) {
      // The element that had focus may be an SVG or MathML element without focus().
      (this._returnFocus as Partial<HTMLElement> | null)?.focus?.();
    }
    this.dispatchEvent(new TemoinCloseEvent(decided));
  }

  /** Room at the bottom of the page, so its last content can scroll clear of the banner. */
  private _makeRoom(): void {
    const height = `${this.offsetHeight}px`;
    const [scroll, padding] = this._pageStyle;
    document.documentElement.style.scrollPaddingBottom = this.open ? height : scroll!;
    document.body.style.paddingBottom = this.open ? `calc(${padding || '0px'} + ${height})` : padding!;
  }

  private async _decide(choice: 'acceptAll' | 'rejectAll'): Promise<void> {
    if (await this.temoin[choice]({ method: 'banner', language: this.t.lang })) this.hide(true);
  }

  override render() {
    const config = this.temoin.config;
    if (!this.open || !config) return nothing;
    const t = this.t;
    const optional = config.categories.filter((c) => !c.required);
    const kinds = [...new Set(optional.flatMap((c) => c.services.flatMap((s) => s.data ?? [])))];
    const data = kinds.length ? t.list(kinds.map((k) => t(`data.${k}`))) : t('dataFallback');
    const purposes = t.list(optional.map((c) => t.text(c.title).toLowerCase()));
    const policy = t.text(config.policyUrl);
    return html`
      <section part="banner" role="dialog" aria-modal="false" aria-labelledby="title" aria-describedby="text" tabindex="-1"
        lang=${t.lang} @keydown=${(e: KeyboardEvent) => {
          if (e.key == 'Escape') this.hide(false);
        }}>
        <h2 id="title" part="title">${t('bannerTitle')}</h2>
        <p id="text" part="text">
          ${t('bannerText', { data, purposes })}
          ${policy ? html`<a part="policy-link" href=${policy}>${t('policyLink')}</a>` : nothing}
        </p>
        <div class="actions" part="actions">
          <button type="button" class="action" part="button accept" @click=${() => this._decide('acceptAll')}>${t('acceptAll')}</button>
          <button type="button" class="action" part="button reject" @click=${() => this._decide('rejectAll')}>${t('rejectAll')}</button>
          <button type="button" class="action" part="button customize" aria-haspopup="dialog"
            @click=${() => this.dispatchEvent(new TemoinCustomizeEvent())}>${t('customize')}</button>
        </div>
        <button type="button" class="close" part="close" aria-label=${t('closeBanner')} @click=${() => this.hide(false)}>×</button>
      </section>`;
  }
}
