// Pure decision logic: config + stored record + signals -> what is granted. No DOM, no storage.
import type { Language, ValidConfig } from './config-types.js';

/** How a decision was made; receipts carry it as their collection method. */
export type CollectionMethod = 'banner' | 'preferences' | 'placeholder' | 'api' | 'gpc';

/** Category id -> granted. */
export type Choices = Record<string, boolean>;

/** A visitor's decision, kept in IndexedDB and mirrored in the `temoin` cookie. */
export interface ConsentRecord {
  /** Random pseudonymous id of this visitor on this site, kept across decisions; never an IP. */
  id: string;
  /** The config revision the visitor answered. */
  revision: number;
  choices: Choices;
  /** First decision of this id, last change, and when the visitor must be asked again (ms since epoch). */
  createdAt: number;
  updatedAt: number;
  expiresAt: number;
  language: Language;
  /** Signals the browser sent when the decision was made. */
  signals: { gpc: boolean };
  method: CollectionMethod;
  /** The consent receipt made for this decision. */
  receiptId?: string;
  /** How many receipts of this device still wait for the collector: the next page load retries. */
  unsent?: number;
}

const DAY = 864e5;

/** A record answers the question only for the config's revision and until it expires. */
export function isCurrent(record: ConsentRecord, config: ValidConfig, now: number): boolean {
  return record.revision === config.revision && record.expiresAt > now;
}

/**
 * What is granted now. Required categories always are; others only by a current record.
 * A GPC signal that appeared after the decision refuses `gpc: "deny"` categories again, while a
 * grant made with GPC already on is the visitor's explicit choice and stands.
 */
export function grantedCategories(config: ValidConfig, record: ConsentRecord | null, gpc: boolean): Choices {
  const granted: Choices = {};
  for (const cat of config.categories) {
    granted[cat.id] =
      !!cat.required || (record?.choices[cat.id] === true && !(gpc && cat.gpc == 'deny' && !record.signals.gpc));
  }
  return granted;
}

/** Accept all: everything, except what Global Privacy Control asks to refuse. */
export function acceptAllChoices(config: ValidConfig, gpc: boolean): Choices {
  return choicesFrom(config, (cat) => !(gpc && cat.gpc == 'deny'));
}

export function rejectAllChoices(config: ValidConfig): Choices {
  return choicesFrom(config, () => false);
}

/** Applies a visitor's changes to the current choices; unknown or required ids are an error. */
export function changeChoices(config: ValidConfig, current: Choices, changes: Record<string, boolean>): Choices {
  for (const [id, value] of Object.entries(changes)) {
    const cat = config.categories.find((c) => c.id == id);
    // Refusing a required category, or a choice that is not a boolean, is a caller's bug.
    if (!cat || typeof value != 'boolean' || (cat.required && !value)) {
      throw new TypeError(
        DEV_MODE
          ? `temoin: set({ ${id}: ${String(value)} }): ${!cat ? `unknown category; known: ${config.categories.map((c) => c.id).join(', ')}` : cat.required ? 'a strictly necessary category cannot be refused' : 'a choice is true or false'}`
          : `temoin: set(${id})`,
      );
    }
  }
  return choicesFrom(config, (cat) => changes[cat.id] ?? current[cat.id] ?? false);
}

function choicesFrom(config: ValidConfig, pick: (cat: ValidConfig['categories'][number]) => boolean): Choices {
  return Object.fromEntries(config.categories.map((cat) => [cat.id, !!cat.required || pick(cat)]));
}

export function makeRecord(
  config: ValidConfig,
  previous: ConsentRecord | null,
  choices: Choices,
  context: { gpc: boolean; language: Language; method: CollectionMethod },
  now: number,
): ConsentRecord {
  return {
    id: previous?.id ?? uuid(),
    revision: config.revision,
    choices,
    createdAt: previous?.createdAt ?? now,
    updatedAt: now,
    expiresAt: now + config.expiresDays * DAY,
    language: context.language,
    signals: { gpc: context.gpc },
    method: context.method,
  };
}

/** Reads a record from storage or another tab; anything malformed counts as no decision. */
export function parseRecord(value: unknown): ConsentRecord | null {
  const r = value as Record<keyof ConsentRecord, unknown> | null;
  // Only what a decision is read from needs checking: choices are compared with `=== true`.
  return typeof r?.id == 'string' &&
    Number.isInteger(r.revision) &&
    typeof r.choices == 'object' &&
    r.choices &&
    typeof r.signals == 'object' &&
    r.signals &&
    (r.expiresAt as number) > 0 &&
    (r.updatedAt as number) > 0
    ? (r as unknown as ConsentRecord)
    : null;
}

/** UUIDv4 from getRandomValues: randomUUID exists only on https pages. */
export function uuid(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 15) | 64;
  b[8] = (b[8]! & 63) | 128;
  const h = Array.from(b, (x) => (x + 256).toString(16).slice(1)).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
