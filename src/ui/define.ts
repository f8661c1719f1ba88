// Registers the custom elements of the UI: the banner once its chunk is imported (index.ts), the
// preference center from its own chunk (preference-center.ts), once someone reaches for it, the
// cookie declaration from its own (cookie-declaration.ts), on pages that have one, and the
// placeholders from their module (placeholder/placeholders.ts, no Lit) when an embed is blocked.
import type { TemoinBanner } from './banner/banner.js';
import type { TemoinDeclaration } from './declaration/declaration.js';
import type { TemoinHistory } from './history/history.js';
import type { TemoinPlaceholder } from './placeholder/placeholder.js';
import type { TemoinPreferences } from './preferences/preferences.js';

/** Defines each element unless the page already has one of that name. */
export function define(elements: Record<string, CustomElementConstructor>): void {
  for (const [name, element] of Object.entries(elements)) {
    if (!customElements.get(name)) customElements.define(name, element);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'temoin-banner': TemoinBanner;
    'temoin-preferences': TemoinPreferences;
    'temoin-placeholder': TemoinPlaceholder;
    'temoin-history': TemoinHistory;
    'temoin-declaration': TemoinDeclaration;
  }
}
