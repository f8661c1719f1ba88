// Element URLs set at run time: `img.src = …`, `new Image().src = …`, `script.src = …` and the
// same through `el.setAttribute('src', …)` or `setAttributeNS` (SVG's `href` too). A blocked URL is
// held, not set, until it may load.
// The originals kept here are always invoked with .call.
/* eslint-disable @typescript-eslint/unbound-method */
import { guardAttributePaths, type HoldAttribute } from './attribute-paths.js';
import { hook } from './hook.js';
import { blockedByAny } from './policy.js';
import { state } from './state.js';

/**
 * An element URL held back, as the page gave it (a Trusted Types page's trusted URL stays one),
 * with the setter that applies it once it may load.
 */
type Held = [value: unknown, apply: (this: Element, value: unknown) => void];

/**
 * Element URL properties that make a request, by local name: HTML's (in an XHTML document too) and
 * SVG's (a script's `href`; its `src`, like an HTML script's `href`, loads nothing, held or not).
 */
export const GUARDED: Record<string, string[]> = {
  script: ['src', 'href'],
  img: ['src', 'srcset'],
  // A srcdoc frame has no blocker: its whole document waits while it names a blocked host.
  iframe: ['src', 'srcdoc'],
  source: ['src', 'srcset'],
  video: ['src', 'poster'],
  audio: ['src'],
  embed: ['src'],
  link: ['href'],
  object: ['data'],
  // An image button (`type="image"`).
  input: ['src'],
  // Pinged when followed.
  a: ['ping'],
  area: ['ping'],
  image: ['href'],
  feImage: ['href'],
  // SMIL animations of an image's `href` (any animation's: one of another attribute takes no URL);
  // Chromium adds no URL `by`.
  set: ['to'],
  animate: ['from', 'to', 'values'],
};

/**
 * Guards the properties and `setAttribute`; returns what sets the held URLs that may load now.
 * `retyped` is told of every element not held whose attributes the page changed.
 */
export function guardProperties(retyped: (el: Element) => void): () => void {
  // Each element's, by property: a setter finds an element's own at once, however many are held
  // (the page's other elements, nearly all, cost one look-up). Only elements with some are kept.
  const held = new Map<Element, Map<string, Held>>();
  const setAttribute = (state._setAttribute = Element.prototype.setAttribute);
  /**
   * A script whose URL is held waits with a type no browser runs, its own after `held/` (`held-` for
   * none): put in the page with inline text too, it would run that text, and never its src once
   * released (a browser runs the src, and ignores the text). Released, it has its own back, exactly.
   * A page's own `held` is no mark (it waits as `held/held`, a data block again once released); a
   * type that looks like one is read as one, so that a copy of a waiting script's attributes runs as
   * the original would. Other elements carry no mark: nothing to do for them (most URLs set).
   */
  const wait = (el: Element, by = held.has(el)) => {
    if (el.localName != 'script') return;
    const type = el.getAttribute('type');
    const own = type == 'held-' ? null : type?.replace(/^held\//, '');
    const next = by ? (own == null ? 'held-' : 'held/' + own) : own;
    // Only one no longer held loses its type: the page's own `removeAttribute` keeps it so.
    if (next != type) {
      if (next == null) el.removeAttribute('type');
      else setAttribute.call(el, 'type', next);
    }
  };
  /**
   * Holds an element's URL if it is blocked; true when held. An embed's is held in the markup's
   * form (html.ts marks HTML strings the same way), so that a placeholder stands in for it and the
   * release of markup loads it: one already in the page (or released before) is no added node the
   * observers would see, so the placeholders are asked for, and it may be released again. One not
   * in the page asks for nothing yet: the observer asks once it is put in.
   */
  const hold = (el: Element, prop: string, value: unknown, apply: Held[1]): boolean => {
    const mine = held.get(el);
    if (mine?.delete(prop) && !mine.size) held.delete(el);
    const by = blockedByAny(prop, String(value));
    const embed = el.matches('iframe,embed') && prop == 'src';
    // The last URL set wins, as without Témoin: a held one no longer comes back with its category.
    // A frame no category marks keeps its own `data-src` (a page's lazy or modal video's).
    if (embed && (el as HTMLElement).dataset.category) delete (el as HTMLElement).dataset.src;
    // Loaded now, a script loses the mark it waited with, or one copied from a waiting script's
    // attributes: it runs as the original would.
    if (!by) return (wait(el), false);
    if (embed) {
      Object.assign((el as HTMLElement).dataset, { category: by, src: String(value) });
      state._queued.delete(el);
      if (el.isConnected) state._needUI!(el);
    } else held.set(el, (mine ?? new Map<string, Held>()).set(prop, [value, apply]));
    wait(el);
    return true;
  };
  for (const [tag, props] of Object.entries(GUARDED)) {
    for (const prop of props)
      hook(
        Object.getPrototypeOf(document.createElement(tag)) as object,
        prop,
        (set) =>
          function (this: Element, v: unknown) {
            if (!hold(this, prop, v, set)) set.call(this, v);
          },
      );
  }
  // The attribute's name and value are the last two arguments; pages pass URL objects too: the value
  // is whatever the caller gave. `xlink:href` is SVG's `href` of old; an attribute of another
  // namespace loads nothing, held or not: only `href` loses its prefix.
  /** Holds the value of attribute `name` if it is a URL of `el` that is blocked; true when held. */
  const holdAttribute: HoldAttribute = (el, name, value, apply) => {
    const prop = name.toLowerCase().replace(/.*:(?=h)/, '');
    // An element named `constructor` or `__proto__` finds Object's there, which has no `includes`.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- `<constructor>` finds Object's
    return GUARDED[el.localName]?.includes?.(prop) && hold(el, prop, value, apply);
  };
  for (const method of ['setAttribute', 'setAttributeNS'])
    hook(
      Element.prototype,
      method,
      (f) =>
        function (this: Element, ...a: unknown[]) {
          const [name, value] = a.slice(-2) as [string, unknown];
          if (!holdAttribute(this, name, value, (v) => f.apply(this, [...a.slice(0, -1), v]))) f.apply(this, a);
        },
    );
  // `new Audio(url)` sets its `src` inside the browser, past the setter above: it is set through it.
  window.Audio = new Proxy(Audio, {
    // `new Audio(undefined)` has no src, as the browser's.
    construct: (target, [src]: unknown[], newTarget) =>
      Object.assign(Reflect.construct(target, [], newTarget) as object, src === undefined || { src }),
  });
  guardAttributePaths(holdAttribute, (el) => (held.has(el) ? wait(el, true) : retyped(el)));
  return () => {
    for (const [el, mine] of held)
      for (const [prop, [value, apply]] of mine) {
        if (blockedByAny(prop, String(value))) continue;
        mine.delete(prop);
        if (!mine.size) held.delete(el);
        wait(el);
        apply.call(el, value);
      }
  };
}
