// Size is a test: prints each bundle's gzip -9 size and fails when one is over its budget.
// What a first visit downloads to show the banner has a budget too; see the README's Size section.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const gzip = (file) => gzipSync(readFileSync(file), { level: 9 }).length;

const budgets = [
  // 5,200 since the editor's warnings (unmarked markup, undeclared hosts) and strict mode: safety
  // checks, in the production build too. The structure and lighter-first-visit issues take it down.
  { file: 'dist/temoin.js', budget: 5200, goal: 4096, what: 'core, classic script in <head>' },
  // 5,000 since the config's limits: the checks, and the receipt builder they measure with.
  { file: 'dist/temoin-decisions.js', budget: 5000, goal: 3500, what: 'write path, on the first decision or a new config' },
  { file: 'dist/temoin-receipts.js', budget: 3500, goal: 3000, what: 'receipts and outbox, with the write path' },
  { file: 'dist/temoin-templates.js', budget: 4000, goal: 3500, what: 'service templates, only for configs that name one' },
  { file: 'dist/temoin-ui.js', budget: 11000, goal: 10000, what: 'UI: lit-html, banner, placeholders, styles and both languages' },
  { file: 'dist/temoin-ui-preferences.js', budget: 3500, goal: 3000, what: 'preference center and history, when first reached for' },
  { file: 'dist/dashboard/dashboard.js', budget: 70000, goal: 65000, what: 'analysts\' dashboard: Lit and Chart.js, served by the collector' },
];

let over = false;
for (const { file, budget, goal, what } of budgets) {
  const raw = readFileSync(file).length;
  const gz = gzip(file);
  const verdict = gz > budget ? 'OVER BUDGET' : gz > goal ? 'within budget, above goal' : 'ok';
  console.log(`${file.padEnd(30)} ${String(raw).padStart(7)} B raw ${String(gz).padStart(6)} B gzip -9  budget ${budget}  goal ${goal}  ${verdict}  (${what})`);
  over ||= gz > budget;
}

// The core and the UI module, with styles and both languages: the budgeted total. A first visit
// on a config this device has not checked also fetches the write path, to validate it; that line
// is printed (the lighter-first-visit issue measures it in Chromium). The other lines say what
// later steps add.
const firstVisit = { budget: 15000, total: gzip('dist/temoin.js') + gzip('dist/temoin-ui.js') };
const preferences = firstVisit.total + gzip('dist/temoin-ui-preferences.js');
const everything = preferences + gzip('dist/temoin-decisions.js') + gzip('dist/temoin-receipts.js');
console.log(`${'first visit: core + UI'.padEnd(44)} ${String(firstVisit.total).padStart(6)} B gzip -9  budget ${firstVisit.budget}  ${firstVisit.total > firstVisit.budget ? 'OVER BUDGET' : 'ok'}`);
const newConfig = firstVisit.total + gzip('dist/temoin-decisions.js');
console.log(`${'  + the write path, checking a new config'.padEnd(44)} ${String(newConfig).padStart(6)} B gzip -9`);
console.log(`${'  + the preference center, once opened'.padEnd(44)} ${String(preferences).padStart(6)} B gzip -9`);
console.log(`${'  + write path and receipts, on a decision'.padEnd(44)} ${String(everything).padStart(6)} B gzip -9`);
over ||= firstVisit.total > firstVisit.budget;

if (over) {
  console.error('size: a bundle is over its budget');
  process.exit(1);
}
