// Each receipt of a proof report checked as anyone holding the public keys would check it
// (receipt-proof.ts: signature, digest, prevHash), and its place in the chain against the links
// on either side. Key ids are recomputed from the stored keys, never taken on their word.
import { createHash, createPublicKey } from 'node:crypto';
import { ackOf, chainHash, GENESIS, LINK_DIGEST } from '../chain.js';
import { keyIdOf, verifySignature, type PublicKey } from '../keys.js';
import { verifyCopy, type VerifyingKey } from '../receipt-proof.js';
import type { Checkpoint, ReceiptStore, StoredRow } from '../store/store.js';
import { columnsDiffer } from '../verify.js';
import type { ProofKey, ProofReceipt, Verification } from './report.js';

export interface KeyRing {
  verifying: VerifyingKey[];
  published: PublicKey[];
  listed: Omit<ProofKey, 'signed'>[];
}

/** The stored public keys, with their fingerprints: the key id and the whole SHA-256 of the key's DER. */
export function keyRing(stored: PublicKey[]): KeyRing {
  const listed = stored.map((k) => {
    const key = createPublicKey(k.publicKey);
    const der = key.export({ type: 'spki', format: 'der' });
    return {
      keyId: keyIdOf(key),
      sha256: createHash('sha256').update(der).digest('hex'),
      publicKey: k.publicKey,
      createdAt: k.createdAt,
      key,
    };
  });
  return {
    verifying: listed.map(({ keyId, key }) => ({ keyId, key })),
    // verifySignature looks keys up by id: the recomputed one.
    published: listed.map(({ keyId, publicKey, createdAt }) => ({ keyId, publicKey, createdAt })),
    listed: listed.map(({ keyId, sha256, publicKey, createdAt }) => ({ keyId, sha256, publicKey, createdAt })),
  };
}

/** The key id a signature names, whatever else is wrong with it. */
export const signerOf = (signature: string): string | null => signature.split(':')[1] || null;

/** A live receipt, as `temoin verify-receipt` checks a copy of it. */
export function verifyLive(row: StoredRow, receipt: unknown, keys: KeyRing): Verification {
  const verdict = verifyCopy({ where: `#${row.seq}`, receipt, ack: ackOf(row) }, keys.verifying);
  if (!verdict.ok)
    return { ok: false, keyId: signerOf(row.signature), problem: verdict.problem, reason: verdict.reason };
  // The file is found by the visitor column: it must be the signed receipt's own.
  const columns = columnsDiffer(row);
  return columns
    ? { ok: false, keyId: verdict.keyId, problem: 'altered columns', reason: columns }
    : { ok: true, keyId: verdict.keyId };
}

/** A tombstone: its signature, and (hashed over its digest) that its digest still leads to its hash. */
export function verifyTombstone(row: StoredRow, keys: KeyRing): Verification {
  const keyId = signerOf(row.signature);
  if (!verifySignature(ackOf(row), keys.published))
    return {
      ok: false,
      keyId,
      problem: 'bad signature',
      reason: "the tombstone's signature does not verify with the stored public keys",
    };
  if (row.link == LINK_DIGEST && (!row.digest || chainHash(row.prevHash, row.digest) != row.hash))
    return { ok: false, keyId, problem: 'altered body', reason: "the tombstone's digest no longer leads to its hash" };
  return { ok: true, keyId: keyId! };
}

/** Whether the links on either side of `row` agree with it; null where there is nothing to compare. */
export async function neighbours(
  store: ReceiptStore,
  row: StoredRow,
  checkpoint: Checkpoint | null,
): Promise<Pick<ProofReceipt['chain'], 'previousLinked' | 'nextLinked'>> {
  const before = row.seq > 1 ? await store.row(row.seq - 1) : null;
  const after = await store.row(row.seq + 1);
  // The link before may be gone with a purge: its checkpoint keeps its hash.
  const previousHash =
    row.seq == 1 ? GENESIS : (before?.hash ?? (checkpoint?.toSeq == row.seq - 1 ? checkpoint.lastHash : null));
  return {
    previousLinked: previousHash === null ? null : previousHash == row.prevHash,
    nextLinked: after ? after.prevHash == row.hash : null,
  };
}
