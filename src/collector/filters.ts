// Analysts' filters, from a query string or command-line flags, checked with messages that name
// the problem; dates may be days (2026-11-23) or full ISO 8601 times.
import { MAX_REVISION } from '../receipts/limits.js';
import type { ReceiptFilter } from './store/store.js';

export const EVENTS = ['given', 'refused', 'updated', 'withdrawn', 'expired'] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class FilterError extends Error {}

export function isoTime(value: string, name: string): string {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const time = new Date(day ? value + 'T00:00:00Z' : value);
  if (Number.isNaN(time.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(value)) {
    throw new FilterError(`${name} must be a date (2026-11-23) or an ISO 8601 time, not "${value}"`);
  }
  return time.toISOString();
}

/** A receipt id as stored: a UUID, lowercase. */
export function parseReceiptId(value: string): string {
  if (!UUID.test(value)) throw new FilterError(`a receipt id is a UUID such as 4b0c2f1e-…, not "${value.slice(0, 100)}"`);
  return value.toLowerCase();
}

export function parseFilter(q: Record<string, string | undefined>): ReceiptFilter {
  const filter: ReceiptFilter = {};
  if (q.from) filter.from = isoTime(q.from, 'from');
  if (q.to) filter.to = isoTime(q.to, 'to');
  if (filter.from && filter.to && filter.from >= filter.to) throw new FilterError('from must be before to');
  if (q.event) {
    if (!(EVENTS as readonly string[]).includes(q.event)) throw new FilterError(`event must be one of ${EVENTS.join(', ')}, not "${q.event}"`);
    filter.event = q.event;
  }
  if (q.revision) {
    const revision = Number(q.revision);
    if (!Number.isInteger(revision) || revision < 0 || revision > MAX_REVISION) {
      throw new FilterError(`revision must be a whole number from 0 to ${MAX_REVISION}, not "${q.revision}"`);
    }
    filter.revision = revision;
  }
  if (q.category) {
    if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(q.category)) throw new FilterError(`category must be a category id, not "${q.category}"`);
    filter.category = q.category;
  }
  if (q.decision) {
    if (q.decision != 'granted' && q.decision != 'refused') throw new FilterError(`decision must be granted or refused, not "${q.decision}"`);
    if (!q.category) throw new FilterError('decision needs a category');
    filter.decision = q.decision;
  }
  if (q.principal) {
    if (!UUID.test(q.principal)) throw new FilterError(`principal must be a visitor's UUID, not "${q.principal}"`);
    filter.principal = q.principal.toLowerCase();
  }
  return filter;
}
