// Size is a test: prints each bundle's gzip -9 size and fails when one is over its budget.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const budgets = [
  { file: 'dist/temoin.js', budget: 5000, goal: 4096, what: 'core, classic script in <head>' },
  { file: 'dist/temoin-decisions.js', budget: 4000, goal: 3500, what: 'write path, imported on the first decision or a new config' },
  { file: 'dist/temoin-ui.js', budget: 11000, goal: 10000, what: 'UI with Lit, styles and both languages' },
];
// What a first visit downloads before the banner shows: all three.
const firstVisit = { files: budgets.map((b) => b.file), budget: 15000 };

let over = false;
for (const { file, budget, goal, what } of budgets) {
  const raw = readFileSync(file);
  const gz = gzipSync(raw, { level: 9 }).length;
  const verdict = gz > budget ? 'OVER BUDGET' : gz > goal ? 'within budget, above goal' : 'ok';
  console.log(`${file.padEnd(26)} ${String(raw.length).padStart(7)} B raw ${String(gz).padStart(6)} B gzip -9  budget ${budget}  goal ${goal}  ${verdict}  (${what})`);
  over ||= gz > budget;
}
const total = firstVisit.files.reduce((sum, file) => sum + gzipSync(readFileSync(file), { level: 9 }).length, 0);
console.log(`${'first visit (all three)'.padEnd(26)} ${''.padStart(11)} ${String(total).padStart(6)} B gzip -9  budget ${firstVisit.budget}  ${total > firstVisit.budget ? 'OVER BUDGET' : 'ok'}`);
over ||= total > firstVisit.budget;
if (over) {
  console.error('size: a bundle is over its budget');
  process.exit(1);
}
