// The small part of LitElement the UI needs, on top of lit-html: a shadow root with adopted
// stylesheets (no inline styles, so a strict CSP needs no 'unsafe-inline') and renders batched in
// a microtask. LitElement's reactive properties would cost 2.8 KB gzip of the UI chunk's 8.3 KB budget.
import { render } from 'lit-html';
import type { Temoin } from '../core/types.js';
import type { Translator } from './i18n/index.js';
import type { Sheet } from './sheet.js';

export { sheet, type Sheet } from './sheet.js';

export abstract class TemoinElement extends HTMLElement {
  static styles: Sheet[] = [];
  readonly renderRoot: ShadowRoot;
  temoin!: Temoin;
  private _pending: Promise<void> | undefined;
  private _t!: Translator;

  /** The interface language's text; setting it renders again. */
  get t(): Translator {
    return this._t;
  }

  set t(t: Translator) {
    this._t = t;
    void this.requestUpdate();
  }

  constructor() {
    super();
    this.renderRoot = this.attachShadow({ mode: 'open' });
    this.renderRoot.adoptedStyleSheets = (this.constructor as typeof TemoinElement).styles.map((s) => s());
  }

  /** Renders again in a microtask; the promise settles once rendered. */
  requestUpdate(): Promise<void> {
    return (this._pending ??= Promise.resolve().then(() => {
      this._pending = undefined;
      render(this.render(), this.renderRoot, { host: this });
    }));
  }

  connectedCallback(): void {
    void this.requestUpdate();
  }

  abstract render(): unknown;
}
