// The shared pieces: canonical JSON, SHA-256 without Web Crypto, and the schema's vocabularies
// against the config's.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { DATA_KINDS } from '../../src/core/config-types.js';
import { canonicalJson } from '../../src/receipts/canonical.js';
import { BROWSER_FAMILIES } from '../../src/receipts/receipt.js';
import { sha256 } from '../../src/receipts/sha256.js';

describe('canonical JSON', () => {
  it('sorts keys at every depth and drops undefined', () => {
    assert.equal(canonicalJson({ b: 1, a: [{ d: 'é', c: null }], u: undefined }), '{"a":[{"c":null,"d":"é"}],"b":1}');
  });
  it('refuses numbers JSON cannot carry', () => {
    assert.throws(() => canonicalJson({ n: NaN }), /finite/);
  });
});

describe('SHA-256 for pages without Web Crypto', () => {
  it('matches node:crypto on edge lengths and random input', () => {
    const inputs = [0, 1, 55, 56, 63, 64, 65, 119, 120, 1000].map((n) => randomBytes(n));
    for (const input of inputs) {
      assert.equal(
        Buffer.from(sha256(input)).toString('hex'),
        createHash('sha256').update(input).digest('hex'),
        `length ${input.length}`,
      );
    }
  });
});

interface SchemaShape {
  properties: {
    userAgentFamily: { enum: string[] };
    purposes: {
      items: { properties: { services: { items: { properties: { data: { items: { enum: string[] } } } } } } };
    };
  };
}

describe('the receipt schema', () => {
  it('lists the same data kinds as the config and the same browser families as the client', async () => {
    const schema = JSON.parse(
      await readFile(new URL('../../src/receipts/receipt.schema.json', import.meta.url), 'utf8'),
    ) as SchemaShape;
    assert.deepEqual(schema.properties.purposes.items.properties.services.items.properties.data.items.enum, [
      ...DATA_KINDS,
    ]);
    assert.deepEqual(schema.properties.userAgentFamily.enum, [
      ...BROWSER_FAMILIES,
      ...BROWSER_FAMILIES.map((f) => `${f} mobile`),
    ]);
  });
});
