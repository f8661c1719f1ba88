// A receipt anyone can check: the visitor's copy (the receipt with the collector's
// acknowledgement), an exported line, or the HTML receipt that embeds them, against the
// collector's public keys, with no access to its database. The algorithm, step by step:
//   1. body     = canonical JSON of the receipt (keys sorted, no white space: canonical.ts)
//   2. digest   = hex SHA-256 of body, which must equal ack.digest
//   3. signed   = canonical JSON of { digest, hash, receiptId, receivedAt, seq } from the
//      acknowledgement
//   4. ack.signature = "ed25519:<keyId>:<base64url Ed25519 signature of signed>", where keyId is
//      the first 16 hex digits of SHA-256 over the public key's SPKI DER.
//   5. when ack.prevHash is given, hex SHA-256 of (ack.prevHash + digest) must equal ack.hash
//      (the receipt's place in the chain).
// Acknowledgements from collectors before 2026-12 have no digest: `signed` leaves it out, and
// the receipt is checked by hex SHA-256 of (ack.prevHash + body) == ack.hash instead.
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from '../receipts/canonical.js';
import { signedFields } from '../receipts/receipt.js';
import { bodyDigest, chainHash } from './chain.js';
import { keyIdOf } from './keys.js';
import { PROOF_FORMAT } from './proof/report.js';

/** The keys file: what GET /v1/keys answers and `temoin keys export` prints. */
export interface KeysFile {
  keys: { keyId: string; publicKey: string; algorithm: 'Ed25519'; createdAt: string }[];
}

/** A public key ready to verify with, under the id its own bytes give. */
export interface VerifyingKey {
  keyId: string;
  key: KeyObject;
}

/** A keys file that cannot be used: the CLI exits 2, as for any other input it cannot read. */
export class KeysFileError extends Error {}

/**
 * The keys of a keys file (JSON as above) or of PEM public keys. Each key id is recomputed from
 * the key, and a file whose stated id differs is refused: a key id cannot be trusted on its word.
 */
export function readKeys(text: string, source: string): VerifyingKey[] {
  const pems = text.match(/-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/g);
  let entries: { keyId?: unknown; publicKey?: unknown }[];
  if (text.trimStart().startsWith('-----BEGIN')) {
    entries = (pems ?? []).map((publicKey) => ({ publicKey }));
  } else {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      throw new KeysFileError(`${source} is neither a keys file (JSON) nor PEM public keys: ${(e as Error).message}`);
    }
    const keys = (parsed as { keys?: unknown } | null)?.keys;
    if (!Array.isArray(keys))
      throw new KeysFileError(`${source} is not a keys file: it needs { "keys": [ { "keyId", "publicKey" } ] }`);
    entries = keys as { keyId?: unknown; publicKey?: unknown }[];
  }
  if (!entries.length) throw new KeysFileError(`${source} holds no public key`);
  return entries.map((entry, i) => {
    let key: KeyObject;
    try {
      key = createPublicKey(String(entry.publicKey));
    } catch (e) {
      throw new KeysFileError(`${source}: key ${i + 1} is not a PEM public key (${(e as Error).message})`);
    }
    if (key.asymmetricKeyType != 'ed25519')
      throw new KeysFileError(`${source}: key ${i + 1} is ${key.asymmetricKeyType ?? 'unknown'}, not Ed25519`);
    const keyId = keyIdOf(key);
    if (entry.keyId !== undefined && entry.keyId !== keyId)
      throw new KeysFileError(
        `${source}: key ${i + 1} says its id is ${JSON.stringify(entry.keyId)}, but its bytes give ${keyId}`,
      );
    return { keyId, key };
  });
}

/** One receipt with its acknowledgement, as found in a file, and where. */
export interface ReceiptCopy {
  where: string;
  receipt: unknown;
  ack: unknown;
  /** A tombstone a consent file lists: erased then, so only its acknowledgement is left. */
  erasedAt?: string;
}

export type Verdict =
  | { ok: true; where: string; receiptId: string; seq: number; receivedAt: string; keyId: string; erasedAt?: string }
  | {
      ok: false;
      where: string;
      receiptId?: string;
      problem: 'malformed' | 'unknown key' | 'bad signature' | 'altered body' | 'body not covered';
      reason: string;
    };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v == 'object' && v !== null && !Array.isArray(v);
const CHAIN_FIELDS = ['seq', 'hash', 'signature', 'receivedAt'] as const;

/**
 * The copies a parsed JSON value holds: `{ receipt, ack }` (the browser's outbox),
 * `{ receipt, acknowledgement }` (the HTML receipt's script block), an object with
 * the receipt and its chain fields beside it (an exported line, `GET /v1/receipts/:id`), either
 * one nested (the history entry the browser downloads), or a list of them.
 */
function copiesIn(value: unknown, where: string): ReceiptCopy[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => copiesIn(v, `${where}[${i}]`));
  if (!isObject(value)) return [];
  if (value.format == PROOF_FORMAT && Array.isArray(value.receipts)) return value.receipts.map(consentFileCopy);
  if (isObject(value.receipt) && 'receiptId' in value.receipt) {
    // `ack` in the outbox, `acknowledgement` in the HTML receipt's script block.
    if ('ack' in value) return [{ where, receipt: value.receipt, ack: value.ack }];
    if ('acknowledgement' in value) return [{ where, receipt: value.receipt, ack: value.acknowledgement }];
    if (CHAIN_FIELDS.some((k) => k in value)) {
      const { receipt, ...chain } = value;
      return [{ where, receipt, ack: { receiptId: (receipt as { receiptId: unknown }).receiptId, ...chain } }];
    }
    return [{ where, receipt: value.receipt, ack: undefined }];
  }
  return isObject(value.receipt) ? copiesIn(value.receipt, where) : [];
}

/**
 * A receipt of a consent file (`temoin proof --format json`, GET /v1/proof): the receipt, and
 * its acknowledgement from the chain fields beside it; a tombstone's acknowledgement alone.
 */
function consentFileCopy(entry: unknown, i: number): ReceiptCopy {
  const r = isObject(entry) ? entry : {};
  const chain = isObject(r.chain) ? r.chain : {};
  const ack = {
    receiptId: r.receiptId,
    seq: r.seq,
    hash: chain.hash,
    receivedAt: r.receivedAt,
    signature: chain.signature,
    prevHash: chain.prevHash,
    ...(typeof chain.digest == 'string' ? { digest: chain.digest } : {}),
  };
  const where = Number.isInteger(r.seq) ? `#${String(r.seq)}` : `receipts[${i}]`;
  return typeof r.erasedAt == 'string' && r.receipt === null
    ? { where, receipt: null, ack, erasedAt: r.erasedAt }
    : { where, receipt: r.receipt, ack };
}

/**
 * Whether a file that holds no receipt is the HTML consent file `temoin proof` writes: it shows
 * each receipt's verdict, but not the signatures needed to check them again.
 */
export const isConsentFileHtml = (text: string): boolean =>
  /<html\b/i.test(text) && new RegExp(`\\b${PROOF_FORMAT}\\b`).test(text);

const SCRIPT = /<script\b(?=[^>]*\bid\s*=\s*["']?temoin-receipt\b)[^>]*>([\s\S]*?)<\/script\s*>/i;

/**
 * Every receipt copy in a file's text: JSON, JSON lines, an HTML receipt with its
 * `<script type="application/json" id="temoin-receipt">` block, or the plain-text download whose
 * JSON follows the readable lines. Null when none of these forms is there.
 */
export function findCopies(text: string): ReceiptCopy[] | null {
  const parse = (json: string) => {
    try {
      return { value: JSON.parse(json) as unknown };
    } catch {
      return null;
    }
  };
  const script = SCRIPT.exec(text);
  if (script) {
    const parsed = parse(script[1]!);
    return parsed ? copiesIn(parsed.value, 'the temoin-receipt script block') : null;
  }
  const whole = parse(text);
  if (whole) return copiesIn(whole.value, 'the file');
  const lines = text.split('\n');
  const filled = lines.map((line, i) => ({ line, n: i + 1 })).filter(({ line }) => line.trim());
  const parsedLines = filled.map(({ line, n }) => ({ n, parsed: parse(line) }));
  if (parsedLines.length && parsedLines.every((l) => l.parsed))
    return parsedLines.flatMap(({ n, parsed }) => {
      const found = copiesIn(parsed!.value, `line ${n}`);
      return found.length ? found : [{ where: `line ${n}`, receipt: undefined, ack: undefined }];
    });
  // The plain-text download: readable lines, then the JSON record from a line that opens it.
  const start = lines.findIndex((line) => line == '{');
  const tail = start == -1 ? null : parse(lines.slice(start).join('\n'));
  return tail ? copiesIn(tail.value, 'the JSON record') : null;
}

/** Checks one copy against the keys: the signature over the acknowledgement, then the receipt against its hash. */
export function verifyCopy(copy: ReceiptCopy, keys: VerifyingKey[]): Verdict {
  if (copy.erasedAt !== undefined) return verifyTombstoneCopy(copy, copy.erasedAt, keys);
  const { where } = copy;
  const receiptId =
    isObject(copy.receipt) && typeof copy.receipt.receiptId == 'string' ? copy.receipt.receiptId : undefined;
  const not = (problem: Extract<Verdict, { ok: false }>['problem'], reason: string): Verdict => ({
    ok: false,
    where,
    ...(receiptId ? { receiptId } : {}),
    problem,
    reason,
  });
  if (!receiptId) return not('malformed', 'no receipt with a receiptId');
  const ack = copy.ack;
  if (!isObject(ack))
    return not('malformed', 'no acknowledgement: the collector had not acknowledged this receipt when it was saved');
  if (
    typeof ack.receiptId != 'string' ||
    !Number.isInteger(ack.seq) ||
    typeof ack.hash != 'string' ||
    typeof ack.signature != 'string' ||
    typeof ack.receivedAt != 'string'
  )
    return not('malformed', 'the acknowledgement needs receiptId, seq, hash, signature and receivedAt');
  if (ack.receiptId != receiptId)
    return not('altered body', `the acknowledgement is for receipt ${ack.receiptId}, not this one`);
  const [algorithm, keyId, signature, ...rest] = ack.signature.split(':');
  if (algorithm != 'ed25519' || !keyId || !signature || rest.length)
    return not('malformed', `the signature is not ed25519:<keyId>:<base64url> ("${ack.signature.slice(0, 40)}")`);
  const key = keys.find((k) => k.keyId == keyId);
  if (!key)
    return not(
      'unknown key',
      `signed by key ${keyId}, which is not among the keys given (${keys.map((k) => k.keyId).join(', ')})`,
    );
  const digest = typeof ack.digest == 'string' ? ack.digest : undefined;
  if (!signs(key, signature, ack, digest))
    return not(
      'bad signature',
      `the acknowledgement's signature does not verify with key ${keyId}: its seq, hash, digest or receivedAt was changed, or it was not signed by this key`,
    );
  const problem = bodyProblem(copy.receipt, ack, digest);
  if (problem) return not(problem[0], problem[1]);
  return { ok: true, where, receiptId, seq: ack.seq as number, receivedAt: ack.receivedAt, keyId };
}

/** Whether `signature` is `key`'s over the acknowledgement's signed fields (`digest` among them when given). */
function signs(
  key: VerifyingKey,
  signature: string,
  ack: Record<string, unknown>,
  digest: string | undefined,
): boolean {
  const signed = canonicalJson(
    signedFields({
      receiptId: ack.receiptId as string,
      seq: ack.seq as number,
      hash: ack.hash as string,
      receivedAt: ack.receivedAt as string,
      ...(digest === undefined ? {} : { digest }),
    }),
  );
  return verify(null, Buffer.from(signed), key.key, Buffer.from(signature, 'base64url'));
}

/**
 * A tombstone: its content is gone, so what is left to check is the collector's signature and,
 * when that signature covers the digest, that the digest still leads to its place in the chain.
 * A receipt chained over its text (before 2026-12) was signed without its digest.
 */
function verifyTombstoneCopy(copy: ReceiptCopy, erasedAt: string, keys: VerifyingKey[]): Verdict {
  const ack: Record<string, unknown> = isObject(copy.ack) ? copy.ack : {};
  const receiptId = typeof ack.receiptId == 'string' ? ack.receiptId : undefined;
  const not = (problem: Extract<Verdict, { ok: false }>['problem'], reason: string): Verdict => ({
    ok: false,
    where: copy.where,
    ...(receiptId ? { receiptId } : {}),
    problem,
    reason,
  });
  const [algorithm, keyId, signature] = typeof ack.signature == 'string' ? ack.signature.split(':') : [];
  if (!receiptId || !Number.isInteger(ack.seq) || typeof ack.hash != 'string' || algorithm != 'ed25519' || !signature)
    return not('malformed', 'the tombstone needs receiptId, seq, hash and an ed25519 signature');
  const key = keys.find((k) => k.keyId == keyId);
  if (!key) return not('unknown key', `signed by key ${keyId}, which is not among the keys given`);
  const digest = typeof ack.digest == 'string' ? ack.digest : undefined;
  const overDigest = digest !== undefined && signs(key, signature, ack, digest);
  if (!overDigest && !signs(key, signature, ack, undefined))
    return not('bad signature', `the tombstone's signature does not verify with key ${key.keyId}`);
  const prevHash = typeof ack.prevHash == 'string' ? ack.prevHash : undefined;
  if (overDigest && prevHash && chainHash(prevHash, digest) != ack.hash)
    return not('altered body', "the tombstone's digest no longer leads to the hash the collector signed");
  return {
    ok: true,
    where: copy.where,
    receiptId,
    seq: ack.seq as number,
    receivedAt: String(ack.receivedAt),
    keyId: key.keyId,
    erasedAt,
  };
}

type BodyProblem = ['altered body' | 'body not covered', string];
const ALTERED: BodyProblem = [
  'altered body',
  'the receipt no longer matches the hash the collector signed: its content was changed',
];

/** Whether the receipt is the one the (verified) acknowledgement covers: by its digest, else by prevHash. */
function bodyProblem(receipt: unknown, ack: Record<string, unknown>, digest: string | undefined): BodyProblem | null {
  const body = canonicalJson(receipt);
  const prevHash = typeof ack.prevHash == 'string' && /^[0-9a-f]{64}$/.test(ack.prevHash) ? ack.prevHash : undefined;
  if (digest !== undefined) {
    if (bodyDigest(body) != digest) return ALTERED;
    if (prevHash && chainHash(prevHash, digest) != ack.hash)
      return ['altered body', "the acknowledgement's prevHash does not lead to the hash the collector signed"];
    return null;
  }
  if (!prevHash)
    return [
      'body not covered',
      "the signature is the collector's, but the acknowledgement has neither digest nor prevHash (collectors before 2026-12 did not send them), so the receipt itself cannot be checked against it",
    ];
  return chainHash(prevHash, body) == ack.hash ? null : ALTERED;
}
