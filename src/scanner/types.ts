// What a scan records and reports. The JSON report (output/json.ts) is this shape; its schema is
// scan-report.schema.json, published as `temoin/schema/scan-report.json`.
import type { ValidConfig } from '../core/config.js';

export type Language = 'fr' | 'en';

/** A consent state a page is recorded in: before any decision, after a decision through `window.temoin`. */
export type StateName = 'no-decision' | 'reject-all' | 'accept-all' | `only:${string}`;

/** Who a host or a cookie belongs to. */
export interface Attribution {
  /**
   * `declared`: a service of the site's config; `temoin`: Témoin itself (its collector);
   * `first-party`: the site's own; `known`: not declared, but a catalog template matches;
   * `unknown`: neither.
   */
  status: 'declared' | 'temoin' | 'first-party' | 'known' | 'unknown';
  service: string | null;
  category: string | null;
  /** The catalog template that matches, declared or not. */
  template: string | null;
}

export interface RequestRecord {
  url: string;
  host: string;
  /** Chromium's resource type: document, script, image, ping, xhr, fetch, … */
  type: string;
  /**
   * `markup`: the page's own HTML started it (the parser); `script`: a script of the page did;
   * `frame`: a frame inside the page did; `other`: the browser (a favicon, a redirect).
   */
  initiator: 'markup' | 'script' | 'frame' | 'other';
  thirdParty: boolean;
  attribution: Attribution;
}

export interface CookieRecord {
  name: string;
  domain: string;
  path: string;
  /** Expiry in ms since the epoch, or null for a session cookie. */
  expires: number | null;
  /** Days left to live when recorded, rounded to a tenth, or null for a session cookie. */
  days: number | null;
  thirdParty: boolean;
  attribution: Attribution;
}

export interface StateRecord {
  state: StateName;
  requests: RequestRecord[];
  cookies: CookieRecord[];
  localStorage: string[];
  sessionStorage: string[];
  indexedDB: string[];
  /** navigator.sendBeacon and <a ping> requests. */
  beacons: string[];
  /** URLs of the frames inside the page. */
  iframes: string[];
  /** Whether Témoin's banner was open (first visit only), else null. */
  banner: boolean | null;
  /** Why this state could not be recorded, if it could not. */
  error: string | null;
}

export interface PageRecord {
  url: string;
  /** Whether `window.temoin` was found on the page. */
  temoin: boolean;
  states: StateRecord[];
}

export type FindingKind = 'leak' | 'unmarked' | 'undeclared' | 'cookie-lifetime' | 'unused' | 'no-banner' | 'no-cmp';
export const FINDING_KINDS: readonly FindingKind[] = [
  'leak',
  'unmarked',
  'undeclared',
  'cookie-lifetime',
  'unused',
  'no-banner',
  'no-cmp',
];

export interface Finding {
  kind: FindingKind;
  page: string;
  state: StateName | null;
  host: string | null;
  url: string | null;
  /** The cookie's name, for a finding about a cookie. */
  cookie: string | null;
  category: string | null;
  service: string | null;
  template: string | null;
  /** What was seen, in the report's language. */
  evidence: string;
  /** What to change, in words a web editor acts on. */
  fix: string;
}

export interface ScanReport {
  $schema: string;
  tool: { name: 'temoin'; version: string };
  site: string;
  lang: Language;
  startedAt: string;
  durationMs: number;
  browser: string;
  consentManager: {
    /** Témoin was found on at least one page. */
    temoin: boolean;
    /** SHA-256 hex of the canonical JSON of the validated config, as receipts carry it. */
    configHash: string | null;
    revision: number | null;
    /** Why the page's config could not be used, when Témoin is there but has no valid config. */
    configError: string | null;
  };
  states: StateName[];
  pages: PageRecord[];
  findings: Finding[];
}

/** What the HTML report and the suggested config need beyond the JSON report. */
export interface ScanResult {
  report: ScanReport;
  config: ValidConfig | null;
  /** PNG screenshots of the banner on a first visit, when it showed. */
  screenshots: { desktop?: Buffer; phone?: Buffer };
}
