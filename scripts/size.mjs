// Size is a test: prints each bundle's gzip -9 size and fails when one is over its budget.
// First-visit totals are printed against their goal; see the README's Size section.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const gzip = (file) => gzipSync(readFileSync(file), { level: 9 }).length;

const budgets = [
  { file: 'dist/temoin.js', budget: 5000, goal: 4096, what: 'core, classic script in <head>' },
  { file: 'dist/temoin-decisions.js', budget: 4000, goal: 3500, what: 'write path, on the first decision or a new config' },
  { file: 'dist/temoin-receipts.js', budget: 3500, goal: 3000, what: 'receipts and outbox, with the write path' },
  { file: 'dist/temoin-templates.js', budget: 4000, goal: 3500, what: 'service templates, only for configs that name one' },
  { file: 'dist/temoin-ui.js', budget: 11000, goal: 10000, what: 'UI with lit-html, styles and both languages' },
  { file: 'dist/dashboard/dashboard.js', budget: 70000, goal: 65000, what: 'analysts\' dashboard: Lit and Chart.js, served by the collector' },
];

let over = false;
for (const { file, budget, goal, what } of budgets) {
  const raw = readFileSync(file).length;
  const gz = gzip(file);
  const verdict = gz > budget ? 'OVER BUDGET' : gz > goal ? 'within budget, above goal' : 'ok';
  console.log(`${file.padEnd(26)} ${String(raw).padStart(7)} B raw ${String(gz).padStart(6)} B gzip -9  budget ${budget}  goal ${goal}  ${verdict}  (${what})`);
  over ||= gz > budget;
}

// What a first visit downloads: the core and the UI to show the banner, and the write path to
// validate the config and record the decision, with its receipt.
const goal = 15000;
const coreAndUi = gzip('dist/temoin.js') + gzip('dist/temoin-ui.js');
const everything = coreAndUi + gzip('dist/temoin-decisions.js') + gzip('dist/temoin-receipts.js');
for (const [label, total] of [['first visit: core + UI', coreAndUi], ['first visit: + write path, receipts', everything]]) {
  console.log(`${label.padEnd(38)} ${String(total).padStart(6)} B gzip -9  goal ${goal}  ${total > goal ? `ABOVE GOAL by ${total - goal} B` : 'ok'}`);
}

if (over) {
  console.error('size: a bundle is over its budget');
  process.exit(1);
}
