// `npm run test:node`: every compiled *.test.js under dist/node/test, two files at a time, the
// slowest first. `node --test <dir>` sorts files by name, which started the longest one (the scan,
// 90 s) near the end, alone on one core; it also ran each helper module (support.js, relay.js, …)
// as a test file of its own. Same tests, same reporter (TAP, or spec on a terminal), same exit code.
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { run } from 'node:test';
import { spec, tap } from 'node:test/reporters';

const dir = 'dist/node/test';

/**
 * The slowest files, slowest first: seconds on CI (2026-12), then, for the files made faster
 * since, the estimate for CI from their before and after measured alone on a shared 2-core
 * machine (load 8 to 17, so slower than CI). Only the order depends on it: a file missing here runs after these,
 * by name; a name here with no file is passed over.
 */
const slowest = [
  'scanner/scan', // 126
  'collector/proof-file', // 134; ≈ 98 (its two stores side by side: 123 -> 90 s here)
  'collector/reads', // 45
  'collector/erasure-postgres', // 40
  'package/pack', // 39
  'check/check', // 50; ≈ 38 (its mistakes checked side by side: 92 -> 69 s here)
  'collector/cli', // 37
  'collector/kill', // 33
  'collector/store-down', // 28 (44 before its waits ran side by side)
  'collector/migrate', // 28
  'collector/erasure', // 30; ≈ 25 (its stores side by side: 53 -> 45 s here)
  'collector/report', // 25
  'collector/export-memory', // 43; ≈ 23 (400,000 receipts, not 1,000,000: 67 -> 35 s here)
];

const all = readdirSync(dir, { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.test.js'))
  .map((file) => file.replaceAll('\\', '/'))
  .sort();
const rank = (file) => {
  const i = slowest.indexOf(file.slice(0, -'.test.js'.length));
  return i < 0 ? slowest.length : i;
};
// `node test/support/run-node.mjs collector/erasure unit/`: only the files whose path holds one of these.
const only = process.argv.slice(2);
const files = all
  .filter((file) => !only.length || only.some((part) => file.includes(part)))
  .sort((a, b) => rank(a) - rank(b))
  .map((file) => join(dir, file));
if (!files.length) throw new Error(`no test file under ${dir} matches ${only.join(', ')}`);

/** Seconds each file's tests took, printed on stderr at the end: what to put in `slowest`. */
const took = new Map();
const time = ({ file, nesting, details }) => {
  if (nesting == 0 && file) took.set(file, (took.get(file) ?? 0) + details.duration_ms / 1000);
};
process.once('exit', () => {
  const top = [...took].sort((a, b) => b[1] - a[1]).slice(0, slowest.length + 5);
  console.error(
    `\nslowest files (s):\n${top.map(([file, s]) => `${s.toFixed(1).padStart(6)}  ${relative(dir, file)}`).join('\n')}`,
  );
});

run({ files, concurrency: 2 })
  .on('test:pass', time)
  // As node --test: a failing test fails the run, a failing todo does not.
  .on('test:fail', (event) => {
    time(event);
    if (!event.todo) process.exitCode = 1;
  })
  .compose(process.stdout.isTTY ? new spec() : tap)
  .pipe(process.stdout);
