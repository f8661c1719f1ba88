// The types the core shares with its write path and with UI modules, apart from the code that
// implements them: a module that needs a type then never imports the engine, and no import cycle
// runs through a type.
import type { StoredReceipt } from '../receipts/receipt.js';
import type { Language, TemoinConfig, ValidConfig } from './config.js';
import type { CollectionMethod, ConsentRecord } from './consent.js';

/** A config object, its JSON text, or the URL of a JSON file. */
export type ConfigSource = TemoinConfig | string;

export interface DecisionOptions {
  /** Where the decision was made; receipts record it. Default `api`. */
  method?: CollectionMethod;
  /** The language the visitor read; default the page's. */
  language?: Language;
}

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
  granted(category: string): boolean;
  /** Decisions settle once recorded; they reject on a bad call, such as an unknown category. */
  acceptAll(options?: DecisionOptions): Promise<ConsentRecord | null>;
  rejectAll(options?: DecisionOptions): Promise<ConsentRecord | null>;
  /** Changes some categories, keeping the others as they are: `set({ analytics: true })`. */
  set(choices: Record<string, boolean>, options?: DecisionOptions): Promise<ConsentRecord | null>;
  showPreferences(): Promise<void>;
  /** Loads one blocked element (an embed, say) now, without granting its category. */
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

/** What a UI module gives back from `mount`. */
export interface TemoinUI {
  /** Shown when the visitor has no valid decision. */
  showBanner(): void;
  showPreferences(): void;
}

/** The contract of a UI module: `export function mount(temoin) { … }`. */
export interface TemoinUIModule {
  mount(temoin: Temoin): TemoinUI;
}
