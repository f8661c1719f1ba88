// Typed events of the UI components; all bubble and cross shadow roots.
import type { Language } from '../core/config.js';

const init = { bubbles: true, composed: true };

/** The visitor asked for the preference center from the banner. */
export class TemoinCustomizeEvent extends Event {
  constructor() {
    super('temoin-customize', init);
  }
}

/** The visitor switched the interface language. */
export class TemoinLanguageEvent extends Event {
  constructor(readonly lang: Language) {
    super('temoin-language', init);
  }
}

/** The banner or preference center closed; `decided` is false when nothing was recorded. */
export class TemoinCloseEvent extends Event {
  constructor(readonly decided: boolean) {
    super('temoin-close', init);
  }
}

declare global {
  interface HTMLElementEventMap {
    'temoin-customize': TemoinCustomizeEvent;
    'temoin-language': TemoinLanguageEvent;
    'temoin-close': TemoinCloseEvent;
  }
}
