// Complementary suppression: no suppressed statistics cell can be worked back out by subtracting
// shown cells from a shown total, within a bucket (events against decisions, a share against its
// complement) or across a split (languages against the day's total, which an unsplit read shows).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countReceipt, type DailyCounts } from '../../src/collector/stats-counts.js';
import { statsFromCounts, type StatsOptions } from '../../src/collector/stats.js';
import type { Receipt } from '../../src/receipts/receipt.js';
import { receipt } from './support.js';

const DAY = '2026-11-23T10:00:00.000Z';

/** `n` receipts of one kind on DAY. */
const many = (n: number, overrides: Partial<Receipt> = {}) =>
  Array.from({ length: n }, () => receipt({ timestamp: DAY, ...overrides }));

/** A receipt refusing analytics. */
const refusing = (overrides: Partial<Receipt> = {}) => {
  const r = receipt({ timestamp: DAY, event: 'refused', ...overrides });
  r.purposes[1]!.decision = 'refused';
  r.purposes[1]!.services = r.purposes[1]!.services.map((s) => ({ ...s }));
  return r;
};

function stats(receipts: Receipt[], options: Partial<StatsOptions> = {}) {
  const counts: DailyCounts = new Map();
  for (const r of receipts) countReceipt(counts, r);
  return statsFromCounts(counts.values(), { interval: 'day', minCell: 5, ...options });
}

describe('complementary suppression', () => {
  it('an event under the minimum takes the next-smallest with it: decisions minus the rest never gives it', () => {
    const [bucket] = stats([...many(10), ...Array.from({ length: 4 }, () => refusing())]).buckets;
    assert.equal(bucket!.decisions, 14);
    assert.deepEqual(bucket!.events, { given: null, refused: null, updated: 0, withdrawn: 0, expired: 0 });
  });

  it('a share whose complement is small is suppressed: 12 of 14 granted gives away 2 not granted', () => {
    const [bucket] = stats([...many(12), ...Array.from({ length: 2 }, () => refusing({ event: 'given' }))]).buckets;
    assert.equal(bucket!.acceptance!.analytics, null);
    assert.equal(bucket!.acceptAll, null, 'accept-all is 12 of 14 too');
    // 0 of 14 reject all: a zero complement gives away no one.
    assert.equal(bucket!.rejectAll, null, 'reject-all 2 is small itself');
    assert.equal(bucket!.gpc, 0);
    const everyone = stats(many(14)).buckets[0]!;
    assert.equal(everyone.acceptance!.analytics, 1, 'everyone granted: the complement is 0, shown');
  });

  it('a split: a small group takes the next-smallest group with it, so the day’s total minus the rest gives nothing', () => {
    const two = stats([...many(11, { language: 'fr' }), ...many(3, { language: 'en' })], { by: 'language' });
    assert.deepEqual(
      two.buckets.map((b) => [b.group, b.suppressed]),
      [
        ['en', true],
        ['fr', true],
      ],
      'fr 11 and the unsplit 14 would give en 3',
    );
    const three = stats(
      [...many(11, { language: 'fr' }), ...many(3, { language: 'en' }), ...many(6, { language: 'es' })],
      { by: 'language' },
    );
    assert.deepEqual(
      three.buckets.map((b) => [b.group, b.suppressed]),
      [
        ['en', true],
        ['es', true],
        ['fr', false],
      ],
      'en 3 and es 6 together are 9, at least the minimum',
    );
  });

  it('a split: a cell shown in every group but one small one is hidden where the unsplit total shows it', () => {
    const { buckets } = stats(
      [
        ...many(8, { language: 'fr' }),
        ...Array.from({ length: 2 }, () => refusing({ language: 'fr' })),
        ...many(9, { language: 'en' }),
        ...Array.from({ length: 6 }, () => refusing({ language: 'en' })),
      ],
      { by: 'language' },
    );
    const [en, fr] = buckets;
    // Unsplit: refused 8, shown. fr refused 2 is hidden, so en refused 6 must be too.
    assert.equal(fr!.events!.refused, null);
    assert.equal(en!.events!.refused, null);
  });

  it('with a minimum of 1 nothing is hidden', () => {
    const [bucket] = stats([...many(10), ...Array.from({ length: 4 }, () => refusing())], { minCell: 1 }).buckets;
    assert.deepEqual(bucket!.events, { given: 10, refused: 4, updated: 0, withdrawn: 0, expired: 0 });
  });
});
