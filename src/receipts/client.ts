// The receipts chunk (dist/temoin-receipts.js), loaded by the write path on the first decision or
// delivery: a decision's record and cookie do not wait for it. It makes the receipt of each decision, hashed and stamped in the browser, and
// delivers the outbox (delivery.ts).
import type { ValidConfig } from '../core/config.js';
import { isCurrent, rejectAllChoices, uuid, type ConsentRecord } from '../core/consent.js';
import { writeStored } from '../core/storage.js';
import type { PageState } from '../core/types.js';
import { buildReceipt } from './build.js';
import { canonicalJson } from './canonical.js';
import { deliver } from './delivery.js';
import { receiptEvent } from './event.js';
import { readReceipts } from './outbox.js';
import type { ReceiptEvent, StoredReceipt } from './receipt.js';
import { sha256Hex } from './sha256.js';
import { userAgentFamily } from './user-agent.js';

export { deliver } from './delivery.js';

const build = async (
  config: ValidConfig,
  record: ConsentRecord,
  event: ReceiptEvent,
  receiptId: string,
  previousReceiptId: string | null,
  now: number,
) =>
  buildReceipt(config, record, {
    receiptId,
    previousReceiptId,
    event,
    now,
    configHash: await sha256Hex(canonicalJson(config)),
    userAgentFamily: userAgentFamily(navigator.userAgent),
  });

/**
 * The receipt for a new record, or for a reset (no record) that takes back a decision in force.
 * Its id is already in the record, so the cookie names the receipt from the first instant.
 */
export async function receiptFor(
  config: ValidConfig,
  previous: ConsentRecord | null,
  record: ConsentRecord | null,
  now: number,
  method: ConsentRecord['method'],
): Promise<StoredReceipt | undefined> {
  const event = receiptEvent(config, previous, record, now);
  if (record)
    return { receipt: await build(config, record, event, record.receiptId!, previous?.receiptId ?? null, now) };
  if (!previous || !isCurrent(previous, config, now)) return undefined;
  const withdrawn = { ...previous, choices: rejectAllChoices(config), services: undefined, method, updatedAt: now };
  return { receipt: await build(config, withdrawn, event, uuid(), previous.receiptId ?? null, now) };
}

/**
 * A decision that ran out gets an `expired` receipt, once. Returns the record that now names
 * that receipt, or the record unchanged when its expiry is already on record.
 */
export async function expire(page: PageState, record: ConsentRecord, now: number): Promise<ConsentRecord> {
  const config = page.config!;
  if (!record.receiptId) return record;
  const last = (await readReceipts()).find((e) => e.receipt.receiptId == record.receiptId);
  if (last?.receipt.event == 'expired') return record;
  const lapsed = { ...record, choices: rejectAllChoices(config), services: undefined, updatedAt: now };
  const stored = { receipt: await build(config, lapsed, 'expired', uuid(), record.receiptId, now) };
  const next = { ...record, receiptId: stored.receipt.receiptId };
  await writeStored(next, stored);
  void deliver(page);
  return next;
}
