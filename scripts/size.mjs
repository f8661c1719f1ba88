// Size is a test: prints each bundle's gzip -9 size and fails when one is over its budget.
// What a visit downloads, measured in Chromium, has a budget too, and the README's Size table may
// not say it costs less than the browser downloaded.
// The bundles, their budgets and goals are the build table's (scripts/builds.mjs): what is built is
// what is measured, and a script file built without a budget fails the run.
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { budgeted } from './builds.mjs';
import { measureVisits } from './visits.mjs';

const gzip = (file) => gzipSync(readFileSync(file), { level: 9 }).length;

const bundles = budgeted().map((bundle) => ({ ...bundle, file: `dist/${bundle.file}` }));
let over = false;
const size = {};
for (const { file, budget, goal, what } of bundles) {
  const raw = readFileSync(file).length;
  // By file: the classic write path and the bundlers' chunk share the name `decisions`.
  const gz = (size[file.slice('dist/'.length)] = gzip(file));
  const verdict = gz > budget ? 'OVER BUDGET' : gz > goal ? 'within budget, above goal' : 'ok';
  console.log(
    `${file.padEnd(30)} ${String(raw).padStart(7)} B raw ${String(gz).padStart(6)} B gzip -9  budget ${budget}  goal ${goal}  ${verdict}  (${what})`,
  );
  over ||= gz > budget;
}

// Every production classic script or chunk a page may load is measured: a chunk added to the build
// table without a budget would otherwise grow unseen. Development twins (.dev.js) and the bundlers'
// .mjs files are not what pages download from us.
const measured = new Set(bundles.map((bundle) => bundle.file));
let unmeasured = false;
for (const file of [
  ...readdirSync('dist').map((name) => `dist/${name}`),
  ...readdirSync('dist/dashboard').map((name) => `dist/dashboard/${name}`),
]) {
  if (file.endsWith('.js') && !file.endsWith('.dev.js') && !measured.has(file)) {
    console.error(`size: ${file} is built but has no budget in scripts/builds.mjs (or is left from an older build)`);
    unmeasured = true;
  }
}

const of = (file) => {
  if (size[file] === undefined) throw new Error(`size: ${file} is not in scripts/builds.mjs with a budget`);
  return size[file];
};

// What a visitor downloads, measured in Chromium (scripts/visits.mjs): each visit's Témoin files,
// gzip -9 each. The budgets hold what the build gives; the goals are the lighter-first-visit
// issue's targets, printed until they are met. Session 34 raised each by what a service's hosts
// with a path cost the core (+146), a script's embeds held as markup (+50), and the saved
// confirmation's import the UI module and the first packs (+40, +18 in French). Session 35 raised
// the first visits by what an iframe already in the page, given a blocked URL by a script, costs
// to get its placeholder: the core asks for the placeholders (+11), the UI module's observer
// watches `data-src` (+25); the returning and sealed visits by what calling unmarked only the
// markup the page had once parsed, not what a marked script adds once released, costs the core (+19);
// and each by what naming the path of a URL strict mode blocks, on a host whose entries declare
// other paths, costs it (+22); and each by what saying the choice is saved on the page a
// withdrawal reloaded costs: the core reads the flag (+24), the UI module takes the call (+26).
// The returning visits with an embed (at their budget) by what leaving a text/plain script as the
// editor marked it, when a page script writes it as HTML, costs the core (+5); those and the
// sealed visits by what saying strict mode's warning once per host, naming its first path, costs (+2).
// Each by what three blocking fixes cost the core (+177): waiting only for the scripts the browser
// runs, innerHTML's scripts left inert, the placeholders asked for an embed in the page only.
// The returning visits with an embed and the sealed visits (at their budgets) by what finding a
// host an HTML string writes with percent escapes costs the core (+3). Session 37 raised each by
// what holding templates, parsed documents, links, objects, setAttributeNS and shadow roots, and
// releasing them, costs the core (+410, 13 B taken out of the engine), and the first visits and
// sealed visits by the localized template names' check version (+2 to +17), and each by what
// holding an image button's URL costs the core (+9).
// Each but the returning visits with no embed by what the catalog's names in French and English cost:
// the templates (+14) and the check version, whose hash moved with them (core +2, check path +1).
// Session 38 set each to what it measured (+458 to +468): the core's blocking (+458: shadow roots
// completed, SVG scripts and images, srcdoc frames, EventSource and WebSocket, pings, the reviews'
// fixes), the placeholders in shadow roots (UI +10, placeholders +6).
// Session 39 set each to what it measured (+626, the core's): the parser's scripts after one held
// until the config is known held with it and run in order, released scripts' DOMContentLoaded,
// load and document.write (what they write run in order), deferred scripts last, a refused
// XMLHttpRequest failed as the browser fails one, Trusted Types, the HTML guard's quicker test,
// hosts with a tab in them.
// Session 40 raised each by what the vendors' snippets' two fixes cost the core (+25): the entries
// naming a URL's path most closely decide (Google's map embed under reCAPTCHA's www.google.com,
// +17), and a held script's white space not run as an inline script (+8).
// Then by what the rest of session 40 cost it (+184): hosts IDNA maps found in HTML strings, an XHR
// aborted while the config loads not sent, a config URL that hangs failed after 10 s, Trusted Types
// pages (Témoin's policy to look into HTML, a held trusted URL kept, a refused release stopping no
// other, and named), a refused XHR's failure not landing on the request opened after it; the site
// config's visit also by GA4's template naming gtag.js's path (+10 in temoin-templates.js).
// The site config's first visit then by reCAPTCHA's template naming its paths on www.google.com
// and www.gstatic.com instead of the whole hosts (+3 in temoin-templates.js; the visit measured +2,
// the core's check-version hash having moved by −1); then by Google Ads' pings under
// www.google.com/pagead and www.google.ca/pagead, and GA4's signals on www.google.com/ads/ga-audiences,
// which that narrowing left to no template (+22 in temoin-templates.js).
// Session 42 raised the site config's first visit by the templates for X, Instagram, HubSpot (its
// tracking code and its forms) and Intercom (+726 in temoin-templates.js), and Google Ads' hits
// under www.google.com/ccm and www.google.ca/ccm (+9): +736 measured, the check version's hash
// having moved the core by +1.
// Every visit then by "load this once" loading the embed's service for the page view, so that a
// player's API held with it runs (+56 in temoin.js); then by an inline frame's placeholder kept
// inline, where the frame was in its line (+41 in temoin-ui.js, +48 in temoin-ui-placeholders.js).
// Session 42 raised each by what three blocker fixes cost the core (+224: a held script's inline
// text never run in place of its src, document.write of a tag in pieces checked whole, an XHR
// aborted while the config loads ended as Chromium ends one); a first visit by +2 more in
// temoin-check.js, whose CHECK_VERSION (a hash of the sources) moved with them. All three
// together: the core 8,362 (+227 over 8,135), measured once merged. Every visit then by
// `data-temoin-open="media/x"` opening the preference center with that service on (+13 in temoin.js),
// for a post a script draws, which no placeholder stands for. Then each by what passing a Trusted
// Types page's TrustedHTML written in pieces on as the page gave it costs the core (+16 alone).
// Session 43: GA4's template takes its hits on www.google.com/g/collect and
// stats.g.doubleclick.net/g/collect (+17 in temoin-templates.js); the check version's hash, moved
// with the catalog, moves temoin.js and temoin-check.js by +1 each (no code changed there).
// Session 43 raised each by what keeping a held script waiting whatever type the page gives it
// costs the core (+67): its inline text ran before consent in place of its src.
// Every visit with the UI or the placeholders then by "always allow" after a saved decision saying
// it changed and where to change it back, through the status chunk: +53 in temoin-ui.js (a first
// visit), +73 in temoin-ui-placeholders.js (a returning visitor's blocked embed).
// Then a site like the demo's first visit by Google Tag Manager's gtm.js and ns.html paths (+7 in
// temoin-templates.js), and every visit by the check version's hash moving once more (+1).
// Then each with a placeholder by the focus given to the embed it loads: +13 in temoin-ui.js,
// +19 in temoin-ui-placeholders.js.
// Then each by the review of session 43's blocker (+7 in temoin.js, +5 for a site like the demo's
// first visit, whose temoin-check.js hash moves too): a script's `type` is no URL to mark in an
// HTML string, and an `xlink:type` is no script's type.
// Then a site like the demo's first visit by Google signals' hits named by Google Ads too (+3 in
// temoin-templates.js): declared by both templates, they wait for both.
// Session 44 raised each by what keeping a held script waiting whatever path gives or takes its
// type, and releasing it with exactly its own, costs temoin.js once the blocker's guards share one
// hook() (+28: +122, -94); then +10 for a <template> parsed before the script, marked as it starts.
// `row` starts the visit's row in the README's Size table, whose figure is in bold.
// +8 B on the first visits, +6 B on a returning visit's placeholder (session 44): a service's name
// kept on one line in "always allow" (« Google Maps »).
// +24 B on every visit (temoin.js, review 44): an HTML method's markup found at the place the browser
// reads it, not in an argument after it (+14); a page's own script typed `held` left as it is (+8);
// only `href` losing a prefix (`x-bind:src` is no URL) (+2).
// +38 B on the first visits (temoin-ui.js, session 44): focus, after a choice closes the banner, or
// the preference center it opened (its button gone with it), given to the manage button, not <body>.
// +11 B on the first visits, +14 B on a returning visit's placeholder (session 44): a service's name
// too long for a placeholder's column broken rather than overflowing its button.
// +257 B on every visit (temoin.js, the blocker's last documented leaks closed): `new Audio(url)`,
// URLs given by attribute node, SVG's `href.baseVal`, a page's own script typed `held` (+1 in
// temoin-check.js on the first visits, its hash moved with the sources).
// +40 B on the first visits, +45 B on a returning visit's placeholder (visitor, session 45): an
// outline on the embed a placeholder gives focus to (Chromium draws no focus ring on a frame).
// +19 B on the French first visits, +23 B on the English, +9 B on a returning visit's placeholder
// (visitor2): the banner at most 45 % of a phone's screen (temoin-ui.js +23), « position » for
// « emplacement » (temoin-ui-fr.js -4) and « S’il est chargé » (the placeholders' French, +9).
// +37 B on every visit (temoin.js, blocker2): SMIL animations of an image's href held (+34), a marked
// script re-typed by page code kept waiting (+11), Node's setters on an attribute node (-6), held URLs
// in a Map per element (-2); +1 in temoin-check.js on the first visits, its hash moved.
const visitBudgets = [
  {
    key: 'first visit, fr',
    what: 'first visit, French page: banner up, no decision',
    row: '**first visit, French page**',
    budget: 22330,
    goal: 12000,
  },
  {
    key: 'first visit, en',
    what: 'first visit, English page: banner up, no decision',
    row: '**first visit, English page**',
    budget: 22175,
    goal: 12000,
  },
  {
    key: 'returning, embed',
    what: 'returning visitor, a blocked embed (placeholder)',
    row: '**returning visitor, a blocked embed**',
    budget: 12115,
    goal: 5500,
  },
  {
    key: 'returning, no embed',
    what: 'returning visitor, no embed',
    row: '**returning visitor, no embed**',
    budget: 8817,
    goal: 4500,
  },
  // A site configured as the demo is: its config fetched, its services from templates, a collector.
  {
    key: 'site config, first visit',
    what: 'site config: first visit, French page',
    row: '**a site configured as the demo is, first visit, French page**',
    budget: 26931,
    goal: 12000,
  },
  {
    key: 'site config, returning, embed',
    what: 'site config: returning, a blocked embed',
    row: '**the same site, returning visitor, a blocked embed**',
    budget: 12115,
    goal: 5500,
  },
  {
    key: 'site config, returning, no embed',
    what: 'site config: returning, no embed',
    row: '**the same site, returning visitor, no embed**',
    budget: 8817,
    goal: 4500,
  },
  // Both configs sealed (`temoin check --seal`): no validator, no catalog, no receipt-size check.
  // Their returning visits are measured too, and fetch what the unsealed ones do.
  {
    key: 'sealed, first visit',
    what: 'sealed config: first visit, French page',
    row: '**the fixture sealed, first visit, French page**',
    budget: 18889,
    goal: 12000,
  },
  {
    key: 'site sealed, first visit',
    what: 'site config sealed: first visit, French page',
    row: '**the site sealed, first visit, French page**',
    budget: 18889,
    goal: 12000,
  },
];
const visits = await measureVisits();
for (const { key, what, budget, goal } of visitBudgets) {
  const measured = visits.find((v) => v.key == key);
  const total = measured.total;
  const verdict = total > budget ? 'OVER BUDGET' : total > goal ? 'within budget, above goal' : 'ok';
  console.log(`${what.padEnd(52)} ${String(total).padStart(6)} B gzip -9  budget ${budget}  goal ${goal}  ${verdict}`);
  console.log(`  ${measured.files.map((f) => `${f.file} ${f.gzip}`).join(' + ')}`);
  over ||= total > budget;
}
// The README may not say a visit costs less than the browser downloaded (nor more than its budget).
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8').split('\n');
let readmeWrong = false;
for (const { key, what, row, budget } of visitBudgets) {
  const line = readme.find((text) => text.startsWith(`| ${row}`));
  const figure = /\| \*\*([\d,]+) B\*\* \|/.exec(line ?? '')?.[1];
  const said = Number(figure?.replaceAll(',', ''));
  const measured = visits.find((v) => v.key == key).total;
  if (figure && said >= measured && said <= budget) continue;
  const problem = !line
    ? `has no row starting "| ${row}"`
    : !figure
      ? `row "${row}" has no figure in bold ("| **12,345 B** |")`
      : `says ${what} costs ${said} B`;
  console.error(
    `size: the README's Size table ${problem}; the browser downloaded ${measured} B (budget ${budget}): write the measured figure there`,
  );
  readmeWrong = true;
}

// What later steps add to a French first visit, from the files' sizes: the preference center
// comes with its French words.
const first = visits.find((v) => v.key == 'first visit, fr').total;
const preferences = first + of('temoin-ui-preferences.js') + of('temoin-ui-fr-details.js');
const decision = preferences + of('temoin-decisions.js') + of('temoin-receipts.js');
console.log(`${'  + the preference center, once opened'.padEnd(52)} ${String(preferences).padStart(6)} B gzip -9`);
console.log(`${'  + write path and receipts, on a decision'.padEnd(52)} ${String(decision).padStart(6)} B gzip -9`);

if (over) console.error('size: a bundle is over its budget');
if (over || unmeasured || readmeWrong) process.exit(1);
