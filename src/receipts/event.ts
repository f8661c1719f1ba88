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
  // Anything optional granted: a category, or one service of it.
  const optional = (r: ConsentRecord | null) => {
    const granted = grantedCategories(config, r, false);
    return config.categories.some(
      (c) => !c.required && (granted[c.id] || c.services.some((s) => granted[c.id + '/' + s.id])),
    );
  };
  const before = previous && isCurrent(previous, config, now) ? previous : null;
  if (!next) return 'withdrawn';
  if (!before) return optional(next) ? 'given' : 'refused';
  if (optional(next)) return 'updated';
  return optional(before) ? 'withdrawn' : 'refused';
}
