// `temoin scan` on a 10-page site in its three states (no decision, reject all, accept all):
// the clean fixture site of test/scanner (Témoin, three tracker stand-ins under their real
// names, an embed), served on loopback, with the scanner's defaults, as the CLI runs it.
//   npm run build && node bench/scan.mjs [runs] [pages]
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const runs = Number(process.argv[2] ?? 3);
const pages = Number(process.argv[3] ?? 10);
const { startFixtureSite, SITES } = await import('../dist/node/test/scanner/fixture-site.js');
const bin = fileURLToPath(new URL('../bin/temoin.js', import.meta.url));

const site = await startFixtureSite(pages);
const args = [
  'scan',
  `https://${SITES.clean}/`,
  '--pages',
  String(pages),
  ...site.browserArgs.flatMap((a) => ['--browser-arg', a]),
];
console.log(`node bin/temoin.js ${args.join(' ')}`);
const times = [];
for (let i = 0; i < runs; i++) {
  const start = performance.now();
  // The CLI in its own process, as a user runs it; the fixture server answers from this one.
  const run = await new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args]);
    const out = { stdout: '', stderr: '', status: null };
    child.stdout.on('data', (c) => (out.stdout += c));
    child.stderr.on('data', (c) => (out.stderr += c));
    child.on('close', (status) => resolve({ ...out, status }));
  });
  times.push((performance.now() - start) / 1000);
  if (run.status !== 0) console.error(run.stdout, run.stderr);
  console.log(`  run ${i + 1}: ${times.at(-1).toFixed(1)} s (exit ${run.status}) — ${run.stdout.split('\n')[0]}`);
}
await site.close();
const sorted = [...times].sort((a, b) => a - b);
console.log(
  `${pages} pages × 3 states: median ${sorted[sorted.length >> 1].toFixed(1)} s (min ${sorted[0].toFixed(1)}, max ${sorted.at(-1).toFixed(1)}), ${runs} runs`,
);
