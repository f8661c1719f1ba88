// Public API of the core for bundlers: `import { init, acceptAll } from 'temoin'`.
// The same API is `window.temoin` on pages that use the classic script.
import type { ChoiceChanges, ConsentRecord } from './consent.js';
import { createTemoin } from './temoin.js';
import type { ConfigSource, DecisionOptions, Temoin } from './types.js';

export type { ConfigSource, DecisionOptions, HistoryEntry, Temoin, TemoinUI, TemoinUIModule } from './types.js';
export type { ChoiceChanges, Choices, CollectionMethod, ConsentRecord, Granted } from './consent.js';
export type {
  Acknowledgement,
  Purpose,
  Receipt,
  ReceiptEvent,
  ServiceTerms,
  StoredReceipt,
} from '../receipts/receipt.js';
export type {
  BannerLayout,
  BannerPosition,
  CategoryConfig,
  ConsentModeType,
  CookieDeclaration,
  DataKind,
  Duration,
  Language,
  LocalizedText,
  ServiceConfig,
  TemoinConfig,
  ValidConfig,
} from './config.js';
export { CONSENT_MODE_TYPES, ConfigError, DATA_KINDS, localize, validateConfig } from './config.js';
export { TemoinChangeEvent } from './events.js';

let instance: Temoin | undefined;
let started!: (temoin: Temoin) => void;
const instanceReady = new Promise<Temoin>((resolve) => (started = resolve));

/** Starts Témoin once per page, as early as possible; later calls return the same instance. */
export function init(config: ConfigSource): Temoin {
  if (instance) {
    console.warn('temoin: init() was already called; the first config stays in force');
    return instance;
  }
  instance = window.temoin = createTemoin(config, {
    _base: import.meta.url,
    // One chunk for a bundler: the check path and the write path share most of their code.
    _check: () => import('./bundled-paths.js'),
    _durable: () => import('./bundled-paths.js'),
    _decisions: () => import('./bundled-paths.js'),
  });
  started(instance);
  return instance;
}

/** Settles once `init` ran, the config is loaded and the stored decision read. */
export const ready: Promise<ConsentRecord | null> = instanceReady.then((t) => t.ready);

const need = (): Temoin => {
  if (!instance) throw new Error('temoin: call init(config) first');
  return instance;
};

/** The current decision, or null when there is none (or before `init`). */
export const get = (): ConsentRecord | null => instance?.get() ?? null;
/** False for every optional category until the visitor grants it (and before `init`). */
export const granted = (category: string, service?: string): boolean => instance?.granted(category, service) ?? false;
export const acceptAll = (options?: DecisionOptions) => need().acceptAll(options);
export const rejectAll = (options?: DecisionOptions) => need().rejectAll(options);
export const set = (choices: ChoiceChanges, options?: DecisionOptions) => need().set(choices, options);
export const showPreferences = (switchOn?: string) => need().showPreferences(switchOn);
export const reset = () => need().reset();
export const on = (type: 'change', listener: (record: ConsentRecord | null) => void) => need().on(type, listener);
export const history = () => need().history();
