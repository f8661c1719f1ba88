// The decision logic in Node, without a browser: what a record grants, when it stops answering,
// how choices are made and changed, and what counts as a stored record.
import '../../src/check/dev-mode.js';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateConfig } from '../../src/core/config.js';
import {
  acceptAllChoices,
  changeChoices,
  grantedCategories,
  isCurrent,
  makeRecord,
  parseRecord,
  rejectAllChoices,
  uuid,
  type ConsentRecord,
} from '../../src/core/consent.js';

const DAY = 864e5;
const NOW = Date.UTC(2025, 0, 15);
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const config = validateConfig({
  revision: 3,
  expiresDays: 30,
  categories: [
    { id: 'necessary', required: true, title: 'Nécessaires' },
    { id: 'analytics', title: 'Mesure' },
    { id: 'marketing', title: 'Publicité', gpc: 'deny' },
  ],
});

const record = (overrides: Partial<ConsentRecord> = {}): ConsentRecord => ({
  id: '9b2f4c1e-5a7d-4e3b-8c6f-0d1e2f3a4b5c',
  revision: 3,
  choices: { necessary: true, analytics: true, marketing: true },
  createdAt: NOW - DAY,
  updatedAt: NOW - DAY,
  expiresAt: NOW + 29 * DAY,
  language: 'fr',
  signals: { gpc: false },
  method: 'banner',
  ...overrides,
});

void describe('isCurrent', () => {
  void it("answers for the config's revision until the record expires", () => {
    assert.equal(isCurrent(record(), config, NOW), true);
    assert.equal(isCurrent(record({ expiresAt: NOW + 1 }), config, NOW), true);
  });

  void it('does not answer for an older or a newer revision', () => {
    assert.equal(isCurrent(record({ revision: 2 }), config, NOW), false);
    assert.equal(isCurrent(record({ revision: 4 }), config, NOW), false);
  });

  void it('does not answer from the moment it expires', () => {
    assert.equal(isCurrent(record({ expiresAt: NOW }), config, NOW), false);
    assert.equal(isCurrent(record({ expiresAt: NOW - 1 }), config, NOW), false);
  });
});

void describe('grantedCategories', () => {
  void it('grants only the required categories without a record', () => {
    assert.deepEqual(grantedCategories(config, null, false), { necessary: true, analytics: false, marketing: false });
    assert.deepEqual(grantedCategories(config, null, true), { necessary: true, analytics: false, marketing: false });
  });

  void it('grants what the record chose, and the required categories whatever it says', () => {
    const choices = { necessary: false, analytics: true, marketing: false };
    assert.deepEqual(grantedCategories(config, record({ choices }), false), {
      necessary: true,
      analytics: true,
      marketing: false,
    });
  });

  void it('grants only `true`: a truthy value in a stored record is no grant', () => {
    const choices = { analytics: 1, marketing: 'yes' } as unknown as Record<string, boolean>;
    assert.deepEqual(grantedCategories(config, record({ choices }), false), {
      necessary: true,
      analytics: false,
      marketing: false,
    });
  });

  void it('refuses a "deny" category again when GPC appeared after the decision', () => {
    assert.deepEqual(grantedCategories(config, record(), true), { necessary: true, analytics: true, marketing: false });
  });

  void it('keeps a grant made with GPC already on: the visitor chose it', () => {
    assert.deepEqual(grantedCategories(config, record({ signals: { gpc: true } }), true), {
      necessary: true,
      analytics: true,
      marketing: true,
    });
  });

  void it('grants a category the record does not know of to no one', () => {
    const later = validateConfig({ ...config, categories: [...config.categories, { id: 'media', title: 'Vidéos' }] });
    assert.equal(grantedCategories(later, record(), false).media, false);
  });
});

void describe('acceptAllChoices, rejectAllChoices', () => {
  void it('accepts everything without GPC', () => {
    assert.deepEqual(acceptAllChoices(config, false), { necessary: true, analytics: true, marketing: true });
  });

  void it('leaves the "deny" categories refused under GPC', () => {
    assert.deepEqual(acceptAllChoices(config, true), { necessary: true, analytics: true, marketing: false });
  });

  void it('rejects all but the required categories', () => {
    assert.deepEqual(rejectAllChoices(config), { necessary: true, analytics: false, marketing: false });
  });
});

void describe('changeChoices', () => {
  const current = { necessary: true, analytics: false, marketing: true };

  void it('changes what it names and keeps the rest', () => {
    assert.deepEqual(changeChoices(config, current, { analytics: true }), {
      necessary: true,
      analytics: true,
      marketing: true,
    });
    assert.deepEqual(changeChoices(config, current, { marketing: false }), {
      necessary: true,
      analytics: false,
      marketing: false,
    });
    assert.deepEqual(changeChoices(config, current, { necessary: true }), current);
  });

  void it('refuses, once recorded, what a category missing from the current choices was never granted', () => {
    const changed = changeChoices(config, {}, { analytics: true });
    assert.deepEqual(changed, { analytics: true });
    const context = { gpc: false, language: 'en', method: 'api' } as const;
    assert.deepEqual(makeRecord(config, null, changed, context, NOW).choices, {
      necessary: true,
      analytics: true,
      marketing: false,
    });
  });

  void it('throws on an unknown category, naming the known ones', () => {
    assert.throws(() => changeChoices(config, current, { analytic: true }), {
      name: 'TypeError',
      message: 'temoin: set({ analytic: true }): unknown category; known: necessary, analytics, marketing',
    });
  });

  void it('throws on refusing a required category', () => {
    assert.throws(() => changeChoices(config, current, { necessary: false }), {
      name: 'TypeError',
      message: 'temoin: set({ necessary: false }): a strictly necessary category cannot be refused',
    });
  });

  void it('throws on a choice that is not a boolean', () => {
    assert.throws(() => changeChoices(config, current, { analytics: 'yes' as unknown as boolean }), {
      name: 'TypeError',
      message: 'temoin: set({ analytics: "yes" }): a choice is true, false or { service: true or false }',
    });
  });
});

void describe('makeRecord', () => {
  const context = { gpc: true, language: 'en', method: 'preferences' } as const;
  const choices = { necessary: true, analytics: true, marketing: false };

  void it("makes a first record with a new id, expiring after the config's days", () => {
    const made = makeRecord(config, null, choices, context, NOW);
    assert.match(made.id, UUID_V4);
    assert.deepEqual(made, {
      id: made.id,
      revision: 3,
      choices,
      createdAt: NOW,
      updatedAt: NOW,
      expiresAt: NOW + 30 * DAY,
      language: 'en',
      signals: { gpc: true },
      method: 'preferences',
    });
  });

  void it("keeps the visitor's id and first date, and drops the previous receipt", () => {
    const previous = record({ revision: 2, receiptId: 'r-1', unsent: 2 });
    const made = makeRecord(config, previous, choices, context, NOW);
    assert.deepEqual(made, {
      id: previous.id,
      revision: 3,
      choices,
      createdAt: previous.createdAt,
      updatedAt: NOW,
      expiresAt: NOW + 30 * DAY,
      language: 'en',
      signals: { gpc: true },
      method: 'preferences',
    });
    assert.equal(isCurrent(made, config, NOW + 30 * DAY - 1), true);
    assert.equal(isCurrent(made, config, NOW + 30 * DAY), false);
  });
});

void describe('parseRecord', () => {
  void it('gives back a well-formed record, as it is', () => {
    const stored = record({ receiptId: 'r-1' });
    assert.equal(parseRecord(stored), stored);
    assert.deepEqual(parseRecord(JSON.parse(JSON.stringify(stored))), stored);
  });

  void it('counts anything malformed as no decision', () => {
    for (const value of [
      null,
      undefined,
      'temoin',
      42,
      [],
      record({ id: 7 as unknown as string }),
      record({ revision: 1.5 }),
      record({ revision: '3' as unknown as number }),
      record({ choices: null as unknown as Record<string, boolean> }),
      record({ signals: null as unknown as { gpc: boolean } }),
      record({ expiresAt: 0 }),
      record({ updatedAt: -1 }),
    ]) {
      assert.equal(parseRecord(value), null, JSON.stringify(value));
    }
  });
});

void describe('uuid', () => {
  void it('makes random version 4 ids', () => {
    const ids = new Set(Array.from({ length: 100 }, uuid));
    assert.equal(ids.size, 100);
    for (const id of ids) assert.match(id, UUID_V4);
  });
});
