// Typed events of the core.
import type { ConsentRecord } from './consent.js';

/** Fired on `document` when the decision changes: in this tab, in another tab, or by `reset()`. */
export class TemoinChangeEvent extends CustomEvent<ConsentRecord | null> {
  constructor(record: ConsentRecord | null) {
    super('temoin:change', { detail: record });
  }
}

declare global {
  interface DocumentEventMap {
    'temoin:change': TemoinChangeEvent;
  }
}
