// The collector's Ed25519 signing key. Generated on first start (mode 0600) when the file does
// not exist; its public half is published at GET /v1/keys and kept in the database, so
// acknowledgements signed by a key since replaced can still be verified.
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { canonicalJson } from '../receipts/canonical.js';
import { signedFields, type Acknowledgement } from '../receipts/receipt.js';

export interface SigningKey {
  keyId: string;
  /** SPKI PEM of the public key. */
  publicKey: string;
  sign(ack: Omit<Acknowledgement, 'signature'>): string;
  /**
   * The same signatures, made on libuv's thread pool: a batch's signing runs beside the event
   * loop, not on it (Ed25519 costs about 50 µs a signature here, most of a receipt's own work).
   */
  signAll(acks: readonly Omit<Acknowledgement, 'signature'>[]): Promise<string[]>;
}

export interface PublicKey {
  keyId: string;
  publicKey: string;
  createdAt: string;
}

/** The first 16 hex digits of SHA-256 over the public key's DER: short, stable, collision-safe enough to pick a key. */
export const keyIdOf = (key: KeyObject) =>
  createHash('sha256')
    .update(key.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);

export async function loadOrCreateKey(file: string): Promise<SigningKey & { created: boolean }> {
  let pem: string;
  let created = false;
  try {
    pem = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code != 'ENOENT')
      throw new Error(`cannot read the signing key ${file}: ${(e as Error).message}. Check --key (or TEMOIN_KEY)`, {
        cause: e,
      });
    pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    // wx: never overwrite a key another process has just written.
    try {
      await writeFile(file, pem, { mode: 0o600, flag: 'wx' });
      created = true;
    } catch (e) {
      // Made meanwhile by a collector starting beside this one: that key is the one.
      if ((e as NodeJS.ErrnoException).code != 'EEXIST')
        throw new Error(`cannot make the signing key ${file}: ${(e as Error).message}. Check --key (or TEMOIN_KEY)`, {
          cause: e,
        });
      pem = await readFile(file, 'utf8');
    }
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch (e) {
    throw new Error(`${file} is not a PEM private key: ${(e as Error).message}`, { cause: e });
  }
  if (privateKey.asymmetricKeyType != 'ed25519')
    throw new Error(`${file} holds a ${privateKey.asymmetricKeyType ?? 'unknown'} key; Ed25519 is required`);
  const publicKey = createPublicKey(privateKey);
  const keyId = keyIdOf(publicKey);
  const signed = (ack: Omit<Acknowledgement, 'signature'>) => Buffer.from(canonicalJson(signedFields(ack)));
  const written = (signature: Buffer) => `ed25519:${keyId}:${signature.toString('base64url')}`;
  return {
    keyId,
    created,
    publicKey: publicKey.export({ type: 'spki', format: 'pem' }) as string,
    sign: (ack) => written(sign(null, signed(ack), privateKey)),
    signAll: (acks) =>
      Promise.all(
        acks.map(
          (ack) =>
            new Promise<string>((resolve, reject) =>
              sign(null, signed(ack), privateKey, (error, signature) =>
                error ? reject(error) : resolve(written(signature)),
              ),
            ),
        ),
      ),
  };
}

/** Checks an acknowledgement's signature against the published keys. */
export function verifySignature(ack: Acknowledgement, keys: PublicKey[]): boolean {
  const [algorithm, keyId, signature] = ack.signature.split(':');
  const key = keys.find((k) => k.keyId == keyId);
  if (algorithm != 'ed25519' || !key || !signature) return false;
  return verify(
    null,
    Buffer.from(canonicalJson(signedFields(ack))),
    createPublicKey(key.publicKey),
    Buffer.from(signature, 'base64url'),
  );
}
