// The cookie declaration's content, apart from how it is drawn: `<temoin-declaration>` renders it
// with lit-html in the page, `temoin declaration` as static HTML or Markdown. No Lit here.
import type { ValidConfig } from '../../core/config.js';
import type { DeclarationTranslator } from '../i18n/declaration.js';
import type { StringKey } from '../i18n/index.js';
import { ownServices, serviceFacts, type ServiceFacts } from '../i18n/services.js';

/** The table's columns after the service's name (the row header), in order, each with its header's string. */
export const COLUMNS = [
  ['provider', 'provider'],
  ['purpose', 'purpose'],
  ['data', 'data'],
  ['cookies', 'cookies'],
  ['retention', 'retention'],
  ['hosting', 'hosting'],
  ['thirdParties', 'thirdParties'],
  ['privacyUrl', 'providerPolicy'],
] as const satisfies readonly (readonly [keyof ServiceFacts, StringKey])[];

export type Column = (typeof COLUMNS)[number][0];

/** One category of the declaration: a table of its services. */
export interface DeclaredCategory {
  id: string;
  title: string;
  description: string;
  required: boolean;
  services: ServiceFacts[];
}

/**
 * Every category of the config, and each of its services' facts, in `t`'s language; the first
 * required category begins with the cookie that keeps the choices.
 */
export function declaredCategories(config: ValidConfig, t: DeclarationTranslator): DeclaredCategory[] {
  return config.categories.map((c) => ({
    id: c.id,
    title: t.text(c.title),
    description: t.text(c.description),
    required: !!c.required,
    services: [...ownServices(config, c, t), ...c.services.map((s) => serviceFacts(s, t))],
  }));
}

/** What stands in an empty cell: a dash a screen reader reads, rather than "blank". */
export const EMPTY = '—';

/** A cookie in words: `_ga (13 mois) — Distingue les visiteurs`, its name kept apart for `<code>`. */
export const cookieTail = (c: { lifetime: string; description: string }): string =>
  `${c.lifetime ? ` (${c.lifetime})` : ''}${c.description ? ` — ${c.description}` : ''}`;
