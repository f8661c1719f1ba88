import { html, nothing } from 'lit-html';
import { sheet, TemoinElement } from '../element.js';
import { tokens } from '../styles.js';

/**
 * Stands in for a blocked iframe or embed, at its size: says which service and category it needs,
 * and offers to load it once or to always allow the category.
 *
 * @csspart placeholder - The box.
 * @csspart text - The explanation.
 * @csspart button - Each button; also `once`, `always`.
 */
export class TemoinPlaceholder extends TemoinElement {
  static override styles = [
    tokens,
    sheet(`
    :host { display: block; max-width: 100%; }
    .box { display: grid; place-content: center; gap: 12px; height: 100%; padding: 12px; text-align: center; font-size: 15px;
      background: var(--_bg); border: 1px dashed var(--_border); border-radius: var(--_radius); }
    .actions { justify-content: center; }
    .action { flex: 0 1 auto; min-height: 40px; padding: 6px 12px; }
  `),
  ];

  /** The blocked element this placeholder stands for. */
  embed!: HTMLElement;

  /** Puts the embed back in place of this placeholder. */
  release(): void {
    this.embed.style.display = this._display;
    this.remove();
  }

  private _display = '';

  override connectedCallback(): void {
    super.connectedCallback();
    // Same size as the embed, which is hidden meanwhile (through CSSOM: allowed by a strict CSP).
    const { embed } = this;
    const width = embed.getAttribute('width') ?? (embed.offsetWidth ? String(embed.offsetWidth) : '');
    const height = embed.getAttribute('height') ?? (embed.offsetHeight ? String(embed.offsetHeight) : '');
    if (width) this.style.width = /^\d+$/.test(width) ? `${width}px` : width;
    // At least the embed's height; more if the text needs it.
    if (height) this.style.minHeight = /^\d+$/.test(height) ? `${height}px` : height;
    this._display = embed.style.display;
    embed.style.display = 'none';
  }

  private _loadOnce(): void {
    this.temoin.allowOnce(this.embed);
    this.release();
  }

  override render() {
    const config = this.temoin.config;
    if (!config) return nothing;
    const t = this.t;
    const category = config.categories.find((c) => c.id == this.embed.dataset.category);
    const service = category?.services.find((s) => s.id == this.embed.dataset.service);
    const categoryName = t.text(category?.title) || (this.embed.dataset.category ?? '');
    return html`
      <div class="box" part="placeholder" lang=${t.lang}>
        <p part="text">${t('placeholder', { service: service ? `${t.text(service.name)} (${t.text(service.provider)})` : categoryName, category: categoryName })}</p>
        <div class="actions">
          <button type="button" class="action" part="button once" @click=${() => this._loadOnce()}>${t('loadOnce')}</button>
          ${
            category
              ? html`<button type="button" class="action" part="button always"
            @click=${() => this.temoin.set({ [category.id]: true }, { method: 'placeholder', language: t.lang })}>${t('alwaysAllow', { category: categoryName })}</button>`
              : nothing
          }
        </div>
      </div>`;
  }
}
