// Releasing marked markup once its category is granted: scripts run in document order, like the
// parser would run them; other elements get their URLs back.
import { isGranted } from '../consent.js';
import { EMBEDS, DEFERRED, MARKUP } from './markup.js';
import { hide } from './mark-tree.js';
import { UNDECLARED, UNKNOWN } from './policy.js';
import { BEHIND, runsInOrder } from './script-order.js';
import { state } from './state.js';
import { warnUnknownCategory } from './warnings.js';

/**
 * Whether a marked element may load now: its category is granted, or the service its
 * `data-service` names in that category; a script held behind another, once the config is known or
 * failed. Its URLs still go through the guarded setters when activated, so a host of another,
 * refused service stays held.
 */
function mayActivate(el: HTMLElement): boolean {
  const { category: cat, service } = el.dataset;
  const granted = state._granted;
  if (cat == BEHIND) return !state._known;
  if (!granted) return false;
  if (cat != UNKNOWN && cat != UNDECLARED && !(cat! in granted)) warnUnknownCategory(cat!);
  return cat == UNKNOWN || isGranted(granted, cat!, service);
}

/**
 * A marked script whose category is not granted yet, which page code gave another type (or took
 * its type away), waits as markup still: put in the page again, or given text, it would run. The
 * page's type is the one it runs with once released, as a type given a script held at run time is.
 */
export function keepHidden(el: Element): void {
  if (
    el instanceof HTMLScriptElement &&
    el.type != 'text/plain' &&
    el.dataset.category &&
    !state._released.has(el) &&
    !mayActivate(el)
  )
    hide(el);
}

/**
 * Turns marked markup into the real thing; resolves when an ordered external script has run.
 * `force` skips the host check, for an element the visitor chose to load once.
 */
function activate(el: HTMLElement, force?: boolean): Promise<unknown> | undefined {
  const set = (target: Element, name: string, value: string) =>
    // eslint-disable-next-line @typescript-eslint/unbound-method -- invoked with .call
    (force ? state._setAttribute! : target.setAttribute).call(target, name, value);
  if (el instanceof HTMLScriptElement) {
    // Taken out of its tree, it runs nowhere. In a tree not in the page (a shadow root whose host
    // is not put in yet), it is made a real script there, which the browser runs once it is in.
    if (!el.parentNode) return;
    const script = document.createElement('script');
    // Released before its attributes are copied: it runs with the type it is given (keepHidden).
    state._released.add(script);
    for (const { name, value } of [...el.attributes]) {
      if (!['type', 'data-type', 'data-src', 'src'].includes(name)) set(script, name, value);
    }
    if (el.dataset.type) script.type = el.dataset.type;
    // Strings: on a page that enforces Trusted Types, its default policy decides (trusted.ts).
    const src = el.dataset.src || el.getAttribute('src');
    if (src != null) set(script, 'src', src);
    script.nonce = el.nonce;
    // Not the white space of `<script src="…" async defer>\n</script>` (reCAPTCHA's snippet): put in
    // while its src is held, it would run as an empty inline script, and never load its src after.
    if (el.text.trim()) script.text = el.text;
    // Scripts run in document order, like the parser would run them; `async` ones need not wait,
    // nor those the browser never runs, which would hold the rest for ever.
    const done =
      script.hasAttribute('src') && runsInOrder(script)
        ? new Promise((resolve) => {
            script.addEventListener('load', resolve);
            script.addEventListener('error', resolve);
          })
        : undefined;
    writes.set(script, []);
    el.replaceWith(script);
    // One that is not in the page has not run: nothing waits for it. The scripts one writes run
    // after it, before the next.
    if (script.isConnected)
      return Promise.resolve(done).then(() => {
        const written = writes.get(script)!;
        writes.delete(script);
        return inOrder(written);
      });
    return;
  }
  for (const a of DEFERRED) {
    const value = el.getAttribute('data-' + a);
    if (value == null) continue;
    el.removeAttribute('data-' + a);
    set(el, a, value);
  }
  if (el instanceof HTMLSourceElement && el.parentElement instanceof HTMLMediaElement) el.parentElement.load();
}

/** The scripts each released script wrote while the next waits for it (writeAfter). */
const writes = new WeakMap<Element, HTMLScriptElement[]>();

/** Runs scripts one after the other, each once the one before it has run. */
const inOrder = (scripts: HTMLScriptElement[]): Promise<unknown> =>
  scripts.reduce<Promise<unknown>>((before, s) => before.then(() => activate(s)), Promise.resolve());

/**
 * What a released script writes with `document.write` once the page is parsed (which would open a
 * new, empty document) goes after it, as the parser would have put it. Its scripts wait there, and
 * run in order as the parser would run them, the next released script after them; one an `async`
 * script writes, at once.
 */
export function writeAfter(writer: Element, html: string): void {
  const fragment = document.createRange().createContextualFragment(html);
  const scripts = [...fragment.querySelectorAll('script')].filter((s) => s.type != 'text/plain');
  scripts.forEach(hide);
  writer.after(fragment);
  const pending = writes.get(writer);
  if (pending) pending.push(...scripts);
  else void inOrder(scripts);
}

/** Queues an element's activation behind those before it: scripts keep their document order. */
function queue(el: HTMLElement, force?: boolean): void {
  state._queued.add(el);
  // One that fails (a Trusted Types page's policy refusing it, say) stops none after it, and is named.
  state._chain = state._chain
    .then(() => activate(el, force))
    .catch((e: unknown) => console.error('temoin: could not release', el, e));
}

/** Queues the marked elements in `root` (itself included) whose category is granted. */
export function activateWithin(root: ParentNode): void {
  // Searched with the markup, on the same occasions: once the page is parsed, on each update after
  // that, and in what is added later.
  if (root.querySelector('temoin-declaration')) state._needUI!();
  const found = [...(root instanceof Element && root.matches(MARKUP) ? [root] : []), ...root.querySelectorAll(MARKUP)];
  // Deferred scripts and modules after the others, as the parser runs them.
  const deferred = (el: Element) => +el.matches('[defer]:is([src],[data-src]),[data-type=module]');
  found.sort((a, b) => deferred(a) - deferred(b));
  for (const el of found as HTMLElement[]) {
    if (state._queued.has(el)) continue;
    if (!mayActivate(el)) {
      if (el.matches(EMBEDS)) state._needUI!(el);
      continue;
    }
    queue(el);
  }
}

/** Queues the marked elements of the page and of the shadow roots in it that scripts attached. */
export function activateAll(): void {
  state._roots = state._roots.filter((root) => root.deref());
  for (const root of [document, ...state._roots.map((root) => root.deref()!)]) activateWithin(root);
}

/** Loads one marked element now, without granting its category ("load this once"). */
export function allowOnce(el: Element): void {
  if (!(el instanceof HTMLElement) || !el.matches(MARKUP) || state._queued.has(el)) return;
  queue(el, true);
}
