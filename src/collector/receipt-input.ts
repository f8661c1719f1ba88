// What the collector takes in beyond the schema: a body that is valid UTF-8, and text that both
// stores can keep and query the same way. Receipts are hashed and signed as received, so bad
// input is refused, never repaired.
import type { FastifyInstance } from 'fastify';
import { UNSTORABLE_TEXT } from '../receipts/limits.js';
import { TemoinError } from './errors.js';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * JSON bodies are decoded strictly: the default decoder turns invalid UTF-8 into U+FFFD, and that
 * replacement would then be stored and signed as if the browser had sent it. Parsing itself
 * stays Fastify's (which refuses `__proto__` and `constructor.prototype` keys).
 */
export function strictJsonBodies(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => {
    let text: string;
    try {
      text = strictUtf8.decode(body as Buffer);
    } catch {
      done(new TemoinError('TEMOIN_ERR_INVALID_BODY', 'the body is not valid UTF-8'), undefined);
      return;
    }
    void parse(req, text, done);
  });
}

/**
 * The path of the first string (or key) in `value` the stores cannot keep alike, or null. The
 * SDK refuses the same text in a config: one rule (UNSTORABLE_TEXT) for both.
 */
export function unstorableText(value: unknown, path = 'body'): string | null {
  if (typeof value == 'string') return UNSTORABLE_TEXT.test(value) ? path : null;
  if (typeof value != 'object' || value === null) return null;
  for (const [key, item] of Object.entries(value)) {
    const at = `${path}/${key}`;
    if (UNSTORABLE_TEXT.test(key)) return at;
    const found = unstorableText(item, at);
    if (found) return found;
  }
  return null;
}

/** A 400 naming the first unstorable string of a receipt. */
export function checkStorableText(receipt: unknown): void {
  const path = unstorableText(receipt);
  if (path) {
    throw new TemoinError(
      'TEMOIN_ERR_INVALID_RECEIPT',
      `invalid receipt: ${path} holds a control character or a lone surrogate (U+0000 to U+001F but tab, line feed and carriage return, U+D800 to U+DFFF unpaired); the stores cannot keep it`,
    );
  }
}
