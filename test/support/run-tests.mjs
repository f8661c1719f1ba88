// `npm test`'s tests: the Node files (run-node.mjs) and the browser files (web-test-runner) side by
// side. One after the other they took 495 + 274 s on CI, most of it spent waiting (CLI runs,
// collectors starting, pages loading) on 2 cores. The Node output is printed as it comes; the
// browser's is kept and printed after it, so neither interleaves the other. Fails if either fails.
import { spawn } from 'node:child_process';

const env = (extra) => ({ ...process.env, ...extra });
const prefix = process.env.TEMOIN_TEST_DB_PREFIX ?? 'temoin_test_';

/** The exit code of `child` once it ends (1 when a signal ended it). */
const ended = (child) => new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 1)));

// The browser tests' collector makes its PostgreSQL databases under a prefix of its own: the Node
// files list, make and drop theirs (and their template) by theirs.
const browserEnv = env({ TEMOIN_TEST_DB_PREFIX: `${prefix}browser_` });
const kept = [];
let streaming = false;
const browser = spawn(process.execPath, ['node_modules/@web/test-runner/dist/bin.js'], {
  env: browserEnv,
  stdio: ['ignore', 'pipe', 'pipe'],
});
for (const [from, to] of [
  [browser.stdout, process.stdout],
  [browser.stderr, process.stderr],
])
  from.on('data', (chunk) => (streaming ? to.write(chunk) : kept.push([to, chunk])));
const browserCode = ended(browser);

const nodeCode = await ended(spawn(process.execPath, ['test/support/run-node.mjs'], { stdio: 'inherit' }));
console.log(`\n# Node tests ${nodeCode ? 'FAILED' : 'passed'}; the browser tests (web-test-runner):\n`);
for (const [to, chunk] of kept.splice(0)) to.write(chunk);
streaming = true;
if (nodeCode || (await browserCode)) {
  console.error(
    `\nnpm test: ${[nodeCode && 'Node', (await browserCode) && 'browser'].filter(Boolean).join(' and ')} tests failed`,
  );
  process.exitCode = 1;
}
