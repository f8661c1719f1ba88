// What a decision is, for its receipt: given, refused, updated or withdrawn.
import type { ValidConfig } from '../core/config.js';
import { grantedCategories, isCurrent, type ConsentRecord } from '../core/consent.js';
import type { ReceiptEvent } from './receipt.js';

/** What a new record means, given the record in force before it (if any). */
export function receiptEvent(
  config: ValidConfig,
  previous: ConsentRecord | null,
  next: ConsentRecord | null,
  now: number,
): ReceiptEvent {
  const optional = (r: ConsentRecord | null) =>
    config.categories.some((c) => !c.required && grantedCategories(config, r, false)[c.id]);
  const before = previous && isCurrent(previous, config, now) ? previous : null;
  if (!next) return 'withdrawn';
  if (!before) return optional(next) ? 'given' : 'refused';
  if (optional(next)) return 'updated';
  return optional(before) ? 'withdrawn' : 'refused';
}
