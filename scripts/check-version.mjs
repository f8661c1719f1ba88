// CHECK_VERSION, which the build writes into the browser's bundles: a hash of what a config's
// validation depends on (its rules, the service templates, the receipt's limits). The <head>
// script trusts a config text this device validated under these very sources only
// (src/core/config-trust.ts), so a release that changes them has each device validate again.
// Only one build's bundles need to agree on it: they are built together. The sources are hashed
// without their comments and layout: the hash moves the bundles' gzip sizes by a few bytes, which
// `npm run size` holds the README to, and a comment should not.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const SOURCES = ['src/core', 'src/templates', 'src/receipts'];

/** A source's code, without comments or layout: TypeScript's output, or a JSON file's values. */
function code(file) {
  const text = readFileSync(file, 'utf8');
  if (file.endsWith('.json')) return JSON.stringify(JSON.parse(text));
  return ts.transpileModule(text, {
    compilerOptions: { removeComments: true, target: ts.ScriptTarget.ESNext, module: ts.ModuleKind.ESNext },
  }).outputText;
}

/** The hash, as a JavaScript string literal of six base64url characters. */
export function checkVersion() {
  const hash = createHash('sha256');
  for (const dir of SOURCES) {
    for (const file of readdirSync(dir, { recursive: true }).sort()) {
      if (/\.(ts|json)$/.test(file)) hash.update(file).update(code(join(dir, file)));
    }
  }
  return JSON.stringify(hash.digest('base64url').slice(0, 6));
}
