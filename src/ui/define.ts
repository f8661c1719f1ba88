// Registers every custom element of the UI: the only module with that side effect.
import { TemoinBanner } from './banner/banner.js';
import { TemoinHistory } from './history/history.js';
import { TemoinPlaceholder } from './placeholder/placeholder.js';
import { TemoinPreferences } from './preferences/preferences.js';

const elements = {
  'temoin-banner': TemoinBanner,
  'temoin-preferences': TemoinPreferences,
  'temoin-placeholder': TemoinPlaceholder,
  'temoin-history': TemoinHistory,
};

for (const [name, element] of Object.entries(elements)) {
  if (!customElements.get(name)) customElements.define(name, element);
}

declare global {
  interface HTMLElementTagNameMap {
    'temoin-banner': TemoinBanner;
    'temoin-preferences': TemoinPreferences;
    'temoin-placeholder': TemoinPlaceholder;
    'temoin-history': TemoinHistory;
  }
}
