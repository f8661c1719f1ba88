// The cookie declaration (<temoin-declaration>), in a chunk of its own: only pages that have the
// element download it. It brings the preference center's chunk with it: its button opens it, and
// both say a service's facts with the same words (i18n/services.ts, i18n/dates.ts).
import type { Temoin } from '../core/types.js';
import { TemoinDeclaration } from './declaration/declaration.js';
import { define } from './define.js';
import './preference-center.js';

/** Defines `<temoin-declaration>` for this page's Témoin. */
export function attach(temoin: Temoin): void {
  TemoinDeclaration.temoin = temoin;
  define({ 'temoin-declaration': TemoinDeclaration });
}

export { TemoinDeclaration };
