// The config's shape: its types and fixed vocabularies, apart from validation. The modules that
// validation itself uses (the record, the cookie) need these types, so they cannot import config.ts.
/**
 * A BCP 47 language tag: `fr`, `en`, `es`, `pt-BR`… French and English are built in; the UI has
 * packs for a few more, and any other speaks from the config's `strings`.
 */
export type Language = string;

/**
 * Text in one language for all, or per language: `{ "fr": "…", "en": "…", "es": "…" }`. A page
 * reads its own language's, else its primary language's (`pt` for `pt-BR`), else English, else the first.
 */
export type LocalizedText = string | Record<Language, string>;

/** A lifetime or retention: a number of days (0 = end of session), or words. */
export type Duration = number | LocalizedText;

/** What a service can collect, in a fixed vocabulary the UI turns into plain words. */
export const DATA_KINDS = [
  'ip-address',
  'location',
  'precise-location',
  'device',
  'browser',
  'pages-viewed',
  'interactions',
  'identifier',
  'cross-site-activity',
  'contact-details',
  'content-preferences',
] as const;
export type DataKind = (typeof DATA_KINDS)[number];

/** Google Consent Mode v2 consent types. */
export const CONSENT_MODE_TYPES = [
  'ad_storage',
  'ad_user_data',
  'ad_personalization',
  'analytics_storage',
  'functionality_storage',
  'personalization_storage',
  'security_storage',
] as const;
export type ConsentModeType = (typeof CONSENT_MODE_TYPES)[number];

/** The banner's layouts, and the positions each takes (its default first). */
export const BANNER_POSITIONS = {
  bar: ['bottom', 'top'],
  box: ['bottom-right', 'bottom-left', 'middle'],
} as const;
export type BannerLayout = keyof typeof BANNER_POSITIONS;
export type BannerPosition = (typeof BANNER_POSITIONS)[BannerLayout][number];

export interface CookieDeclaration {
  /** Exact cookie name, or a pattern where `*` stands for any characters (`_ga_*`). */
  name: string;
  /** Domain it is set on; defaults to the page's host and its parents. */
  domain?: string;
  /** Path it is set on; `/` and the page's path prefixes are always tried too. */
  path?: string;
  lifetime?: Duration;
  description?: LocalizedText;
}

export interface ServiceConfig {
  id: string;
  /** What visitors call it, in their language where it differs (`{ "fr": "Pixel Meta", "en": "Meta Pixel" }`). */
  name: LocalizedText;
  provider: LocalizedText;
  purpose: LocalizedText;
  data?: DataKind[];
  /**
   * Host names it loads from; each also covers its subdomains. `*.example.com` is accepted. A host
   * with a path (`www.google.com/maps`) takes only the URLs under that path, for a service that
   * shares its host with another; a URL is held until every service whose entries take it is granted.
   */
  hosts?: string[];
  cookies?: CookieDeclaration[];
  retention?: Duration;
  hostedOutsideQuebec: boolean;
  /** Whether data goes to third parties, or their names. */
  thirdParty?: boolean | string[];
  privacyUrl?: string;
}

export interface CategoryConfig {
  id: string;
  /** True only for strictly necessary cookies: always on, cannot be refused. */
  required?: boolean;
  title: LocalizedText;
  description?: LocalizedText;
  /** `deny`: refused while Global Privacy Control is on, unless the visitor grants it explicitly. */
  gpc?: 'deny' | 'ignore';
  /** Google Consent Mode types granted when this category is. */
  consentMode?: ConsentModeType[];
  services?: ServiceConfig[];
}

export interface TemoinConfig {
  /** Bump it when purposes change: older decisions are asked again. */
  revision: number;
  /**
   * The language when the page's (`<html lang>`) is none the SDK speaks: built in, a pack, or one
   * of `strings`. `"auto"` (the default) leaves it to English.
   */
  lang?: Language;
  policyUrl?: LocalizedText;
  /** Where consent receipts are sent. */
  collector?: string;
  /** Days a decision lasts before the visitor is asked again (default 365). */
  expiresDays?: number;
  /** Who decides what the data is used for; named in every receipt. Required with `collector`. */
  controller?: { name: LocalizedText; contact?: LocalizedText };
  /** ISO 3166-2 code of the law receipts are made under (default CA-QC). */
  jurisdiction?: string;
  categories: CategoryConfig[];
  /** URL of the UI module, or false when the site brings its own UI and uses the API only. */
  ui?: string | false;
  /**
   * `block`: every cross-origin request to a host no service declares is blocked too (services of
   * the required category declare what the site needs, a CDN say). Default `allow`.
   */
  undeclared?: 'block' | 'allow';
  /** Reload the page when a visitor withdraws consent, since running code cannot be unloaded. */
  reloadOnWithdraw?: boolean;
  /** Domain for the `temoin` cookie, to share one decision across subdomains. */
  cookieDomain?: string;
  /** Where the persistent "manage cookies" button sits, or false when the site links `data-temoin-open`. */
  manageButton?: 'bottom-left' | 'bottom-right' | false;
  /** How the banner shows: a `bar` across the page (default), or a `box`. */
  layout?: BannerLayout;
  /**
   * Where the banner shows: a bar at the `bottom` (default) or `top`; a box in a corner
   * (`bottom-right`, its default, or `bottom-left`) or in the `middle`.
   */
  position?: BannerPosition;
  /**
   * Replaces any interface text, per language: `{ "fr": { "acceptAll": "J'accepte" } }`. A language
   * with no pack speaks from these, English filling the keys they leave out.
   */
  strings?: Record<Language, Record<string, string>>;
  /**
   * Written by `npx temoin check config.json --seal sealed.json` once the config is valid: the
   * fingerprint of the rest under this release's validation rules. The production script starts
   * with a config whose seal matches without downloading the validator.
   */
  seal?: string;
}

/** A config after validation, with defaults filled in. */
export interface ValidConfig extends TemoinConfig {
  /** A language tag, or `"auto"`. */
  lang: Language;
  expiresDays: number;
  reloadOnWithdraw: boolean;
  categories: (CategoryConfig & { services: ServiceConfig[] })[];
}
