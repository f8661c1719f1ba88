import { html, nothing } from 'lit-html';
import { sheet, TemoinElement } from '../element.js';
import { collectedData } from '../i18n/notice.js';
import { tokens } from '../styles.js';

/**
 * Stands in for a blocked iframe or embed in its whole box, at any aspect ratio (a fluid width
 * stays fluid): says which service it is, what it would collect and which category it needs, and
 * offers to load it once or to always allow it: the service its `data-service` names (the rest of
 * the category stays refused), or else the category. It grows only if its text needs more room.
 *
 * @csspart placeholder - The box.
 * @csspart text - The explanation.
 * @csspart button - Each button; also `once`, `always`.
 */
export class TemoinPlaceholder extends TemoinElement {
  static override styles = [
    tokens,
    sheet(`
    :host { display: grid; max-width: 100%; }
    .box { display: grid; place-content: center; gap: 12px; padding: 12px; text-align: center; font-size: 15px;
      background: var(--_bg); border: 1px dashed var(--_border); border-radius: var(--_radius); }
    .actions { justify-content: center; }
    .action { flex: 0 1 auto; min-height: 40px; padding: 6px 12px; }
  `),
  ];

  /** The blocked element this placeholder stands for. */
  embed!: HTMLElement;

  /** Puts the embed back in place of this placeholder. */
  release(): void {
    this.embed.style.display = this._display ?? '';
    this.remove();
  }

  private _display: string | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    // Once: moved in the page, the embed is hidden already and its display would be lost.
    if (this._display != undefined) return;
    // The embed's box, at any aspect ratio, taken through CSSOM (a strict CSP allows it): its used
    // size while it still shows, then, once hidden, its sizes as written (`100%`, `auto`, `560px`).
    const { embed, style } = this;
    const box = embed.getBoundingClientRect();
    this._display = embed.style.display;
    embed.style.display = 'none';
    const css = getComputedStyle(embed);
    const fixed = (size: string) => size.endsWith('px') || size == 'auto';
    // Written sizes first: a 560 × 315 iframe is 560 × 315, whatever its border.
    const size = (written: string, used: number, attribute: string) =>
      written.endsWith('px') ? parseFloat(written) : used || Number(embed.getAttribute(attribute));
    const width = size(css.width, box.width, 'width');
    const height = size(css.height, box.height, 'height');
    // A fluid width keeps following its container; a fixed one shrinks with it, keeping the ratio.
    if (!fixed(css.width)) style.width = css.width;
    else if (width) style.width = `${width}px`;
    if (css.aspectRatio != 'auto' && css.height == 'auto') style.aspectRatio = css.aspectRatio;
    else if (!fixed(css.height)) style.height = css.height;
    // A fixed height under a fluid width stays that height; at least: more if the text needs it.
    else if (!fixed(css.width) && height) style.minHeight = `${height}px`;
    else if (width && height) style.aspectRatio = `${width} / ${height}`;
    // An embed laid over a box that keeps the ratio (`position: absolute; inset: 0`).
    if (css.position == 'absolute')
      Object.assign(style, {
        position: 'absolute',
        top: css.top,
        right: css.right,
        bottom: css.bottom,
        left: css.left,
      });
  }

  private _loadOnce(): void {
    this.temoin.allowOnce(this.embed);
    this.release();
  }

  override render() {
    const config = this.temoin.config;
    if (!config) return nothing;
    const t = this.t;
    // An embed the blocker held at run time says `data-category="category/service"`.
    const [categoryId, serviceId = this.embed.dataset.service] = this.embed.dataset.category!.split('/');
    const category = config.categories.find((c) => c.id == categoryId);
    const service = category?.services.find((s) => s.id == serviceId);
    const categoryName = t.text(category?.title) || categoryId!;
    return html`
      <div class="box" part="placeholder" lang=${t.lang}>
        <p part="text">${t('placeholder', { service: service ? `${t.text(service.name)} (${t.text(service.provider)})` : categoryName, category: categoryName })}
          ${service?.data?.length ? t('placeholderData', { data: collectedData(service.data, t) }) : nothing}</p>
        <div class="actions">
          <button type="button" class="action" part="button once" @click=${() => this._loadOnce()}>${t('loadOnce')}</button>
          ${
            category
              ? html`<button type="button" class="action" part="button always"
            @click=${() => this.temoin.set({ [category.id]: service ? { [service.id]: true } : true }, { method: 'placeholder', language: t.lang })}>${t('alwaysAllow', { category: service ? t.text(service.name) : categoryName })}</button>`
              : nothing
          }
        </div>
      </div>`;
  }
}
