import { html, nothing } from 'lit-html';
import { localize } from '../../core/config.js';
import { TemoinCloseEvent, TemoinCustomizeEvent } from '../events.js';
import { TemoinElement } from '../element.js';
import { notice } from '../i18n/notice.js';
import { layers, tokens } from '../styles.js';
import { bannerStyles } from './banner.styles.js';

/**
 * The first layer, shown while the visitor has no valid decision. It is not a cookie wall: the page
 * stays usable, and closing it (Escape or the close button) records and grants nothing.
 * While open, the page gets room on the banner's side (its bottom, or its top for a top bar) so the
 * banner never hides the focused element. A box in the middle blocks nothing either: once focus
 * goes to the page, it moves to the bottom-right corner, out of the way.
 *
 * The config's `layout` and `position` are reflected, checked, as the `layout` (`bar`, `box`) and
 * `position` attributes, for a site's own CSS; on a screen 30rem wide or less, a box shows as a bar.
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
  static override styles = [tokens, layers, bannerStyles];

  private _returnFocus: Element | null = null;
  /** The side of the page the banner takes room from: `Top` for a top bar, else `Bottom`. */
  private _side: 'Top' | 'Bottom' = 'Bottom';
  /** The page's own inline values, given back when the banner closes. */
  private _pageStyle = ['', ''];
  private _resize = new ResizeObserver(() => this._makeRoom());

  /** Scrolls a focused element of the page clear of the banner (WCAG 2.4.11, focus not obscured). */
  private _uncover = (e: FocusEvent) => {
    const host = e.target as Element;
    // The banner and the preference center (a modal on top of everything) need no room; a
    // placeholder's buttons, page content, do.
    if (host == this || host.localName == 'temoin-preferences') return;
    // A box in the middle steps aside once the visitor turns to the page.
    if (this.getAttribute('position') == 'middle') this.setAttribute('position', 'bottom-right');
    const region = this.renderRoot.querySelector('section')!.getBoundingClientRect();
    const box = (e.composedPath()[0] as Element).getBoundingClientRect();
    if (this._side == 'Top') {
      if (box.top < region.bottom) window.scrollBy(0, box.top - region.bottom - 8);
    } else if (box.bottom > region.top) window.scrollBy(0, box.bottom - region.top + 8);
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
    // A position its layout does not take (only the development build calls it an error) is the
    // layout's default: config-types.ts, BANNER_POSITIONS.
    const { layout, position } = this.temoin.config!;
    const box = layout == 'box';
    const place = box
      ? position == 'bottom-left' || position == 'middle'
        ? position
        : 'bottom-right'
      : position == 'top'
        ? position
        : 'bottom';
    this.setAttribute('layout', box ? 'box' : 'bar');
    this.setAttribute('position', place);
    const side = (this._side = place == 'top' ? 'Top' : 'Bottom');
    this._pageStyle = [document.documentElement.style[`scrollPadding${side}`], document.body.style[`padding${side}`]];
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

  /** Room on the banner's side of the page, so the content there can scroll clear of it. */
  private _makeRoom(): void {
    // Text that had to yield scrolls: from the keyboard too.
    const text = this.renderRoot.querySelector('#text');
    if (text && text.scrollHeight > text.clientHeight) text.setAttribute('tabindex', '0');
    else text?.removeAttribute('tabindex');
    // A margin too: the browser scrolls a focused element to the padding's edge, give or take the
    // fraction of a pixel a scroll cannot move.
    const height = `${this.offsetHeight + 8}px`;
    const [scroll, padding] = this._pageStyle;
    const side = this._side;
    document.documentElement.style[`scrollPadding${side}`] = this.open ? height : scroll!;
    document.body.style[`padding${side}`] = this.open ? `calc(${padding || '0px'} + ${height})` : padding!;
  }

  private async _decide(choice: 'acceptAll' | 'rejectAll'): Promise<void> {
    if (await this.temoin[choice]({ method: 'banner', language: this.t.lang })) this.hide(true);
  }

  override render() {
    const config = this.temoin.config;
    if (!this.open || !config) return nothing;
    const t = this.t;
    const policy = localize(config.policyUrl, t.lang);
    return html`
      <section part="banner" role="dialog" aria-modal="false" aria-labelledby="title" aria-describedby="text" tabindex="-1"
        lang=${t.lang} @keydown=${(e: KeyboardEvent) => {
          if (e.key == 'Escape') this.hide(false);
        }}>
        <h2 id="title" part="title">${t('bannerTitle')}</h2>
        <p id="text" part="text">
          ${notice(config.categories, t)}
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
