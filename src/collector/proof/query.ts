// What a proof report is asked for, the same from `GET /v1/proof` and `temoin proof`: one visitor
// (their id, or its first 8 characters or more) or the visitor behind one receipt, and optionally
// a moment to answer for.
import { TemoinError } from '../errors.js';
import { FILTER_PARAMETERS, trimmedIds, UUID } from '../filters.js';
import { checkQuery, parameter, parameters } from '../query-schema.js';

export const PROOF_QUERY = parameters({
  principal: FILTER_PARAMETERS.principal,
  receipt: parameter({ type: 'string', pattern: UUID }, 'receipt must be a receipt id (a UUID), not "{value}"'),
  at: parameter(
    { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}' },
    'at must be a date (2026-11-23) or an ISO 8601 time, not "{value}"',
  ),
});

export type ProofQuery = ({ principal: string; receipt?: undefined } | { receipt: string; principal?: undefined }) & {
  /** UTC ISO time, as receipts write theirs. */
  at?: string;
};

const invalid = (message: string) => new TemoinError('TEMOIN_ERR_INVALID_QUERY', message);

/** A day is its midnight UTC; a time is read with its offset. */
function utcTime(value: string): string {
  const time = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(time.getTime()))
    throw invalid(`at must be a date (2026-11-23) or an ISO 8601 time, not "${value.slice(0, 100)}"`);
  return time.toISOString();
}

/** The query a schema let through, checked for what it cannot say: exactly one of principal and receipt. */
export function toProofQuery(q: { principal?: string; receipt?: string; at?: string }): ProofQuery {
  if (!q.principal == !q.receipt)
    throw invalid(
      'give the visitor: principal (their id, or its first 8 characters or more) or receipt (one of their receipt ids), not both',
    );
  const at = q.at ? { at: utcTime(q.at) } : {};
  return q.principal ? { principal: q.principal.toLowerCase(), ...at } : { receipt: q.receipt!.toLowerCase(), ...at };
}

/** The CLI's flags, checked as the API checks its query string. */
export function parseProofQuery(flags: { principal?: string; receipt?: string; at?: string }): ProofQuery {
  const given = Object.fromEntries(Object.entries(trimmedIds(flags)).filter(([, v]) => v));
  return toProofQuery(checkQuery(PROOF_QUERY, given));
}
