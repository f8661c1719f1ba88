// A decision per service, on real SQLite and PostgreSQL: the 1.1 receipt and its rules at the
// collector (1.0 receipts still taken), and acceptance per service in the statistics.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createToken } from '../../src/collector/access.js';
import type { Stats } from '../../src/collector/stats.js';
import type { Receipt } from '../../src/receipts/receipt.js';
import { collectorInProcess, KINDS, receipt, serviceTerms } from './support.js';

/** A 1.1 receipt of a visitor granting media's `tube`, and `video` when `both`. */
const media = (timestamp: string, both: boolean): Receipt =>
  receipt({
    version: '1.1',
    timestamp,
    purposes: [
      { category: 'necessary', title: 'Nécessaires', required: true, decision: 'granted', services: [] },
      {
        category: 'media',
        title: 'Vidéos',
        required: false,
        decision: both ? 'granted' : 'refused',
        services: [serviceTerms('tube', 'granted'), serviceTerms('video', both ? 'granted' : 'refused')],
      },
    ],
  });

for (const kind of KINDS) {
  describe(`a decision per service on ${kind}`, () => {
    let c: Awaited<ReturnType<typeof collectorInProcess>>;
    let analyst: string;
    before(async () => {
      c = await collectorInProcess(kind);
      analyst = (await createToken(c.store, 'Ana Lyste', 'analyst')).token;
    });
    after(() => c.close());

    it('takes 1.1 receipts with a decision per service, and 1.0 receipts without', async () => {
      assert.equal((await c.post(media('2026-11-20T10:00:00.000Z', false))).status, 201);
      assert.equal((await c.post(receipt({ timestamp: '2026-11-20T10:00:01.000Z' }))).status, 201, 'a 1.0 receipt');
    });

    it('refuses a 1.1 receipt without a decision per service, or a category granted with a service refused', async () => {
      const missing = media('2026-11-20T10:00:02.000Z', true);
      delete missing.purposes[1]!.services[1]!.decision;
      const res = await c.post(missing);
      assert.equal(res.status, 400);
      assert.match(await res.text(), /body\/purposes\/1\/services\/1 must have required property 'decision'/);

      const inconsistent = media('2026-11-20T10:00:03.000Z', false);
      inconsistent.purposes[1]!.decision = 'granted';
      const refused = await c.post(inconsistent);
      assert.equal(refused.status, 400);
      assert.match(await refused.text(), /body\/purposes\/1\/services\/1\/decision must be equal to constant/);

      const unknown = media('2026-11-20T10:00:04.000Z', true);
      (unknown.purposes[1]!.services[0] as { decision: string }).decision = 'maybe';
      assert.equal((await c.post(unknown)).status, 400);
    });

    it('counts acceptance per service: granting one service is not refusing all', async () => {
      // 22 November: 5 visitors grant tube only, 5 grant both.
      for (let i = 0; i < 10; i++) {
        assert.equal((await c.post(media(`2026-11-22T10:00:0${i}.000Z`, i >= 5))).status, 201);
      }
      const stats = (await (await c.get('/v1/stats?from=2026-11-22&to=2026-11-23', analyst)).json()) as Stats;
      assert.deepEqual(stats.services, ['media/tube', 'media/video']);
      assert.deepEqual(stats.buckets, [
        {
          start: '2026-11-22',
          suppressed: false,
          decisions: 10,
          events: { given: 10, refused: 0, updated: 0, withdrawn: 0, expired: 0 },
          acceptance: { media: 0.5 },
          serviceAcceptance: { 'media/tube': 1, 'media/video': 0.5 },
          acceptAll: 0.5,
          rejectAll: 0,
          gpc: 0,
        },
      ]);
    });
  });
}
