// The types the core shares with its write path and with UI modules, apart from the code that
// implements them: a module that needs a type then never imports the engine, and no import cycle
// runs through a type.
import type { StoredReceipt } from '../receipts/receipt.js';
import type { Language, TemoinConfig, ValidConfig } from './config.js';
import type { ChoiceChanges, CollectionMethod, ConsentRecord, Granted } from './consent.js';

/** A config object, its JSON text, or the URL of a JSON file. */
export type ConfigSource = TemoinConfig | string;

export interface DecisionOptions {
  /** Where the decision was made; receipts record it. Default `api`. */
  method?: CollectionMethod;
  /** The language the visitor read; default the page's. */
  language?: Language;
}

/**
 * What a decision asks for: every optional category (`true`), none (`false`), changes to the
 * categories or services granted now, or to forget the decision (`null`).
 */
export type Wanted = boolean | { changes: ChoiceChanges } | null;

/** A past decision with the receipt made for it, if this device still has it. */
export interface HistoryEntry extends ConsentRecord {
  receipt?: StoredReceipt;
}

export interface Temoin {
  /** Settles once the config is loaded and the stored decision read, with that decision or null. */
  readonly ready: Promise<ConsentRecord | null>;
  /** The validated config, or null while it loads or when it is invalid. */
  readonly config: ValidConfig | null;
  /** The visitor's current decision, or null when they must be asked. */
  get(): ConsentRecord | null;
  /**
   * Whether a category is granted, every service of it (`granted('media')`), or one of its
   * services, alone or with the whole category (`granted('media', 'youtube')`).
   */
  granted(category: string, service?: string): boolean;
  /** Decisions settle once recorded; they reject on a bad call, such as an unknown category. */
  acceptAll(options?: DecisionOptions): Promise<ConsentRecord | null>;
  rejectAll(options?: DecisionOptions): Promise<ConsentRecord | null>;
  /**
   * Changes some categories, or some services of a category, keeping the others as they are:
   * `set({ analytics: true })`, `set({ media: { youtube: true, vimeo: false } })`.
   */
  set(choices: ChoiceChanges, options?: DecisionOptions): Promise<ConsentRecord | null>;
  /**
   * Opens the preference center; with `switchOn` (`"media"`, `"media/youtube"`), that category or
   * service is switched on there, for the visitor to save with the rest, or not.
   */
  showPreferences(switchOn?: string): Promise<void>;
  /**
   * "Load this once": loads a blocked element (an embed, say) now, and its service for this page
   * view (README, placeholders); stores nothing, and what is granted stays as decided.
   */
  allowOnce(element: Element): void;
  /** Forgets the decision (this device keeps its history) and asks again. */
  reset(): Promise<void>;
  on(type: 'change', listener: (record: ConsentRecord | null) => void): () => void;
  /** Every decision made on this device, oldest first, with its receipt and the collector's acknowledgement. */
  history(): Promise<HistoryEntry[]>;
}

declare global {
  interface Window {
    temoin?: Temoin;
  }
}

/**
 * What the engine knows on this page: one small object its modules share (one module per concern),
 * also handed to the write path, which builds each decision from it.
 */
export interface PageState {
  /** The validated config; null while it loads, and for good when it is invalid. */
  config: ValidConfig | null;
  /**
   * Fingerprint of the config text, once read (config-trust.ts). The check path trusts it once the
   * config proves valid and no banner waits, else the write path with the first decision; empty
   * when the check path was not built with this core (nothing is remembered).
   */
  print?: string;
  /**
   * The config with its service templates expanded, once validated (or as this device remembered
   * it with `print`): remembered again with the next decision.
   */
  expanded?: unknown;
  /** The last record seen, even stale: it keeps the visitor's id. */
  stored: ConsentRecord | null;
  /** The record in force, or null when the visitor must be asked. */
  current: ConsentRecord | null;
  /** What is granted now: categories, and services as `category/service`. */
  granted: Granted;
  /** Global Privacy Control, read once when the page starts. */
  readonly gpc: boolean;
  /**
   * The page's fetch, taken before the blocker guards it: the config and receipts are Témoin's
   * own requests, never held back, even when a category's hosts happen to cover the collector's.
   */
  readonly fetch: typeof fetch;
}

/** What the engine gives Témoin's own code: where the UI module, the check and write paths are. */
export interface TemoinOptions {
  /** The URL the default UI module (`temoin-ui.js`) is resolved against: the core script's own. */
  _base: string;
  /** Imports the check path (check-path.ts), bundled or from beside the core script. */
  _check: () => Promise<CheckPath>;
  /** Imports the durable decision's read alone (durable.ts), for a visit that validates nothing. */
  _durable: () => Promise<DurablePath>;
  /** Imports the write path (write-path.ts), bundled or from beside the core script. */
  _decisions: () => Promise<WritePath>;
}

/**
 * The check path's contract with the engine: check-path.ts, served as `temoin-check.js` beside the
 * core script, or with the write path in a chunk of the ES module.
 */
export interface CheckPath extends DurablePath {
  checkConfig(page: PageState, input: unknown, trustNow: boolean): ValidConfig | Promise<ValidConfig>;
}

/** durable.ts, served as `temoin-durable.js`, and part of the check path. */
export interface DurablePath {
  durable(page: PageState): Promise<ConsentRecord | null>;
}

/**
 * The write path's contract with the engine: write-path.ts, served as `temoin-decisions.js` beside
 * the core script, or a chunk of the ES module.
 */
export interface WritePath {
  commit(page: PageState, wanted: Wanted, options: DecisionOptions): [ConsentRecord | null, Promise<void>];
  restore(page: PageState, durable: ConsentRecord): Promise<ConsentRecord>;
  deliver(page: PageState): Promise<void>;
  history(): Promise<HistoryEntry[]>;
}

/** What a UI module gives back from `mount`. */
export interface TemoinUI {
  /** Shown when the visitor has no valid decision. */
  showBanner(): void;
  /** Settles once the preference center is open. */
  showPreferences(switchOn?: string): Promise<void>;
  /**
   * Says the decision in force is saved, in the language it was made in, once: on the page a
   * withdrawal from the preference center reloaded, where no dialog closed.
   */
  saySaved(): void;
}

/**
 * The placeholders' module beside the UI module (no Lit), and the UI module, which holds the same
 * code: `export function placeholders(temoin, lang, strings) { … }`.
 */
export interface TemoinPlaceholdersModule {
  /**
   * Puts the placeholders in the page, in `lang`, from its strings' module (whose one export is the
   * strings). What it may return is told of each embed the blocker holds (one in a shadow root,
   * which the page's search does not reach), as many times as it is held.
   */
  placeholders(
    temoin: Temoin,
    lang: Language,
    strings: Record<string, Record<string, string>>,
    // A module of one's own may return nothing: its placeholders search the page only.
    // eslint-disable-next-line @typescript-eslint/no-invalid-void-type
  ): void | ((embed: Element) => void);
}

/** The contract of a UI module: `export function mount(temoin) { … }`, and the placeholders'. */
export interface TemoinUIModule extends TemoinPlaceholdersModule {
  /** Resolves once the strings of the page's language are there. */
  mount(temoin: Temoin): Promise<TemoinUI>;
}
