// Whatever a browser, a proxy or an attacker posts, the collector keeps its promises: it never
// answers 5xx, it stores exactly the receipts it answered 201 (once each), the chain still
// verifies, and every analyst read still answers. Seeded fuzzing of POST /v1/receipts on real
// SQLite and PostgreSQL, plus the hardening issue's targeted cases, which must be refused.
//
// `npm test` runs the same cases every time (seed 20261202), so a red run is never luck; explore
// with TEMOIN_FUZZ_SEED=random, and replay a failure with the seed its message prints:
// TEMOIN_FUZZ_SEED=<seed>. TEMOIN_FUZZ_COUNT sets how many mutated receipts each store gets
// (default 2000).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { createToken } from '../../src/collector/access.js';
import { buildCollector } from '../../src/collector/server.js';
import type { StoredRow } from '../../src/collector/store/store.js';
import { verifyChain } from '../../src/collector/verify.js';
import type { Receipt } from '../../src/receipts/receipt.js';
import { seeded, type Seeded } from './seeded.js';
import { freshStore, KINDS, ORIGIN, receipt, type Fresh } from './support.js';

const run = promisify(execFile);
const bin = new URL('../../../../bin/temoin.js', import.meta.url).pathname;
const COUNT = Number(process.env.TEMOIN_FUZZ_COUNT ?? 2000);

type Json = null | boolean | number | string | Json[] | JsonObject;
interface JsonObject {
  [key: string]: Json;
}
type Path = (string | number)[];

/** One request: a name that says how it was made, and the bytes sent. */
interface Case {
  name: string;
  /** The name without its details, to count failures by what caused them. */
  kind?: string;
  body: string | Buffer;
  type?: string;
}

interface Answer {
  name: string;
  kind: string;
  status: number;
  error: string;
  receiptId?: string;
}

// ---------------------------------------------------------------------------------------------
// Values that have broken parsers, databases and CSV files before.

const EDGE_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udc00',
  'a\ud800b',
  '\udc00\ud800',
  '\ud83c',
  '🍪',
  '👩‍👩‍👧‍👦',
  '\u202eevil\u202c',
  'مرحبا بالعالم',
  'שלום',
  '\u0001\u0002\u001f\u007f',
  '\u0085\u2028\u2029',
  '\ufeff',
  '\ufffd',
  '\uffff',
  'e\u0301',
  'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇',
  'x'.repeat(300),
  'x'.repeat(301),
  'x'.repeat(2001),
  'é'.repeat(20_000),
  'x'.repeat(70_000),
  'NaN',
  'Infinity',
  '-Infinity',
  '1e308',
  '-0',
  'null',
  'true',
  '__proto__',
  'constructor',
  "'; DROP TABLE receipts; --",
  '%00',
  '\\u0000',
  '<script>alert(1)</script>',
  "=cmd|'/c calc'!A1",
  '"quoted", with, commas\nand a newline',
  '\r\n',
  'analytics',
  'granted',
  'a'.repeat(100),
  'A-b_9',
];
const EDGE_NUMBERS = [
  0,
  -0,
  1,
  -1,
  0.5,
  2 ** 31 - 1,
  2 ** 31,
  2 ** 32,
  2 ** 53 - 1,
  2 ** 53,
  2 ** 53 + 2,
  1e308,
  -1e308,
  5e-324,
  Number.MIN_SAFE_INTEGER,
];
const EDGE_TIMES = [
  '2026-11-23T10:00:00+02:00',
  '2026-11-23 10:00:00.000Z',
  '2026-11-23T10:00:00Z',
  '2026-11-23T10:00:00.000',
  '2026-11-23t10:00:00.000z',
  '2026-11-23',
  '2026-02-30T10:00:00.000Z',
  '2026-11-23T24:00:00.000Z',
  '2026-12-31T23:59:60.000Z',
  '+012026-11-23T10:00:00.000Z',
  '0000-01-01T00:00:00.000Z',
  '9999-12-31T23:59:59.999Z',
  '2026-11-23T10:00:00.123456789Z',
  '2026-11-23T10:00:00.000-00:00',
  '2026-11-23T10:00:00.000+14:00',
  '2026-11-23T10:00:00.000+99:99',
  'Mon, 23 Nov 2026 10:00:00 GMT',
  '1763892000000',
  '',
  'now',
];
const edgeIds = (u: string) => [
  u.toUpperCase(),
  `urn:uuid:${u}`,
  `URN:UUID:${u}`,
  `{${u}}`,
  u.replaceAll('-', ''),
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  ` ${u}`,
  `${u}\n`,
  u.slice(0, 35),
  `${u}0`,
  `${u.slice(0, 14)}1${u.slice(15)}`,
  u.slice(0, 18).toUpperCase() + u.slice(18),
];
const ODD_KEYS = [
  'ip',
  'extra',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '',
  ' ',
  'receiptid',
  'receipt\u200bId',
  '🍪',
  'a\u0000b',
];

// ---------------------------------------------------------------------------------------------
// Walking and changing a JSON tree.

const isObject = (v: Json | undefined): v is JsonObject => typeof v == 'object' && v !== null && !Array.isArray(v);

function paths(value: Json, path: Path = []): Path[] {
  const out: Path[] = [];
  if (Array.isArray(value)) value.forEach((v, i) => out.push([...path, i], ...paths(v, [...path, i])));
  else if (isObject(value))
    for (const [k, v] of Object.entries(value)) out.push([...path, k], ...paths(v, [...path, k]));
  return out;
}

function at(root: Json, path: Path): Json | undefined {
  let node: Json | undefined = root;
  for (const key of path) {
    if (Array.isArray(node) && typeof key == 'number') node = node[key];
    else if (isObject(node) && typeof key == 'string') node = Object.hasOwn(node, key) ? node[key] : undefined;
    else return undefined;
  }
  return node;
}

function setAt(root: Json, path: Path, value: Json): void {
  const parent = at(root, path.slice(0, -1));
  const key = path[path.length - 1]!;
  if (Array.isArray(parent) && typeof key == 'number') parent[key] = value;
  // defineProperty, so that a key named __proto__ becomes an own property that JSON.stringify writes.
  else if (isObject(parent))
    Object.defineProperty(parent, String(key), { value, enumerable: true, writable: true, configurable: true });
}

function deleteAt(root: Json, path: Path): void {
  const parent = at(root, path.slice(0, -1));
  const key = path[path.length - 1]!;
  if (Array.isArray(parent) && typeof key == 'number') parent.splice(key, 1);
  else if (isObject(parent)) Reflect.deleteProperty(parent, key);
}

function randomValue(rng: Seeded, depth = 0): Json {
  switch (rng.int(0, depth > 2 ? 3 : 5)) {
    case 0:
      return null;
    case 1:
      return rng.chance(0.5);
    case 2:
      return rng.pick(EDGE_NUMBERS);
    case 3:
      return rng.pick(EDGE_STRINGS);
    case 4:
      return Array.from({ length: rng.int(0, 3) }, () => randomValue(rng, depth + 1));
    default:
      return Object.fromEntries(
        Array.from({ length: rng.int(0, 3) }, () => [rng.pick(ODD_KEYS.slice(0, 2)), randomValue(rng, depth + 1)]),
      );
  }
}

/** Deep nesting is written into the JSON text, not the tree: walking it would overflow our own stack. */
const DEEP = /"@@deep:(\d+):(array|object|proto)@@"/g;
const toText = (r: JsonObject) =>
  JSON.stringify(r).replace(DEEP, (_, depth: string, shape: string) => {
    const n = Number(depth);
    if (shape == 'array') return '['.repeat(n) + '"x"' + ']'.repeat(n);
    return '{"a":'.repeat(n) + (shape == 'proto' ? '{"__proto__":1}' : '"x"') + '}'.repeat(n);
  });

/** A valid receipt whose ids and times come from the seed, as a plain JSON tree. */
function validReceipt(rng: Seeded): JsonObject {
  const time = new Date(Date.UTC(2026, 10, 23, 10) + rng.int(0, 86_400_000)).toISOString();
  return JSON.parse(
    JSON.stringify(
      receipt({
        receiptId: rng.uuid(),
        principal: rng.uuid(),
        timestamp: time,
        validUntil: new Date(Date.parse(time) + 365 * 864e5).toISOString(),
      }),
    ),
  ) as JsonObject;
}

const numberPaths = (r: JsonObject) => paths(r).filter((p) => typeof at(r, p) == 'number');
const stringPaths = (r: JsonObject) => paths(r).filter((p) => typeof at(r, p) == 'string');
const arrayPaths = (r: JsonObject) => paths(r).filter((p) => Array.isArray(at(r, p)));
const objectPaths = (r: JsonObject): Path[] => [[], ...paths(r).filter((p) => isObject(at(r, p)))];
const anyPath = (rng: Seeded, r: JsonObject, preferred: Path[]) =>
  preferred.length && rng.chance(0.7) ? rng.pick(preferred) : rng.pick(paths(r));

/** Mutations of a receipt tree, in place; each returns a short description for the report. */
const MUTATIONS: [string, (r: JsonObject, rng: Seeded) => string][] = [
  [
    'drop a field',
    (r, rng) => {
      const path = rng.pick(paths(r));
      deleteAt(r, path);
      return path.join('.');
    },
  ],
  [
    'add a field',
    (r, rng) => {
      const path = rng.pick(objectPaths(r));
      const key = rng.pick(ODD_KEYS);
      setAt(r, [...path, key], key == 'constructor' ? { prototype: { polluted: true } } : randomValue(rng));
      return [...path, key].join('.');
    },
  ],
  [
    'wrong type',
    (r, rng) => {
      const path = rng.pick(paths(r));
      setAt(r, path, randomValue(rng));
      return path.join('.');
    },
  ],
  [
    'edge string',
    (r, rng) => {
      const path = anyPath(rng, r, stringPaths(r));
      const value = rng.pick(EDGE_STRINGS);
      setAt(r, path, value);
      return `${path.join('.')} = ${JSON.stringify(value.slice(0, 20))}${value.length > 20 ? `… (${value.length})` : ''}`;
    },
  ],
  [
    'edge number',
    (r, rng) => {
      const path = anyPath(rng, r, numberPaths(r));
      const value = rng.pick(EDGE_NUMBERS);
      setAt(r, path, value);
      return `${path.join('.')} = ${value}`;
    },
  ],
  [
    'null',
    (r, rng) => {
      const path = rng.pick(paths(r));
      setAt(r, path, null);
      return path.join('.');
    },
  ],
  [
    'empty container',
    (r, rng) => {
      const path = rng.pick(paths(r));
      setAt(r, path, rng.chance(0.5) ? [] : {});
      return path.join('.');
    },
  ],
  [
    'deep nesting',
    (r, rng) => {
      const path = rng.pick(paths(r));
      const depth = rng.int(10, 15_000);
      const shape = rng.pick(['array', 'object', 'proto']);
      setAt(r, path, `@@deep:${depth}:${shape}@@`);
      return `${path.join('.')} ${shape} depth ${depth}`;
    },
  ],
  [
    'timestamp form',
    (r, rng) => {
      const field = rng.pick(['timestamp', 'validUntil']);
      const value = rng.pick(EDGE_TIMES);
      r[field] = value;
      return `${field} = ${value}`;
    },
  ],
  [
    'id form',
    (r, rng) => {
      const field = rng.pick(['receiptId', 'principal', 'previousReceiptId']);
      const value = rng.pick(edgeIds(rng.uuid()));
      r[field] = value;
      return `${field} = ${JSON.stringify(value)}`;
    },
  ],
  [
    'repeated entries',
    (r, rng) => {
      const arrays = arrayPaths(r).filter((p) => (at(r, p) as Json[]).length);
      if (!arrays.length) return 'no array left';
      const path = rng.pick(arrays);
      const array = at(r, path) as Json[];
      const times = rng.int(1, 60);
      for (let i = 0; i < times; i++) array.push(JSON.parse(JSON.stringify(array[0])) as Json);
      return `${path.join('.')} + ${times} copies`;
    },
  ],
  [
    'reordered keys',
    (r, rng) => {
      // Still a valid receipt: the canonical body must not depend on the order sent.
      const shuffle = (v: Json): Json => {
        if (Array.isArray(v)) return v.map(shuffle);
        if (!isObject(v)) return v;
        const entries = Object.entries(v).map(([k, x]): [string, Json] => [k, shuffle(x)]);
        for (let i = entries.length - 1; i > 0; i--) {
          const j = rng.int(0, i);
          [entries[i], entries[j]] = [entries[j]!, entries[i]!];
        }
        return Object.fromEntries(entries);
      };
      const shuffled = shuffle(r) as JsonObject;
      for (const k of Object.keys(r)) Reflect.deleteProperty(r, k);
      Object.assign(r, shuffled);
      return 'all objects';
    },
  ],
  ['unchanged', () => 'a valid receipt'],
];

/** Bodies that are not a receipt tree at all. */
function rawCase(rng: Seeded): Case {
  const valid = JSON.stringify(validReceipt(rng));
  switch (rng.int(0, 9)) {
    case 0: {
      const cut = rng.int(0, valid.length - 1);
      return { name: `raw: truncated JSON at ${cut}`, body: valid.slice(0, cut) };
    }
    case 1: {
      const bytes = rng.pick([[0xff], [0xc3], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xc0, 0xaf], [0x80]]);
      const [head, tail] = [
        valid.slice(0, valid.indexOf('Ville de Démo') + 5),
        valid.slice(valid.indexOf('Ville de Démo') + 5),
      ];
      return {
        name: `raw: invalid UTF-8 ${bytes.map((b) => b.toString(16)).join(' ')} in a string`,
        body: Buffer.concat([Buffer.from(head), Buffer.from(bytes), Buffer.from(tail)]),
      };
    }
    case 2: {
      const type = rng.pick([
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/xml',
        'application/json; charset=latin1',
        'application/json; charset=utf-16',
        'APPLICATION/JSON',
        'application/json-patch+json',
        'application/jsonx',
        '',
        'application/octet-stream',
      ]);
      return { name: `raw: content type ${JSON.stringify(type)}`, body: valid, type };
    }
    case 3: {
      const body = rng.pick([
        'null',
        '[]',
        '0',
        '"x"',
        'true',
        '{}',
        '[{}]',
        '',
        ' ',
        '\n\n',
        '{"__proto__": {"polluted": true}}',
        '{"constructor": {"prototype": {"polluted": true}}}',
        'NaN',
        '{"a": Infinity}',
        `[${valid}]`,
        `${valid}${valid}`,
        `${valid} x`,
      ]);
      return { name: `raw: ${JSON.stringify(body.slice(0, 30))}`, body };
    }
    case 4:
      return { name: 'raw: byte order mark before the JSON', body: `\ufeff${valid}` };
    case 5: {
      const key = rng.pick(['event', 'revision', 'receiptId', 'purposes']);
      const value = rng.pick(['"refused"', '2', `"${rng.uuid()}"`, '[]']);
      return { name: `raw: duplicated key ${key}`, body: valid.replace('{', `{"${key}":${value},`) };
    }
    case 6: {
      const number = rng.pick([
        '1e400',
        '-1e400',
        '1E2',
        '-0',
        '0.0000001',
        '123456789012345678901234567890',
        '-1e-400',
        '0e0',
        '1.0',
      ]);
      const field = rng.pick(['"retention":395', '"revision":1']);
      return {
        name: `raw: number text ${field.split(':')[0]!} = ${number}`,
        body: valid.replace(field, `${field.split(':')[0]!}:${number}`),
      };
    }
    case 7: {
      const char = rng.pick(['\u0000', '\u0001', '\n', '\t', '\u001f']);
      return {
        name: `raw: unescaped control character ${JSON.stringify(char)} in a string`,
        body: valid.replace('Ville de Démo', `Ville${char}de Démo`),
      };
    }
    case 8:
      return {
        name: 'raw: escaped lone surrogate text',
        body: valid.replace('Ville de Démo', 'Ville \\ud800 de D\\u00e9mo'),
      };
    default:
      return { name: 'raw: padded with white space', body: ' '.repeat(rng.int(1, 60_000)) + valid };
  }
}

// ---------------------------------------------------------------------------------------------
// The issue's targeted cases: each must be answered with exactly this status.

const TARGETED: [string, (rng: Seeded) => Case, number][] = [
  ...(
    [
      ['"\\u0000" in controller.name', (r: Receipt) => (r.controller.name = 'Ville\u0000de Démo')],
      ['"\\u0000" in a purpose title', (r: Receipt) => (r.purposes[1]!.title = 'Mesure\u0000')],
      ['"\\u0000" in a service purpose', (r: Receipt) => (r.purposes[1]!.services[0]!.purpose = '\u0000')],
      ['a lone high surrogate "\\ud800" in controller.name', (r: Receipt) => (r.controller.name = 'Ville \ud800')],
      [
        'a lone low surrogate "\\udc00" in a purpose title',
        (r: Receipt) => (r.purposes[0]!.title = '\udc00 Nécessaires'),
      ],
      ['a lone surrogate "\\ud800" in a service name', (r: Receipt) => (r.purposes[1]!.services[0]!.name = '\ud800')],
      ['revision 2**31', (r: Receipt) => (r.revision = 2 ** 31)],
      ['revision 2**53', (r: Receipt) => (r.revision = 2 ** 53)],
      ['an uppercase receiptId', (r: Receipt) => (r.receiptId = r.receiptId.toUpperCase())],
      ['an uppercase principal', (r: Receipt) => (r.principal = r.principal.toUpperCase())],
      ['an uppercase previousReceiptId', (r: Receipt) => (r.previousReceiptId = r.principal.toUpperCase())],
      ['a "urn:uuid:" receiptId', (r: Receipt) => (r.receiptId = `urn:uuid:${r.receiptId}`)],
      ['a "urn:uuid:" principal', (r: Receipt) => (r.principal = `urn:uuid:${r.principal}`)],
      ['a "urn:uuid:" previousReceiptId', (r: Receipt) => (r.previousReceiptId = `urn:uuid:${r.principal}`)],
      ['a timestamp with an offset "+02:00"', (r: Receipt) => (r.timestamp = '2026-11-23T10:00:00+02:00')],
      [
        'a timestamp with an offset and milliseconds "+02:00"',
        (r: Receipt) => (r.timestamp = '2026-11-23T10:00:00.000+02:00'),
      ],
      ['a timestamp with a space instead of "T"', (r: Receipt) => (r.timestamp = '2026-11-23 10:00:00.000Z')],
      ['a timestamp without milliseconds', (r: Receipt) => (r.timestamp = '2026-11-23T10:00:00Z')],
      ['a timestamp without "Z"', (r: Receipt) => (r.timestamp = '2026-11-23T10:00:00.000')],
      ['a timestamp in lower case "t" and "z"', (r: Receipt) => (r.timestamp = '2026-11-23t10:00:00.000z')],
      ['a validUntil with an offset "+02:00"', (r: Receipt) => (r.validUntil = '2027-11-23T10:00:00+02:00')],
    ] as const
  ).map(([name, change]): [string, (rng: Seeded) => Case, number] => [
    name,
    (rng) => {
      const r = validReceipt(rng) as unknown as Receipt;
      change(r);
      return { name, body: JSON.stringify(r) };
    },
    400,
  ]),
  [
    'revision 2**31 - 1 (the largest that must be kept)',
    (rng) => ({ name: '', body: JSON.stringify({ ...validReceipt(rng), revision: 2 ** 31 - 1 }) }),
    201,
  ],
  [
    'an invalid UTF-8 body (0xff in controller.name)',
    (rng) => {
      const [head, tail] = JSON.stringify(validReceipt(rng)).split('Ville de Démo') as [string, string];
      return {
        name: '',
        body: Buffer.concat([Buffer.from(`${head}Ville `), Buffer.from([0xff, 0xfe]), Buffer.from(` de Démo${tail}`)]),
      };
    },
    400,
  ],
  [
    'an invalid UTF-8 body (an encoded surrogate ED A0 80)',
    (rng) => {
      const [head, tail] = JSON.stringify(validReceipt(rng)).split('Ville de Démo') as [string, string];
      return {
        name: '',
        body: Buffer.concat([
          Buffer.from(`${head}Ville `),
          Buffer.from([0xed, 0xa0, 0x80]),
          Buffer.from(` de Démo${tail}`),
        ]),
      };
    },
    400,
  ],
  [
    'an invalid UTF-8 body (bytes 7b 22 ff)',
    () => ({ name: '', body: Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]) }),
    400,
  ],
];

// ---------------------------------------------------------------------------------------------

/** Lists what went wrong, the first few in full, so one failure names every open problem. */
function report(what: string, seed: number, problems: string[], limit = 10): string {
  const shown = problems
    .slice(0, limit)
    .map((p) => `  - ${p}`)
    .join('\n');
  const more = problems.length > limit ? `\n  … and ${problems.length - limit} more` : '';
  return `${problems.length} ${what} (replay with TEMOIN_FUZZ_SEED=${seed}):\n${shown}${more}`;
}

/** Counts by key, as Object.groupBy would (Node 21). */
function tally<T>(items: T[], key: (item: T) => string): string {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts].map(([k, n]) => `${n} × ${k}`).join(', ');
}

const snippet = (text: string) => (text.length > 160 ? `${text.slice(0, 160)}…` : text);

for (const kind of KINDS) {
  describe(`fuzzing POST /v1/receipts on ${kind}`, { timeout: 180_000 }, () => {
    const rng = seeded('TEMOIN_FUZZ_SEED', 20261202);
    const answers: Answer[] = [];
    const targeted: { name: string; expected: number; status: number; error: string }[] = [];
    let f: Fresh;
    let app: FastifyInstance;
    /** What `after` undoes, newest first: only what `before` got as far as making. */
    const cleanup: (() => Promise<unknown>)[] = [];
    let rows: StoredRow[];

    const post = async (c: Case): Promise<Answer> => {
      const kind = c.kind ?? c.name.split(' ').slice(0, 3).join(' ');
      let answer: Answer;
      try {
        const response = await app.inject({
          method: 'POST',
          url: '/v1/receipts',
          headers: { origin: ORIGIN, ...(c.type === '' ? {} : { 'content-type': c.type ?? 'application/json' }) },
          payload: c.body,
        });
        const json = (() => {
          try {
            return JSON.parse(response.body) as { error?: string; receiptId?: string };
          } catch {
            return { error: `(not JSON) ${response.body}` };
          }
        })();
        answer = {
          name: c.name,
          kind,
          status: response.statusCode,
          error: snippet(json.error ?? ''),
          ...(json.receiptId ? { receiptId: json.receiptId } : {}),
        };
      } catch (e) {
        answer = { name: c.name, kind, status: 599, error: `inject threw: ${(e as Error).message}` };
      }
      answers.push(answer);
      return answer;
    };

    before(async () => {
      const started = performance.now();
      console.log(
        `fuzz on ${kind}: seed ${rng.seed} (replay with TEMOIN_FUZZ_SEED=${rng.seed}), ${COUNT} mutated receipts`,
      );
      f = await freshStore(kind);
      cleanup.unshift(() => f.drop());
      app = await buildCollector({
        store: f.store,
        key: f.key,
        origins: [ORIGIN],
        logLevel: 'silent',
        rateLimit: 1_000_000,
      });
      cleanup.unshift(() => app.close());

      for (const [name, make, expected] of TARGETED) {
        const answer = await post({ ...make(rng), name: `targeted: ${name}`, kind: `targeted: ${name}` });
        targeted.push({ name, expected, status: answer.status, error: answer.error });
      }

      // Receipts sent so far (small enough to parse back), for the duplicate-id cases.
      const sent: Case[] = [];
      for (let i = 0; i < COUNT; i++) {
        const roll = rng.next();
        if (roll < 0.08) {
          await post(rawCase(rng));
        } else if (roll < 0.16 && sent.length) {
          const earlier = rng.pick(sent);
          if (rng.chance(0.5)) {
            await post({
              name: `duplicate id: the same receipt again [${earlier.name}]`,
              kind: `duplicate id [${earlier.kind!}]`,
              body: earlier.body,
            });
          } else {
            const changed = JSON.parse(earlier.body.toString()) as JsonObject;
            const field = rng.pick(['event', 'language', 'revision', 'timestamp']);
            changed[field] =
              field == 'event'
                ? 'withdrawn'
                : field == 'language'
                  ? 'en'
                  : field == 'revision'
                    ? 7
                    : '2026-11-24T10:00:00.000Z';
            await post({
              name: `duplicate id: the same receiptId with another ${field} [${earlier.name}]`,
              kind: `duplicate id [${earlier.kind!}]`,
              body: JSON.stringify(changed),
            });
          }
        } else {
          const r = validReceipt(rng);
          const names: string[] = [];
          const kinds: string[] = [];
          for (let n = rng.int(1, 3); n > 0; n--) {
            const [name, mutate] = rng.pick(MUTATIONS);
            names.push(`${name} (${mutate(r, rng)})`);
            kinds.push(name);
          }
          const sending = { name: names.join(' + '), kind: kinds.join(' + '), body: toText(r) };
          await post(sending);
          if (
            Buffer.byteLength(sending.body) < 60_000 &&
            !sending.body.includes('"__proto__"') &&
            !names.some((n) => n.startsWith('deep'))
          )
            sent.push(sending);
        }
      }

      rows = [];
      for await (const row of f.store.rows()) rows.push(row);
      console.log(
        `fuzz on ${kind}: ${answers.length} posts in ${Math.round(performance.now() - started)} ms; ` +
          tally(answers, (a) => String(a.status)),
      );
    });
    after(async () => {
      for (const undo of cleanup) await undo();
    });

    it('refuses the hardening issue’s targeted cases with 400 (and keeps revision 2**31 - 1)', () => {
      const wrong = targeted
        .filter((t) => t.status != t.expected)
        .map((t) => `${t.name}: expected ${t.expected}, got ${t.status}${t.error ? ` (${t.error})` : ''}`);
      assert.ok(!wrong.length, report('targeted cases answered wrongly', rng.seed, wrong, 50));
    });

    it(`answers no mutated receipt or raw body with a 5xx`, () => {
      assert.ok(answers.length >= COUNT + TARGETED.length);
      const failures = answers.filter((a) => a.status >= 500);
      const byMutation = tally(failures, (a) => a.kind);
      assert.ok(
        !failures.length,
        `${report(
          'answers ≥ 500',
          rng.seed,
          failures.map((a) => `${a.status} to ${a.name}: ${a.error}`),
        )}\n  by mutation: ${byMutation}`,
      );
    });

    it('stores exactly the receipts answered 201, each once', () => {
      const created = answers.filter((a) => a.status == 201).map((a) => a.receiptId!);
      const stored = rows.map((r) => r.receiptId);
      const problems = [
        ...(stored.length != created.length ? [`${stored.length} rows stored, ${created.length} answers 201`] : []),
        ...created.filter((id) => !stored.includes(id)).map((id) => `answered 201 but not stored: ${id}`),
        ...stored.filter((id) => !created.includes(id)).map((id) => `stored without a 201: ${id}`),
        ...stored.filter((id, i) => stored.indexOf(id) != i).map((id) => `stored twice: ${id}`),
      ];
      assert.ok(
        created.length > 100,
        `only ${created.length} receipts were accepted: the fuzz barely reached the store`,
      );
      assert.ok(!problems.length, report('differences between the store and the 201s', rng.seed, problems));
    });

    it('keeps a chain that verifies, in process and with `temoin verify`', async () => {
      const result = await verifyChain(f.store);
      assert.ok(result.ok, `verify: ${JSON.stringify(result)} (replay with TEMOIN_FUZZ_SEED=${rng.seed})`);
      assert.equal(result.checked, rows.length);
      const where = f.location.db ? ['--db', f.location.db] : ['--database-url', f.location.databaseUrl!];
      const cli = await run('node', [bin, 'verify', ...where]).then(
        (r) => ({ code: 0, stdout: r.stdout }),
        (e: unknown) => e as { code: number; stdout: string },
      );
      assert.equal(cli.code, 0, `temoin verify: ${cli.stdout} (replay with TEMOIN_FUZZ_SEED=${rng.seed})`);
      assert.match(cli.stdout, new RegExp(`chain intact: ${rows.length} receipts`));
    });

    it('still answers every analyst read, and refuses odd ones with 4xx', async () => {
      const { token } = await createToken(f.store, 'Fuzz', 'analyst');
      const get = async (url: string) => {
        try {
          const response = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
          return { status: response.statusCode, body: response.body };
        } catch (e) {
          return { status: 599, body: `inject threw: ${(e as Error).message}` };
        }
      };
      const problems: string[] = [];
      const lines = (body: string) => body.split('\n').filter(Boolean);
      const expectOk = async (url: string, check?: (body: string) => string | undefined) => {
        const { status, body } = await get(url);
        if (status != 200) return problems.push(`GET ${url}: ${status} ${snippet(body)}`);
        const problem = check?.(body);
        if (problem) problems.push(`GET ${url}: ${problem}`);
      };
      const jsonLines = (expected?: number) => (body: string) => {
        const list = lines(body);
        const bad = list.findIndex((l) => {
          try {
            JSON.parse(l);
            return false;
          } catch {
            return true;
          }
        });
        if (bad >= 0) return `line ${bad + 1} is not JSON: ${snippet(list[bad]!)}`;
        return expected === undefined || list.length == expected
          ? undefined
          : `${list.length} lines, ${expected} receipts match`;
      };

      const bodies = rows.map((r) => JSON.parse(r.body) as Receipt);
      const granted = (c: string) =>
        bodies.filter((b) => b.purposes.some((p) => p.category == c && p.decision == 'granted')).length;
      const categories = [
        ...new Set(['analytics', 'necessary', ...bodies.flatMap((b) => b.purposes.map((p) => p.category))]),
      ]
        .filter((c) => /^[A-Za-z][A-Za-z0-9_-]*$/.test(c))
        .slice(0, 6);

      await expectOk('/v1/receipts', jsonLines(rows.length));
      await expectOk('/v1/receipts?format=csv', (body) =>
        body.startsWith('seq,') ? undefined : `not CSV: ${snippet(body)}`,
      );
      await expectOk('/v1/receipts?newest=10', jsonLines(Math.min(10, rows.length)));
      for (const c of categories) {
        await expectOk(`/v1/receipts?category=${c}&format=jsonl`, jsonLines(granted(c)));
        await expectOk(`/v1/receipts?category=${c}&format=csv`, (body) => {
          if (!body.startsWith('seq,')) return `not CSV: ${snippet(body)}`;
          return lines(body).length < granted(c) + 1
            ? `${lines(body).length - 1} rows, ${granted(c)} receipts match`
            : undefined;
        });
        await expectOk(`/v1/receipts?newest=10&category=${c}`, jsonLines(Math.min(10, granted(c))));
      }
      // Stored ids and principals, the odd ones first: each must be found again.
      const odd = (id: string) => !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id);
      const sample = [
        ...rows.filter((r) => odd(r.receiptId) || odd(r.principal)).slice(0, 5),
        rows[0]!,
        rows[rows.length - 1]!,
      ];
      for (const row of sample) {
        await expectOk(`/v1/receipts/${encodeURIComponent(row.receiptId)}`, (body) => {
          const one = JSON.parse(body) as { seq?: number };
          return one.seq == row.seq ? undefined : `answered seq ${one.seq ?? '(none)'}, stored as ${row.seq}`;
        });
        await expectOk(`/v1/receipts?principal=${encodeURIComponent(row.principal)}`, (body) =>
          lines(body).length ? undefined : `principal ${row.principal} of receipt #${row.seq} is not found`,
        );
      }
      await expectOk('/v1/stats');
      await expectOk('/v1/stats?interval=week&by=revision');
      await expectOk('/v1/verify', (body) => ((JSON.parse(body) as { ok: boolean }).ok ? undefined : body));

      for (const url of [
        '/v1/receipts/a%00b',
        '/v1/receipts/%ED%A0%80',
        '/v1/receipts/%FF',
        '/v1/receipts?principal=a%00b',
        '/v1/receipts?category=a%00b',
        '/v1/receipts?from=a%00b',
        '/v1/receipts?newest=1e308',
        '/v1/receipts?category=%ED%A0%80',
      ]) {
        const { status, body } = await get(url);
        if (status < 400 || status >= 500) problems.push(`GET ${url}: expected 4xx, got ${status} ${snippet(body)}`);
      }
      // Odd but harmless: any answer but a 5xx (an empty result, or a 4xx naming the problem).
      for (const url of [
        `/v1/receipts/${'x'.repeat(5000)}`,
        '/v1/receipts?revision=1e308',
        '/v1/receipts?revision=2147483648',
        '/v1/receipts?from=0001-01-01&to=9999-12-31',
        '/v1/stats?from=2026-11-23T10:00:00%2B02:00',
      ]) {
        const { status, body } = await get(url);
        if (status >= 500) problems.push(`GET ${url}: ${status} ${snippet(body)}`);
      }
      assert.ok(!problems.length, report('reads that failed after the fuzz', rng.seed, problems, 30));
    });
  });
}
