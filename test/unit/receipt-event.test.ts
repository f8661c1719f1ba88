// What a decision is, for its receipt, from the record in force before it and the new one.
import '../../src/check/dev-mode.js';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateConfig } from '../../src/core/config.js';
import type { ConsentRecord } from '../../src/core/consent.js';
import { receiptEvent } from '../../src/receipts/event.js';

const DAY = 864e5;
const NOW = Date.UTC(2025, 0, 15);

const config = validateConfig({
  revision: 2,
  categories: [
    { id: 'necessary', required: true, title: 'Nécessaires' },
    { id: 'analytics', title: 'Mesure' },
    { id: 'marketing', title: 'Publicité', gpc: 'deny' },
  ],
});

const record = (choices: Record<string, boolean>, overrides: Partial<ConsentRecord> = {}): ConsentRecord => ({
  id: '9b2f4c1e-5a7d-4e3b-8c6f-0d1e2f3a4b5c',
  revision: 2,
  choices: { necessary: true, ...choices },
  createdAt: NOW - DAY,
  updatedAt: NOW - DAY,
  expiresAt: NOW + 300 * DAY,
  language: 'fr',
  signals: { gpc: false },
  method: 'banner',
  ...overrides,
});

const granting = record({ analytics: true, marketing: false });
const refusing = record({ analytics: false, marketing: false });

void describe('receiptEvent', () => {
  void it('calls a first decision given when it grants an optional category, else refused', () => {
    assert.equal(receiptEvent(config, null, granting, NOW), 'given');
    assert.equal(receiptEvent(config, null, refusing, NOW), 'refused');
  });

  void it('does not count the required categories as given', () => {
    assert.equal(receiptEvent(config, null, record({}), NOW), 'refused');
  });

  void it('calls a change that still grants something updated', () => {
    assert.equal(receiptEvent(config, granting, record({ analytics: true, marketing: true }), NOW), 'updated');
    assert.equal(receiptEvent(config, refusing, granting, NOW), 'updated');
    assert.equal(receiptEvent(config, granting, granting, NOW), 'updated');
  });

  void it('calls a change that grants nothing optional any more withdrawn', () => {
    assert.equal(receiptEvent(config, granting, refusing, NOW), 'withdrawn');
  });

  void it('calls refusing again refused', () => {
    assert.equal(receiptEvent(config, refusing, refusing, NOW), 'refused');
  });

  void it('calls forgetting a decision withdrawn', () => {
    assert.equal(receiptEvent(config, granting, null, NOW), 'withdrawn');
    assert.equal(receiptEvent(config, null, null, NOW), 'withdrawn');
  });

  void it('takes a decision after a stale revision or an expired record as a first one', () => {
    const stale = record({ analytics: true }, { revision: 1 });
    const expired = record({ analytics: true }, { expiresAt: NOW });
    assert.equal(receiptEvent(config, stale, granting, NOW), 'given');
    assert.equal(receiptEvent(config, expired, granting, NOW), 'given');
    assert.equal(receiptEvent(config, stale, refusing, NOW), 'refused');
    assert.equal(receiptEvent(config, expired, refusing, NOW), 'refused');
  });

  void it('reads grants as recorded, whatever GPC says now', () => {
    const withGpc = record({ analytics: false, marketing: true }, { signals: { gpc: false } });
    assert.equal(receiptEvent(config, null, withGpc, NOW), 'given');
  });
});
