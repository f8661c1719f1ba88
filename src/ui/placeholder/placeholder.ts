import type { Temoin } from '../../core/types.js';
import { collectedData } from '../i18n/notice.js';
import type { Translator } from '../i18n/index.js';
import { sheet } from '../sheet.js';
import { tokens } from '../styles.js';

const styles = sheet(`
    :host { display: grid; max-width: 100%; }
    .box { contain: layout; display: grid; place-content: center; gap: 12px; padding: 12px; text-align: center; font-size: 0.9375em;
      background: var(--_bg); border: 1px dashed var(--_border); border-radius: var(--_radius); }
    .actions { justify-content: center; }
    .action { flex: 0 1 auto; min-height: 40px; padding: 6px 12px; overflow-wrap: anywhere; }
  `);

/** An element of the placeholder's shadow tree, with its class and its parts. */
const make = <K extends keyof HTMLElementTagNameMap>(tag: K, className: string, part: string) => {
  const el = document.createElement(tag);
  el.className = className;
  el.part.value = part;
  return el;
};

/**
 * Stands in for a blocked iframe or embed in its whole box, at any aspect ratio (a fluid width
 * stays fluid): says which service it is, what it would collect and which category it needs, and
 * offers to load it once or to always allow it: the service its `data-service` names (the rest of
 * the category stays refused), or else the category. It grows only if its text needs more room.
 * Plain DOM, not Lit: a returning visitor's placeholders come without the UI module.
 *
 * @csspart placeholder - The box.
 * @csspart text - The explanation.
 * @csspart button - Each button; also `once`, `always`.
 */
export class TemoinPlaceholder extends HTMLElement {
  temoin!: Temoin;
  /** The blocked element this placeholder stands for. */
  embed!: HTMLElement;
  private _t: Translator | undefined;
  private _display: string | undefined;

  constructor() {
    super();
    this.attachShadow({ mode: 'open' }).adoptedStyleSheets = [tokens(), styles()];
  }

  /** The interface language's text; setting it says everything again in that language. */
  get t(): Translator {
    return this._t!;
  }

  set t(t: Translator) {
    this._t = t;
    this._render();
  }

  /** Puts the embed back in place of this placeholder. */
  release(): void {
    const focused = this.matches(':focus-within');
    this.embed.style.display = this._display ?? '';
    this.remove();
    // A keyboard visitor who chose here goes on from the embed, not from the top of the page; where
    // it is shown by a ring (Chromium draws none on a focused frame) in the page's text colour, in
    // the embed's style until it loses focus (the page's own outline then comes back).
    if (focused) {
      const { style } = this.embed;
      const outline = style.outline;
      style.outline = '2px solid';
      this.embed.addEventListener('blur', () => (style.outline = outline), { once: true });
      this.embed.focus();
    }
  }

  connectedCallback(): void {
    // Once: moved in the page, the embed is hidden already and its display would be lost.
    if (this._display != undefined) return;
    this._takeBox();
    this._render();
  }

  /**
   * The embed's box, at any aspect ratio, taken through CSSOM (a strict CSP allows it): its used
   * size while it still shows, then, once hidden, its sizes as written (`100%`, `auto`, `560px`).
   */
  private _takeBox(): void {
    const { embed, style } = this;
    const box = embed.getBoundingClientRect();
    const css = getComputedStyle(embed);
    // An inline frame (an iframe is, by default) stays inline, where it was in its line: the box's
    // layout containment puts the baseline at its bottom, as a frame's is.
    if (css.display.startsWith('inline')) style.display = 'inline-grid';
    style.verticalAlign = css.verticalAlign;
    this._display = embed.style.display;
    embed.style.display = 'none';
    const fixed = (size: string) => size.endsWith('px') || size == 'auto';
    // Written sizes first: a 560 × 315 iframe is 560 × 315, whatever its border.
    const size = (written: string, used: number, attribute: string) =>
      written.endsWith('px') ? parseFloat(written) : used || Number(embed.getAttribute(attribute));
    const width = size(css.width, box.width, 'width');
    const height = size(css.height, box.height, 'height');
    // A fluid width keeps following its container; a fixed one shrinks with a narrower one.
    if (!fixed(css.width)) style.width = css.width;
    else if (width) style.width = `${width}px`;
    if (css.aspectRatio != 'auto' && css.height == 'auto') style.aspectRatio = css.aspectRatio;
    else if (!fixed(css.height)) style.height = css.height;
    // A fixed height stays that height, as the embed's does in a narrower column (the page does
    // not move when it loads); at least: more if the text needs it.
    else if (height) style.minHeight = `${height}px`;
    // An embed laid over a box that keeps the ratio (`position: absolute; inset: 0`).
    if (css.position == 'absolute') {
      const { top, right, bottom, left } = css;
      Object.assign(style, { position: 'absolute', top, right, bottom, left });
    }
  }

  /** Says it all in the translator's language: built once, its words replaced after that. */
  private _render(): void {
    const config = this.temoin.config;
    const t = this._t;
    if (!config || !t) return;
    // An embed the blocker held at run time says `data-category="category/service"`.
    const [categoryId, serviceId = this.embed.dataset.service] = this.embed.dataset.category!.split('/');
    const category = config.categories.find((c) => c.id == categoryId);
    const service = category?.services.find((s) => s.id == serviceId);
    const categoryName = t.text(category?.title) || categoryId!;
    /** What "always allow" allows, in the language of `t`; a service's name unbroken (« Google Maps »), the rest of the label wrapping. */
    const allowed = (t: Translator) =>
      service ? t.text(service.name).replace(/ /g, '\xa0') : t.text(category?.title) || categoryId!;
    const root = this.shadowRoot!;
    if (!root.firstChild) {
      const actions = make('div', 'actions', '');
      const button = (part: string, click: () => unknown) => {
        const b = make('button', 'action', 'button ' + part);
        b.type = 'button';
        b.onclick = click;
        actions.append(b);
      };
      button('once', () => {
        this.temoin.allowOnce(this.embed);
        this.release();
      });
      if (category) {
        const granted = { [category.id]: service ? { [service.id]: true } : true };
        // A visitor who has not decided yet chooses the rest too: a decision made here would
        // record every other category as refused, though the visitor was never asked. One who
        // has is told, as after the banner, that the saved choice changed, and where to change it
        // back: the placeholder goes with the embed it loads, so the page's status region says it.
        button('always', async () => {
          const t = this._t!;
          if (!this.temoin.get())
            return this.temoin.showPreferences(service ? `${category.id}/${service.id}` : category.id);
          if (!(await this.temoin.set(granted, { method: 'placeholder', language: t.lang }))) return;
          const { sayAllowed } = await import('../saved-status.js');
          sayAllowed(allowed(t), t.lang);
        });
      }
      root.append(make('div', 'box', 'placeholder'));
      root.firstElementChild!.append(make('p', '', 'text'), actions);
    }
    const [box, text, , once, always] = root.querySelectorAll<HTMLElement>('*');
    box!.lang = t.lang;
    const what = service ? `${t.text(service.name)} (${t.text(service.provider)})` : categoryName;
    text!.textContent =
      t('placeholder', { service: what, category: categoryName }) +
      (service?.data?.length ? ' ' + t('placeholderData', { data: collectedData(service.data, t) }) : '');
    once!.textContent = t('loadOnce');
    if (always) always.textContent = t('alwaysAllow', { category: allowed(t) });
  }
}
