// What `npm run build` makes, as one table: rollup.config.mjs generates the Rollup configs from it
// and scripts/size.mjs measures what it lists. Every published name is declared here, never
// derived from a source file's name: moving a module changes one path below, no file a site serves.

/** The modules built into files of their own. */
const source = {
  classicScript: 'src/core/auto.ts',
  api: 'src/core/index.ts',
  checkPath: 'src/core/check-path.ts',
  durable: 'src/core/durable.ts',
  writePath: 'src/core/write-path.ts',
  bundledPaths: 'src/core/bundled-paths.ts',
  receipts: 'src/receipts/client.ts',
  receiptSize: 'src/receipts/size.ts',
  receiptBuilder: 'src/receipts/build.ts',
  templates: 'src/templates/expand.ts',
  ui: 'src/ui/index.ts',
  placeholders: 'src/ui/placeholder/placeholders.ts',
  preferenceCenter: 'src/ui/preference-center.ts',
  strings: (lang) => `src/ui/i18n/${lang}.ts`,
  details: (lang) => `src/ui/i18n/details/${lang}.ts`,
  cookieDeclaration: 'src/ui/cookie-declaration.ts',
  savedStatus: 'src/ui/saved-status.ts',
  receiptDocument: 'src/ui/receipt/receipt-document.ts',
  dashboard: 'src/dashboard/index.ts',
};

/**
 * One row per build, published in dist/ as `file`. A `dev` row is built twice, the second time with
 * DEV_MODE = true (full sentences in every message), not minified, its files named by `devName`.
 * `chunks` are the modules the entry imports lazily, each published as `chunkFiles` with `[name]`
 * its key. A row's or chunk's `budget` and `goal` (gzip -9 bytes) make it a line of `npm run size`,
 * in this order. A row's `pick` keeps only those keys of the strings pack it builds (`pickStrings`
 * in scripts/rollup-plugins.mjs).
 */
export const builds = [
  {
    name: 'core',
    what: 'core, classic script in <head>',
    input: source.classicScript,
    format: 'iife',
    file: 'temoin.js',
    dev: true,
    // `_` internals (the blocker's shared state) are renamed: no other script reads them.
    mangleInternals: true,
    // 5,200 since the editor's warnings (unmarked markup, undeclared hosts) and strict mode: safety
    // checks, in the production build too. The structure and lighter-first-visit issues take it down.
    // 5,560 since per-service consent, any language and the cookie declaration (measured 5,477):
    // what is granted per service and the blocker by service (+91); picking the page's language by
    // prefix, the manage label of each of the seven, and requesting the page's strings with the UI,
    // not after it (+184); noticing a <temoin-declaration> (+20). 5,620 since the placeholders'
    // own module (measured 5,599): importing it with the strings, or taking the placeholders from
    // the UI module when that is on its way (+72, the banner's chunk no longer requested). 5,660
    // (measured 5,633) since a config naming templates is trusted with its expansion, under a hash
    // of the build's validation sources, a damaged entry validated again (+34): a returning visitor
    // on such a site no longer downloads the check path, the catalog and the receipt size (7,116 B).
    // The hash's six characters move the gzip size by a few bytes from one source change to the next.
    // 5,760 (measured 5,738) since a sealed config starts at once, and a visit that validates
    // nothing reads the decision IndexedDB keeps with temoin-durable.js (+105): such a site's first
    // visit no longer downloads the check path (−2,883 B, or −6,662 B with templates and a collector).
    // 5,800 (measured 5,780) since that reader is fetched only when the origin has Témoin's
    // database (+43): a sealed config's true first visit no longer downloads it (−487 B). 5,820
    // (measured 5,799) since a returning visitor's placeholders fetch their own strings (+19): that
    // visit no longer downloads the banner's pack (−464 B in French). 5,920 (measured 5,895) since
    // the manage button keeps room at the page's end (+70), follows the browser's text size, and
    // showPreferences takes the category or service to switch on (+26). 6,070 (measured 6,041)
    // since a service's hosts may name a path (www.google.com/maps, on reCAPTCHA's host): the URL's
    // path with each escape decoded, without `;` parameters, lower case, in whole segments, beside
    // its host without a final dot (+146), so that a map a script adds waits for the map's consent.
    // 6,120 (measured 6,091) since an iframe or embed a script makes is held as marked markup, so
    // that it gets a placeholder and the visitor can consent in place (+50). 6,139 (measured 6,121)
    // since one already in the page that a script gives a blocked URL asks for the placeholders and
    // may be released again (+11, within the budget), and only what the page had once parsed is
    // called unmarked, not what a marked script adds once released (+19). 6,161 (measured 6,143)
    // since strict mode names the path of a URL it blocks on a host whose entries declare other
    // paths (`www.google.com/recaptcha/api.js`, the maps' entry declaring the host), not the host (+22).
    // 6,185 (measured 6,167) since the page a withdrawal from the preference center reloads says the
    // choice is saved: reading this tab's flag, and asking the UI for it then only (+24).
    // 6,362 (measured 6,351) since three blocking bugs were fixed: release waits only for scripts
    // the browser runs, the spec's JavaScript types (+74); scripts innerHTML and the like parse
    // stay inert, as the browser leaves them (+102); the placeholders only for an embed in the page (+1).
    // 6,780 (measured 6,764) since what the page's templates, DOMParser and parseHTMLUnsafe
    // documents, links and objects in HTML strings and setAttributeNS would load is held, scripts
    // the browser never runs stay so, a `language` names a script's type (+331, with the fixes the
    // review found), and what scripts write in shadow roots is released there (+94); 13 B were taken
    // out of the engine. An image button's URL held too: +9, within it.
    // 7,240 (measured 7,231) since session 38 (+458): shadow roots completed (a marked script
    // written before its host is in the page, declarative roots of the parser, setHTMLUnsafe and
    // parseHTMLUnsafe, placeholders there: about +100); SVG scripts' and images' `href`, srcdoc
    // frames, EventSource and WebSocket, `<a ping>` and `<area ping>` held (about +290); the two
    // reviews' fixes (about +100, net). Attribute nodes (+118) and `new Audio` (+34) were not kept.
    // 7,520 (measured 7,512) since session 39 (+281): the parser's scripts after one held until the
    // config is known wait with it and run in order, the site's own even when the config fails
    // (about +75); a released script's DOMContentLoaded and load listeners called (+113) and its
    // document.write put after it (+38); a refused XMLHttpRequest failed natively and a frame's own
    // data-src kept (+13); Trusted Types pages' TrustedHTML passed on (+31). 7,860 (measured 7,857)
    // with the review's fixes (+237: what a released script writes run in order before the next,
    // deferred scripts and modules last, a refused XHR failed with no request for a CSP to report),
    // the HTML guard's quick test for harmless entities and same-origin URLs (+84, two to four times
    // faster on such strings) and hosts with a tab or a new line in them held (+18). 7,885 (measured
    // 7,882) with the vendors' snippets' fixes: the entries naming a URL's path most closely decide,
    // so Google's map embed waits for the map alone, not reCAPTCHA's www.google.com too (+17), and a
    // released script whose src is held is not run for the white space inside its tag (+8).
    // 8,070 (measured 8,066) with the rest of session 40 (+184): hosts IDNA maps found in HTML
    // strings (+38), an XHR aborted or opened again while the config loads not sent, nor failed
    // once opened again (+34), a config URL that hangs failed after 10 s (+18), Trusted Types pages:
    // Témoin's policy to look into HTML, a held trusted URL kept, one release that throws stopping
    // no other and named in the console (about +105). Measured 8,080. 8,141 (measured 8,135) with
    // "load this once" loading the embed's service for the page view, its player's API included (+56).
    // 8,368 (measured 8,362) with session 42's three blocker fixes (+224 alone): a script whose src is held
    // waits with a type no browser runs, so inline text beside its src never runs in its place
    // (+61); document.write of a tag in pieces held until a call ends it, then checked whole: each
    // piece reached the tracker before (+114); an XHR aborted while the config loads ends with
    // readystatechange, abort and loadend, then unsent, as Chromium ends one (+49). 8,381 (measured
    // 8,375) with `data-temoin-open="media/x"` opening the preference center with that service on (+13).
    // 8,397 (measured 8,391) with a Trusted Types page's TrustedHTML written in pieces passed on as the page gave
    // them, not joined into a string its policies refuse (+16 alone). 8,464 (measured 8,458) with a
    // held script kept waiting whatever type the page gives it (`type`, setAttribute, setAttributeNS,
    // removeAttribute): its inline text ran before consent in place of its src, which then never
    // ran (+67: +29 for the setters, +38 for removeAttribute's hook). 8,471 (measured 8,464) with its
    // review's: a script's `type` is no URL to mark in an HTML string, an `xlink:type` no script's type (+7).
    // 8,499 (measured 8,492) with session 44's: a held script keeps waiting whatever path gives or
    // takes its type (removeAttributeNS, toggleAttribute, attribute nodes, an SVG script's `type`),
    // and is released with exactly its own, none if none (+122: +96 the paths, +26 none kept none),
    // less what sharing one hook() across the blocker's guards took back (-94). 8,509 (measured
    // 8,502) with its review's: a <template> parsed before the script is marked as it starts, or a
    // copy of it loaded before consent (+10). 8,533 (measured 8,526) with the other's: an HTML
    // method's markup found where the browser reads it, whatever the page passes after it (+14); a
    // page's own script typed `held` left as it is (+8); only `href` loses a prefix (+2). 8,790
    // (measured 8,783) with the blocker's last documented leaks closed (+257): `new Audio(url)` (+51),
    // URLs given by attribute node, an empty element's `attributes` map included (+124, with the
    // module the attribute paths take), SVG's `href.baseVal` (+77), a held script with no type
    // waiting as `held-`, so that a page's own `held` never runs (+3), an element named
    // `constructor` no longer throwing in setAttribute (+2). 8,780 (measured 8,774): a script loaded now
    // always loses a held mark (one copied from a waiting script ran never), the map's element found
    // first (-9). 8,815 (measured 8,811) with the blocker's two slow paths made O(1) (held URLs in a
    // Map per element, -2), a marked script re-typed by page code kept waiting (+11), Node's own
    // setters on an attribute node held (-6), SMIL animations of an image's href held (+34). 8,819
    // (measured 8,815): an animation's `values` split by `;` alone too, a tab in a host dropped (+4).
    budget: 8819,
    goal: 4096,
  },
  {
    // The check path the classic script imports when the config is new to this device or the
    // cookie holds no decision (a first visit), and the chunk it imports in turn, beside it.
    name: 'check',
    what: 'check path: a new config, the decision IndexedDB keeps',
    input: source.checkPath,
    format: 'es',
    file: 'temoin-check.js',
    dev: true,
    chunkFiles: 'temoin-[name].js',
    // Split from the write path (5,320 B then) by the lighter-first-visit issue (measured 4,025):
    // validation, the receipt size it checks with the record and receipt builders, IndexedDB's read.
    // 3,500 (measured 3,462) once the receipt size went to a chunk, for configs with a collector;
    // 3,350 (measured 3,308) with the path of each problem in production, no sentence (-154).
    // 3,370 (measured 3,337) since it keeps what a config's templates expanded to, and trusts a
    // config only under the <head> script's own build (its CHECK_VERSION). 3,390 (measured 3,370)
    // with the `seal` field's rule and a finite `duration`. 3,410 (measured 3,385) with the
    // guards that let the development build check ids beside the shape's problems (+14). 3,440
    // (measured 3,442) with a service's hosts taking a path in plain segments (+57).
    budget: 3460,
    goal: 3000,
    chunks: {
      templates: {
        input: source.templates,
        what: 'service templates, only for configs that name one',
        budget: 4000,
        goal: 3500,
      },
      // Only a config with a collector sends receipts, so only its receipts' size is checked (the
      // rule was already so): its first visit downloads this beside the check path. 1,020
      // (measured 1,002): the receipt builder, and the size check that runs it.
      'receipt-size': {
        input: source.receiptSize,
        what: 'the largest receipt, checked for configs that have a collector',
        budget: 1020,
        goal: 1020,
      },
    },
  },
  {
    // The decision IndexedDB keeps, read alone: a visit whose config is sealed (nothing to validate)
    // and whose cookie holds no decision imports this instead of the check path, which holds it too.
    name: 'durable',
    what: 'the decision IndexedDB keeps, for a sealed config',
    input: source.durable,
    format: 'es',
    file: 'temoin-durable.js',
    dev: true,
    // Measured 487: idb-keyval's request helper, the database's opening, the record's parser.
    budget: 500,
    goal: 500,
  },
  {
    // The write path the classic script imports on first need, and the chunk it imports in turn,
    // beside it.
    name: 'decisions',
    what: 'write path, on the first decision or a new config',
    input: source.writePath,
    format: 'es',
    file: 'temoin-decisions.js',
    dev: true,
    chunkFiles: 'temoin-[name].js',
    // 5,400 with validation (measured 5,320); 2,359 once validation and the durable record's read
    // went to the check path, which a first visit downloads instead. 2,471 (measured 2,441) since a
    // withdrawal from the preference center that reloads the page leaves this tab a flag, so that
    // the next page says the choice is saved (+71).
    budget: 2471,
    goal: 2000,
    chunks: {
      // 3,590 since the check path (measured 3,533): the receipt builder was the write path's, which
      // holds it no more (the check path has its own copy, to measure receipts).
      receipts: { input: source.receipts, what: 'receipts and outbox, with the write path', budget: 3590, goal: 3000 },
    },
  },
  {
    // The UI, with Lit, imported only when a person must see something. One ES module serves the
    // classic script and bundlers alike.
    name: 'ui',
    what: 'UI: lit-html, the banner, placeholders, styles',
    input: source.ui,
    format: 'es',
    file: 'temoin-ui.js',
    chunkFiles: 'temoin-ui-[name].js',
    // Our internals are `_name`, renamed across the UI's chunks.
    mangleInternals: true,
    // 9,772 B with French and English; 7,829 once the strings went to a chunk per language. 8,330
    // since the layouts and the cookie declaration (measured 8,238): the box and the top bar, their
    // CSS and the room kept for the page (+295); noticing a <temoin-declaration> and importing its
    // chunk (+62). The placeholder allowing its own service came with per-service consent.
    // 6,900 once the banner went to its own chunk (measured 6,817); 7,030 with the import of each
    // language's second pack, the preference center's words (measured 6,960). 8,700 with the banner
    // back in (measured 8,637, was 6,960 + 2,026 for the two files): placeholders no longer import
    // this module, so a returning visitor's never pulls the banner; the placeholders, now plain DOM
    // (their own module's code, for a first visit), are also here. 8,800 (measured 8,769): the
    // banner tighter under 16rem tall (400 % zoom), text sizes in em, the outside-Québec sentence,
    // "always allow" opening the preference center before any decision (+154). 8,840 (measured
    // 8,810): the saved confirmation's chunk imported once a choice is made, with its language (+40).
    // 8,866 (measured 8,861) with that chunk imported on the page a withdrawal reloaded (+26).
    // 8,880 (measured 8,871) with placeholders in shadow roots: told of each embed the core holds (+10).
    // 8,921 (measured 8,912) with an inline frame's placeholder inline, where the frame was in its
    // line (+41). 8,974 (measured 8,965) with "always allow" after a saved decision saying it
    // changed and where to change it back, through the status chunk (+53: the click's import).
    // 8,987 (measured 8,978) with the focus given to the embed a placeholder loads (+13).
    // Measured 8,986 with a service's name unbroken in "always allow" (« Google Maps »), +8 within the budget.
    // 9,025 (measured 9,024) with focus given to the manage button when a choice closes the banner,
    // or the preference center its button opened, rather than left to fall to <body> (+38). 9,036
    // (measured 9,035) with a placeholder's button breaking a name too long for its column, not
    // overflowing it (+11). 9,078 (measured 9,075) with an outline on the embed a placeholder gives
    // focus to, since Chromium draws no focus ring on a frame (WCAG 2.4.7, +40). 9,101 (measured
    // 9,098) with the banner at most 45 % of a phone's screen, in tighter type (it took 60 %, +23).
    budget: 9101,
    goal: 6000,
    chunks: {
      preferences: {
        input: source.preferenceCenter,
        what: 'preference center, consent id and history, when first reached for',
        // 5,470 (measured 5,380): a switch per service, the category's mixed state and history per
        // service (+354); the language switch naming each language in itself (+94); a service's
        // facts in words, shared with the cookie declaration (+120); the visitor's consent id, its
        // element, styles and words in French and English (+722) and in the packs' five other
        // languages (+713). The receipt's download moved out to its own chunk. 5,560 (measured
        // 5,536): category titles as headings, opening with a category or service switched on (+66).
        // 5,750 (measured 5,725): Témoin's own cookie listed in the required category, as the
        // declaration lists it (+151); the manage button relabelled in the language chosen here (+23).
        // 5,797 (measured 5,772): that cookie's data, retention and hosting filled in (+47).
        // 5,902 (measured 5,877): the three choices in a footer that stays in view while the
        // categories scroll, focus scrolled clear of it, accept and reject side by side on a phone (+105).
        // 5,936 (measured 5,911): the content scrolls, not the dialog, so the close button stays in
        // view on a phone (it scrolled away with the title), focus scrolled clear of it (+34); then
        // at every height, 400 % zoom included (+7, measured 5,918: the budget left as it was).
        // Measured 5,926 with the header (title, language, close) out of what scrolls, above a rule,
        // so that nothing passes under the close button (+8, within the budget).
        // 5,973 (measured 5,965) with each control named apart for a screen reader: the history's
        // download buttons with the seconds, the providers' policy links with their service, each
        // "Services (n)" with its category (+37). 6,104 (measured 6,101) with a partly allowed
        // category read at a glance: a bar across its switch, and how many of its services are on
        // beside it and in its description, on a line of its own on a phone (+128). 6,145 (measured
        // 6,141): opened with a service switched on ("always allow" before a decision), that
        // service scrolled into view, where on a phone it sat below the fold (+40). 6,158 (measured
        // 6,155) with French hours as Québec writes them, 5 h 01, not fr-CA's 05 h 01 (+14). 6,192
        // (measured 6,189) with no-break spaces inside them (OQLF: « 5 » and « h 01 » on one line, +34).
        budget: 6192,
        goal: 3000,
      },
      receipt: {
        // The readable receipt (an HTML document with the signed receipt in it), on the download
        // click only. 4,830 (measured 4,756): 2,885 with its words in French and English, +1,871 for
        // them in the packs' five other languages and a decision per service.
        input: source.receiptDocument,
        what: 'the readable receipt a visitor downloads from the history, on the click',
        budget: 4830,
        goal: 2500,
      },
      // Only pages with a <temoin-declaration> download it, with the preference center its button
      // opens. 2,500 (measured 2,460): 1,941 with its words in French and English, +519 for them in
      // the packs' five other languages. 2,790 (measured 2,768) with Témoin's own cookie declared,
      // in the seven languages (+308).
      declaration: {
        input: source.cookieDeclaration,
        what: 'cookie declaration, on the pages that have one',
        budget: 2790,
        goal: 1500,
      },
      // "Your choices are saved", said and shown once the banner or the preference center has
      // closed on a choice (WCAG 4.1.3): imported then, off the first visit's UI module (+199 B there).
      status: {
        input: source.savedStatus,
        what: 'the saved confirmation, after a choice',
        // 520 (measured 509): the region, its CSS, its language, the timing; the design tokens
        // come from the UI module. 612 (measured 601) with saying it on the page a withdrawal
        // reloaded, in the language of the decision, from the UI module's strings (+92). 952
        // (measured 941) placed beside the manage button, hiding no link of the page, and hidden
        // by Escape or the next click (+340). 1,140 (measured 1,129) placed again when the screen
        // turns, and without a manage button centred on the bottom edge or the top one, whichever
        // hides fewer of the page's links and buttons (+188). 1,648 (measured 1,638) with what it
        // says after "always allow" on a placeholder changed a saved decision, in the seven
        // languages, with the manage button's built-in labels (+508: on that click, or a choice).
        // 1,670 (measured 1,665) with a text longer than the button's strip placed above it (+27).
        // 1,736 (measured 1,731) hidden by a control the keyboard focuses under it (+66, WCAG 2.4.11).
        // 1,775 (measured 1,770) naming the page's own "manage cookies" link where there is no
        // manage button, as it reads, rather than a built-in label the page does not show (+39).
        // 1,797 (measured 1,792) still said when the element that had focus is focused again as the
        // page gets focus back (the embed "always allow" loads, from another site), no move of the
        // visitor's (+19); its focusin listener a capture one, as its click's, nothing checked
        // while nothing shows (+3). 2,226 (measured 2,223) placed where it hides neither the
        // focused element nor a placeholder's buttons (+~150), and quoting, after "always allow",
        // the manage link a visitor sees, by its accessible name, in its own language (+~280). 2,247
        // (measured 2,244) said where the browser has no checkVisibility (Safari before 17.4): it threw (+21).
        // 2,328 (measured 2,325) kept off a placeholder's text too, a spot that hides something tried
        // again just clear of it (a sticky header's placeholder under the top edge), and placed
        // again on scroll, as what it hides moves under it (+81). 2,389 (measured 2,386) staying
        // where it is on a scroll while it hides nothing there: it flipped between the edges (+61).
        budget: 2389,
        goal: 520,
      },
      // Each language's strings, fetched by pages in that language only, alongside the UI (the
      // core starts both). French and English are built in as the others are: a chunk each. Only
      // what the banner and placeholders say (the French pack was 1,509 B with the preference
      // center's words): the lazy parts keep theirs (i18n/table.ts, i18n/details/), so a first
      // visit's pack does not grow with them. Each budget is its measured size and 1.5 to 2 %; the goals,
      // the sizes before the sentence on data hosted outside Québec (+40 to +60 B).
      fr: { input: source.strings('fr'), what: 'French strings, on French pages', budget: 980, goal: 920 },
      en: { input: source.strings('en'), what: 'English strings, on English pages', budget: 820, goal: 780 },
      es: { input: source.strings('es'), what: 'Spanish strings, on Spanish pages', budget: 900, goal: 860 },
      de: { input: source.strings('de'), what: 'German strings, on German pages', budget: 960, goal: 920 },
      it: { input: source.strings('it'), what: 'Italian strings, on Italian pages', budget: 960, goal: 910 },
      pt: { input: source.strings('pt'), what: 'Portuguese strings, on Portuguese pages', budget: 940, goal: 900 },
      nl: { input: source.strings('nl'), what: 'Dutch strings, on Dutch pages', budget: 890, goal: 850 },
      // The preference center's strings (and its history's and receipts'), a chunk per language
      // loaded when it is reached for: the packs above hold only what the banner and placeholders say.
      ...Object.fromEntries(
        // Each +20 to +50 since Témoin's own cookie's words moved here from the declaration's (both
        // chunks load these) with a sentence on the receipt a site with a collector keeps. Each +198
        // to +253 since that cookie's row says what it holds, how long and where (it said "—").
        // Up to +8 with « Services acceptés : 1 sur 2 » beside a partly allowed category's switch.
        Object.entries({ fr: 1163, en: 978, es: 1084, de: 1140, it: 1080, pt: 1056, nl: 1066 }).map(
          ([lang, budget]) => [
            `${lang}-details`,
            { input: source.details(lang), what: `the preference center's strings (${lang})`, budget, goal: budget },
          ],
        ),
      ),
    },
  },
  {
    // Placeholders over blocked embeds, in plain DOM (no Lit), beside the UI module: the core
    // imports this module for a blocked embed when the UI module is not on its way, and requests
    // their strings in the page's language with it (below). 2,640 (measured 2,580), of which the shared
    // design tokens' CSS is about 500. 2,663 (measured 2,641) since an embed of the page a script
    // gives a blocked URL gets its placeholder: the observer watches `data-src` too (+23). 2,711
    // (measured 2,695) with an inline frame's placeholder inline, where the frame was in its line (+48).
    // 2,784 (measured 2,768) with "always allow" after a saved decision importing the status chunk
    // below to say so (+73: the import, and the design tokens exported to that chunk). 2,803
    // (measured 2,787) with the focus given to the embed a placeholder loads (+19). Measured 2,793
    // with a service's name unbroken in "always allow" (+6); 2,817 (measured 2,807) with a name too
    // long for its column broken rather than overflowing its button (+14).
    name: 'placeholders',
    what: 'placeholders of blocked embeds, without Lit',
    input: source.placeholders,
    format: 'es',
    file: 'temoin-ui-placeholders.js',
    chunkFiles: 'temoin-ui-placeholders-[name].js',
    mangleInternals: true,
    // 2,855 (measured 2,852) with an outline on the embed a placeholder gives focus to (+45).
    budget: 2855,
    goal: 2000,
    chunks: {
      // "Your choices are saved", said once "always allow" changed a saved decision: the UI
      // module's status chunk, built again beside this module (it imports the design tokens from
      // here), fetched on that click only.
      status: {
        input: source.savedStatus,
        what: 'the saved confirmation, after "always allow" on a placeholder',
        // Measured 1,695: the UI's status chunk, 1,665, with its own copy of what it imports;
        // 1,756 once hidden by a control the keyboard focuses under it (+61); 1,797 naming the
        // page's own "manage cookies" link where there is no manage button (+41); 1,820 still said
        // when the element that had focus is focused again as the page gets focus back (+18), its
        // focusin listener a capture one, nothing checked while nothing shows (+5); 2,225 (measured
        // 2,222) kept clear of the focused element and the placeholders' buttons, the manage link
        // quoted by its accessible name, in its language (+402). 2,244 (measured 2,241) said where the
        // browser has no checkVisibility (Safari before 17.4): it threw (+19). 2,322 (measured 2,319)
        // kept off a placeholder's text, slid clear of what a spot hides, placed again on scroll (+78).
        // 2,384 (measured 2,381) staying put on a scroll while it hides nothing (+62).
        budget: 2384,
        goal: 1140,
      },
    },
  },
  // What the placeholders say, a file per language beside them: a returning visitor's blocked embed
  // downloads its language's, not the banner's whole pack (temoin-ui-fr.js, 901 B). A first visit
  // takes the placeholders from the UI module, with the banner's pack, which holds these too.
  ...Object.entries({ fr: 460, en: 400, es: 450, de: 470, it: 460, pt: 460, nl: 440 }).map(([lang, budget]) => ({
    name: `placeholders-${lang}`,
    what: `the placeholders' strings (${lang}), for a returning visitor's blocked embed`,
    input: source.strings(lang),
    // The keys src/ui/placeholder/placeholder.ts reads, and src/ui/i18n/notice.ts's collectedData.
    pick: ['placeholder', 'placeholderData', 'loadOnce', 'alwaysAllow', 'group.*', 'dataFallback', 'and'],
    format: 'es',
    file: `temoin-ui-placeholders-${lang}.js`,
    budget,
    goal: budget,
  })),
  {
    // The analysts' dashboard the collector serves at /dashboard: Lit and Chart.js in one module.
    name: 'dashboard',
    what: "analysts' dashboard: Lit and Chart.js, served by the collector",
    input: source.dashboard,
    format: 'es',
    file: 'dashboard/dashboard.js',
    budget: 70000,
    goal: 65000,
  },
  {
    // For bundlers: the write path becomes a chunk they split the same way. The development twin
    // is what bundlers pick under the "development" export condition (Vite's dev server, webpack's
    // development mode).
    name: 'module',
    what: 'core, ES module for bundlers',
    input: source.api,
    format: 'es',
    file: 'temoin.mjs',
    dev: true,
    chunkFiles: 'temoin-[name].mjs',
    // Budgeted since the structure step, which moved 411 B of write-path code from the entry to its
    // chunk: a bundler's first load got smaller, the write path larger. 8,530 since per-service
    // consent, any language, the cookie declaration and the layouts' positions (measured 8,443), as
    // in the classic script and its write path: +270, +230, +12, +38. 8,600 with the placeholders'
    // module (measured 8,568), as in the classic script; 8,450 (measured 8,417) with the receipt
    // builder in a chunk and the path of each config problem, no sentence. 8,490 (measured 8,460)
    // with a config naming templates trusted with its expansion, as in the classic script. 8,600
    // (measured 8,584) with sealed configs, as in the classic script. 8,660 (measured 8,649) with
    // the durable reader skipped when the origin has no Témoin database, as in the classic script.
    // 8,680 (measured 8,665) with the placeholders' own strings, as in the classic script. 8,790
    // (measured 8,759) with the manage button's room and showPreferences' switchOn, as there. 8,920
    // (measured 8,958) with a service's hosts taking a path, as there; 9,040 (measured 9,011) with
    // a script's embeds held as markup, as there. 9,062 (measured 9,044) with an iframe of the page
    // given a blocked URL getting its placeholder (+11) and only parsed markup called unmarked (+22);
    // 9,088 (measured 9,070) with strict mode naming the path no entry takes (+26), as there;
    // 9,114 (measured 9,096) with the saved confirmation after a withdrawal's reload (+26), as there;
    // 9,283 (measured 9,271) with the three blocking fixes (+66, +100, +3), as there; 9,720
    // (measured 9,709) with templates, parsed documents, links, setAttributeNS and shadow roots
    // held and released (+435), as there. 10,170 (measured 10,163) with session 38's blocking
    // (+448), as there. 10,460 (measured 10,451) with session 39's (+288), as there;
    // 10,810 (measured 10,803) with its review's, the quicker test and tabs (+352), as there;
    // 10,835 (measured 10,827) with the vendors' snippets' two fixes (+24), as there; 11,020
    // (measured 11,025) with the rest of session 40 (+198), as there; 11,091 (measured 11,085) with
    // "load this once" loading the embed's service (+61), as there; 11,330 (measured 11,324) with
    // session 42's three blocker fixes (+239 alone), as there; 11,342 (measured 11,336) with
    // `data-temoin-open`'s value (+12), as there; 11,362 (measured 11,356) with TrustedHTML written in pieces
    // passed on as given (+17 alone), as there; 11,426 (measured 11,420) with a held script kept
    // waiting whatever type the page gives it (+64), as there; 11,436 (measured 11,429) with its
    // review's two fixes (+10), as there; 11,449 (measured 11,441) with session 44's: every path to a
    // held script's type, its own restored exactly, less the shared hook() (+13), as there.
    // 11,474 (measured 11,466) with its review's three fixes (+25), as there. 11,740 (measured
    // 11,733) with the blocker's last documented leaks closed (+260), as there. 11,755 (measured
    // 11,750) with its two slow paths, a re-typed marked script, Node's setters and SMIL (+17), as there.
    budget: 11755,
    goal: 7000,
    chunks: {
      // 2,440 since any language (measured 2,396): language tags in the config, as the classic write
      // path; 1,700 (measured 1,654) once the receipt builder went to a chunk of its own. 1,778
      // (measured 1,764) with the flag a withdrawal's reload leaves, as in the classic write path (+78).
      decisions: {
        input: source.bundledPaths,
        what: 'check and write paths, ES module chunk',
        budget: 1778,
        goal: 1700,
      },
      // 3,100 since the config archive (the notice sent once per hash when the collector lacks it): +111 B.
      receipts: { input: source.receipts, what: 'receipts and outbox, ES module chunk', budget: 3100, goal: 3000 },
      // 3,631 (measured 3,574) with X, Instagram, HubSpot, HubSpot forms and Intercom, and Google
      // Ads' /ccm paths (+731).
      templates: { input: source.templates, what: 'service templates, ES module chunk', budget: 3631, goal: 2900 },
      // As in the check path, for configs that have a collector; the receipt builder it shares with
      // the receipts chunk is then a chunk of its own (a bundler merges them as it likes).
      'receipt-size': {
        input: source.receiptSize,
        what: 'the largest receipt, ES module chunk, for configs that have a collector',
        budget: 600,
        goal: 600,
      },
      'receipt-builder': {
        input: source.receiptBuilder,
        what: 'the receipt builder, ES module chunk shared by the two above',
        budget: 700,
        goal: 700,
      },
    },
  },
  {
    // The public API's types, in one file.
    name: 'types',
    input: source.api,
    format: 'dts',
    file: 'temoin.d.ts',
  },
];

/** A production file name's development twin: `temoin.js` → `temoin.dev.js`. */
export const devName = (file) => file.replace(/(\.m?js)$/, '.dev$1');

/** The production files `npm run size` measures, in its order, each with its path under dist/. */
export const budgeted = () =>
  builds.flatMap((build) => [
    ...(build.budget
      ? [{ name: build.name, file: build.file, what: build.what, budget: build.budget, goal: build.goal }]
      : []),
    ...Object.entries(build.chunks ?? {})
      .filter(([, chunk]) => chunk.budget)
      .map(([name, chunk]) => ({
        name,
        file: build.chunkFiles.replace('[name]', name),
        what: chunk.what,
        budget: chunk.budget,
        goal: chunk.goal,
      })),
  ]);
