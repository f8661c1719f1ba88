// The collector's refusals, each with a stable code beside its message (as the SDK's ConfigError
// has): scripts and the browser's outbox can tell them apart without reading sentences. The API
// answers `{ error, code }`.

/** Every code the collector answers with, and its HTTP status. */
const STATUS = {
  /** The body is not a receipt the stores can keep (schema, unstorable text). */
  TEMOIN_ERR_INVALID_RECEIPT: 400,
  /** The body is not JSON, not valid UTF-8, or empty. */
  TEMOIN_ERR_INVALID_BODY: 400,
  /** A config sent for the archive that is not one, or not under its own hash. */
  TEMOIN_ERR_INVALID_CONFIG: 400,
  TEMOIN_ERR_NO_CONFIG: 404,
  /** A config no recent receipt names: the archive keeps only configs visitors answered. */
  TEMOIN_ERR_CONFIG_UNWANTED: 409,
  TEMOIN_ERR_BODY_TOO_LARGE: 413,
  TEMOIN_ERR_UNSUPPORTED_MEDIA_TYPE: 415,
  /** The Origin is not one of the sites allowed to send receipts. */
  TEMOIN_ERR_ORIGIN_REFUSED: 403,
  /** The receipt id is already stored with other content. */
  TEMOIN_ERR_RECEIPT_CONFLICT: 409,
  TEMOIN_ERR_RATE_LIMITED: 429,
  /** A query string or path parameter the API does not take (unknown, or a bad value). */
  TEMOIN_ERR_INVALID_QUERY: 400,
  TEMOIN_ERR_TOKEN_MISSING: 401,
  /** The token is unknown or revoked. */
  TEMOIN_ERR_TOKEN_REFUSED: 401,
  /** The token's role may not do this. */
  TEMOIN_ERR_ROLE: 403,
  TEMOIN_ERR_NO_RECEIPT: 404,
  /** The receipt was erased at its visitor's request: only its tombstone is left. */
  TEMOIN_ERR_ERASED: 410,
  /** An erasure request without the visitor's full id or a reason. */
  TEMOIN_ERR_INVALID_ERASURE: 400,
  /** A receipt to erase no longer matches its hash, or is another visitor's: nothing is erased. */
  TEMOIN_ERR_ERASURE_REFUSED: 409,
  /** An erasure done, but a reader of the SQLite file kept the old pages: the same erasure again finishes it. */
  TEMOIN_ERR_SCRUB_BUSY: 503,
  /**
   * The database cannot take the request for now (PostgreSQL down or out of connections, SQLite
   * locked, its disk full or read-only): answered with Retry-After and no acknowledgement, so the
   * browser sends the receipt again.
   */
  TEMOIN_ERR_STORE_UNAVAILABLE: 503,
  TEMOIN_ERR_NO_ROUTE: 404,
  TEMOIN_ERR_DASHBOARD_NOT_BUILT: 404,
  /** Any other request Fastify refuses; it keeps Fastify's status. */
  TEMOIN_ERR_BAD_REQUEST: 400,
  TEMOIN_ERR_INTERNAL: 500,
} as const;

export type CollectorErrorCode = keyof typeof STATUS;

export class TemoinError extends Error {
  readonly statusCode: number;
  constructor(
    readonly code: CollectorErrorCode,
    message: string,
    statusCode?: number,
  ) {
    super(message);
    this.statusCode = statusCode ?? STATUS[code];
  }
}
