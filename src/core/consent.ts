// Pure decision logic: config + stored record + signals -> what is granted. No DOM, no storage.
import type { Language, ValidConfig } from './config-types.js';

/** How a decision was made; receipts carry it as their collection method. */
export type CollectionMethod = 'banner' | 'preferences' | 'placeholder' | 'api' | 'gpc';

/** Category id -> granted. */
export type Choices = Record<string, boolean>;

/**
 * What is granted now: each category id (true only when every service of it is), and each service
 * as `category/service` (`media/youtube`). Ids have no `/`, so the keys cannot collide.
 */
export type Granted = Record<string, boolean>;

/**
 * What a decision changes: a whole category (`{ media: true }`), or some of its services
 * (`{ media: { youtube: true } }`); the others keep their state.
 */
export type ChoiceChanges = Record<string, boolean | Record<string, boolean>>;

/** A visitor's decision, kept in IndexedDB and mirrored in the `temoin` cookie. */
export interface ConsentRecord {
  /** Random pseudonymous id of this visitor on this site, kept across decisions; never an IP. */
  id: string;
  /** The config revision the visitor answered. */
  revision: number;
  /** Category id -> granted: true only when every service of the category is. */
  choices: Choices;
  /**
   * The ids of the services granted in categories granted only in part (a `false` in `choices`);
   * ids are unique across the config. A record without it (older ones) grants or refuses each
   * category whole. A list, half the cookie bytes of a map.
   */
  services?: string[];
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
 * What is granted now (see Granted). Required categories always are; others only by a current
 * record. A GPC signal that appeared after the decision refuses `gpc: "deny"` categories again,
 * while a grant made with GPC already on is the visitor's explicit choice and stands.
 */
export function grantedCategories(config: ValidConfig, record: ConsentRecord | null, gpc: boolean): Granted {
  const granted: Granted = {};
  // Exact ids only: `concat` makes anything but a list (a string, say) one item, never part of an id.
  const listed = ([] as unknown[]).concat(record?.services);
  for (const cat of config.categories) {
    const ok = (on: unknown) => !!cat.required || (on === true && !(gpc && cat.gpc == 'deny' && !record!.signals.gpc));
    const all = (granted[cat.id] = ok(record?.choices[cat.id]));
    for (const s of cat.services) granted[cat.id + '/' + s.id] = all || ok(listed.includes(s.id));
  }
  return granted;
}

/**
 * Whether content of a category may load: the whole category is granted, or the service named
 * (which covers markup naming a service, and `temoin.granted(category, service)`).
 */
export const isGranted = (granted: Granted, category: string, service?: string): boolean =>
  granted[category] === true || (!!service && granted[category + '/' + service] === true);

/** Accept all: everything, except what Global Privacy Control asks to refuse. */
export function acceptAllChoices(config: ValidConfig, gpc: boolean): Choices {
  return choicesFrom(config, (cat) => !(gpc && cat.gpc == 'deny'));
}

export function rejectAllChoices(config: ValidConfig): Choices {
  return choicesFrom(config, () => false);
}

/**
 * Applies a visitor's changes to what is granted now (a Granted), as a Granted for makeRecord.
 * Unknown categories or services, and refusing a required category, are a caller's bug.
 */
export function changeChoices(config: ValidConfig, current: Granted, changes: ChoiceChanges): Granted {
  const next = { ...current };
  // Full sentences in the development build only; the production one names the category.
  const wrong = (id: string, why: string | false) => {
    throw new TypeError(
      DEV_MODE ? `temoin: set({ ${id}: ${JSON.stringify(changes[id])} }): ${why}` : `temoin: set(${id})`,
    );
  };
  const list = (items: { id: string }[]) => items.map((x) => x.id).join(', ') || 'none';
  for (const [id, value] of Object.entries(changes)) {
    const cat = config.categories.find((c) => c.id == id);
    if (!cat) return wrong(id, DEV_MODE && `unknown category; known: ${list(config.categories)}`);
    const services = typeof value == 'boolean' ? null : Object.entries((value as Record<string, unknown> | null) ?? {});
    if (services ? typeof value != 'object' || !value : cat.required && !value) {
      wrong(
        id,
        DEV_MODE &&
          (services
            ? 'a choice is true, false or { service: true or false }'
            : 'a strictly necessary category cannot be refused'),
      );
    }
    for (const [s, on] of services ?? []) {
      if (!cat.services.some((x) => x.id == s)) {
        wrong(id, DEV_MODE && `unknown service "${s}"; ${id} has: ${list(cat.services)}`);
      }
      if (typeof on != 'boolean' || (cat.required && !on)) {
        wrong(
          id,
          DEV_MODE &&
            (typeof on != 'boolean'
              ? `${s}: a choice is true or false`
              : 'a strictly necessary service cannot be refused'),
        );
      }
      next[id + '/' + s] = on as boolean;
    }
    if (!services) {
      next[id] = value as boolean;
      for (const s of cat.services) next[id + '/' + s.id] = value as boolean;
    }
  }
  return next;
}

function choicesFrom(config: ValidConfig, pick: (cat: ValidConfig['categories'][number]) => boolean): Choices {
  return Object.fromEntries(config.categories.map((cat) => [cat.id, !!cat.required || pick(cat)]));
}

/**
 * The record of a decision. `wanted` grants categories (`media`) and services (`media/youtube`);
 * a service not named follows its category. A category is true in `choices` only when every
 * service of it is granted; the services of the others go to `services`.
 */
export function makeRecord(
  config: ValidConfig,
  previous: ConsentRecord | null,
  wanted: Granted,
  context: { gpc: boolean; language: Language; method: CollectionMethod },
  now: number,
): ConsentRecord {
  const choices: Choices = {};
  const services: string[] = [];
  for (const cat of config.categories) {
    const on = cat.services.filter((s) => cat.required || (wanted[cat.id + '/' + s.id] ?? wanted[cat.id]) === true);
    choices[cat.id] =
      !!cat.required || (cat.services.length ? on.length == cat.services.length : wanted[cat.id] === true);
    if (!choices[cat.id]) services.push(...on.map((s) => s.id));
  }
  return {
    id: previous?.id ?? uuid(),
    revision: config.revision,
    choices,
    ...(services.length ? { services } : {}),
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
