// Canonical JSON, the text a receipt is hashed and signed as: the same value must give the same
// characters on every machine, whatever order its keys were written in.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalJson } from '../../src/receipts/canonical.js';

void describe('canonicalJson', () => {
  void it('sorts keys and writes no white space', () => {
    assert.equal(canonicalJson({ b: 1, a: 'x', c: true }), '{"a":"x","b":1,"c":true}');
    assert.equal(canonicalJson({ c: true, a: 'x', b: 1 }), canonicalJson({ b: 1, a: 'x', c: true }));
  });

  void it('sorts nested objects, keeps array order', () => {
    const value = { z: [{ y: 2, x: 1 }, 3, [null, { b: {}, a: [] }]], a: { d: { f: 0, e: -1 }, c: null } };
    assert.equal(
      canonicalJson(value),
      '{"a":{"c":null,"d":{"e":-1,"f":0}},"z":[{"x":1,"y":2},3,[null,{"a":[],"b":{}}]]}',
    );
  });

  void it('sorts keys by UTF-16 code units, as RFC 8785 does', () => {
    // Upper case before lower case, digits before both; U+1F600 is the surrogates D83D DE00, so it
    // comes before U+E000 although its code point is higher.
    const value = { b: 0, a: 0, B: 0, 10: 0, 9: 0, é: 0, '\uE000': 0, '😀': 0 };
    assert.equal(canonicalJson(value), '{"10":0,"9":0,"B":0,"a":0,"b":0,"é":0,"😀":0,"\uE000":0}');
  });

  void it('leaves out undefined members, as JSON does', () => {
    assert.equal(canonicalJson({ a: undefined, b: null, c: { d: undefined } }), '{"b":null,"c":{}}');
  });

  void it('writes text as JSON.stringify does: non-ASCII as is, controls and lone surrogates escaped', () => {
    assert.equal(canonicalJson({ text: 'Préférences "ville" \\ 😀' }), '{"text":"Préférences \\"ville\\" \\\\ 😀"}');
    assert.equal(canonicalJson('a\nb\t\u0007\u001f'), '"a\\nb\\t\\u0007\\u001f"');
    assert.equal(canonicalJson('\ud800'), '"\\ud800"');
    assert.equal(canonicalJson({ '\n': 1 }), '{"\\n":1}');
  });

  void it('writes numbers in their shortest form', () => {
    assert.equal(
      canonicalJson([0, -0, 1, -1.5, 0.1 + 0.2, 1e21, 1e-7, 123456789012345680000, Number.MAX_SAFE_INTEGER]),
      '[0,0,1,-1.5,0.30000000000000004,1e+21,1e-7,123456789012345680000,9007199254740991]',
    );
  });

  void it('refuses numbers JSON cannot hold', () => {
    for (const n of [NaN, Infinity, -Infinity]) {
      assert.throws(() => canonicalJson({ a: [n] }), {
        name: 'TypeError',
        message: 'canonicalJson: numbers must be finite',
      });
    }
  });

  void it('writes scalars on their own', () => {
    assert.equal(canonicalJson(null), 'null');
    assert.equal(canonicalJson(false), 'false');
    assert.equal(canonicalJson('x'), '"x"');
    assert.equal(canonicalJson(12), '12');
  });
});
