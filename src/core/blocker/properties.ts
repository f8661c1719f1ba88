// Element URLs set at run time: `img.src = …`, `new Image().src = …`, `script.src = …` and the
// same through `el.setAttribute('src', …)` or `setAttributeNS` (SVG's `href` too). A blocked URL is
// held, not set, until it may load.
// The originals kept here are always invoked with .call.
/* eslint-disable @typescript-eslint/unbound-method */
import { blockedByAny } from './policy.js';
import { state } from './state.js';

/** An element URL held back, with the setter that applies it once it may load. */
interface Held {
  _el: Element;
  _prop: string;
  /** As the page gave it: a Trusted Types page's trusted URL stays one. */
  _value: unknown;
  _apply: (this: Element, value: unknown) => void;
}

/**
 * Element URL properties that make a request, by local name: HTML's (in an XHTML document too) and
 * SVG's (a script's `href`; its `src`, like an HTML script's `href`, loads nothing, held or not).
 */
export const GUARDED: Record<string, string[]> = {
  // Its `type` too, which a script waits with while its URL is held (below).
  script: ['src', 'href', 'type'],
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
};

/** Guards the properties and `setAttribute`; returns what sets the held URLs that may load now. */
export function guardProperties(): () => void {
  const held: Held[] = [];
  const setAttribute = (state._setAttribute = Element.prototype.setAttribute);
  const { setAttributeNS, removeAttribute } = Element.prototype;
  /**
   * A script whose URL is held (`by`, the service that holds it) waits with a type no browser runs,
   * its own after `held/`: put in the page with inline text too, it would run that text, and never
   * its src once released (a browser runs the src, and ignores the text). A `type` the page gives
   * it meanwhile is its own, and it keeps waiting; released, it has the page's last.
   */
  const wait = (el: Element, by?: unknown, type = el.getAttribute('type') ?? '') => {
    const own = type.replace(/^held\//, '');
    const next = by && el.localName == 'script' ? 'held/' + own : own;
    if (next != type) setAttribute.call(el, 'type', next);
  };
  /** Gives a waiting script the `type` the page gives it; false when it does not wait. */
  const retype = (el: Element, type: string) => /^held\//.test(el.getAttribute('type')!) && (wait(el, 1, type), true);
  /**
   * Holds an element's URL if it is blocked; true when held. An embed's is held in the markup's
   * form (html.ts marks HTML strings the same way), so that a placeholder stands in for it and the
   * release of markup loads it: one already in the page (or released before) is no added node the
   * observers would see, so the placeholders are asked for, and it may be released again. One not
   * in the page asks for nothing yet: the observer asks once it is put in.
   */
  const hold = (el: Element, prop: string, value: unknown, apply: Held['_apply']): boolean => {
    if (prop == 'type') return retype(el, String(value));
    const i = held.findIndex((h) => h._el == el && h._prop == prop);
    if (i >= 0) held.splice(i, 1);
    const by = blockedByAny(prop, String(value));
    wait(el, by);
    const embed = el.matches('iframe,embed') && prop == 'src';
    // The last URL set wins, as without Témoin: a held one no longer comes back with its category.
    // A frame no category marks keeps its own `data-src` (a page's lazy or modal video's).
    if (embed && (el as HTMLElement).dataset.category) delete (el as HTMLElement).dataset.src;
    if (!by) return false;
    if (embed) {
      Object.assign((el as HTMLElement).dataset, { category: by, src: String(value) });
      state._queued.delete(el);
      if (el.isConnected) state._needUI!(el);
    } else held.push({ _el: el, _prop: prop, _value: value, _apply: apply });
    return true;
  };
  for (const [tag, props] of Object.entries(GUARDED)) {
    // SVG's `href` has no setter: its attribute is guarded below.
    const proto = Object.getPrototypeOf(document.createElement(tag)) as object;
    for (const prop of props) {
      let owner: object | null = proto;
      let d: PropertyDescriptor | undefined;
      while (owner && !(d = Object.getOwnPropertyDescriptor(owner, prop)))
        owner = Object.getPrototypeOf(owner) as object | null;
      const set = d?.set;
      if (!set) continue;
      Object.defineProperty(proto, prop, {
        ...d,
        set(this: Element, v: unknown) {
          if (!hold(this, prop, v, set)) set.call(this, v);
        },
      });
    }
  }
  /** Holds `value` for a guarded attribute's `name` on `el`; true when held. */
  const holdAttribute = (el: Element, name: string, value: unknown, apply: Held['_apply']) => {
    // `xlink:href` is SVG's `href` of old; an attribute of another namespace loads nothing, held or
    // not, and `xlink:type` (XLink's `simple`) is no script's type: only `href` (the one guarded name
    // in h) loses its prefix.
    const prop = name.toLowerCase().replace(/.*:(?=h)/, '');
    return !!GUARDED[el.localName]?.includes(prop) && hold(el, prop, value, apply);
  };
  // Pages pass URL objects too: the value is whatever the caller gave.
  Element.prototype.setAttribute = function (this: Element, name: string, value: unknown) {
    if (!holdAttribute(this, name, value, (v) => setAttribute.call(this, name, v as string)))
      setAttribute.call(this, name, value as string);
  };
  // Its type taken away, a waiting script has the type "" (JavaScript) once released.
  Element.prototype.removeAttribute = function (this: Element, name: string) {
    if (!/^type$/i.test(name) || !retype(this, '')) removeAttribute.call(this, name);
  };
  Element.prototype.setAttributeNS = function (this: Element, ns: string | null, name: string, value: unknown) {
    if (!holdAttribute(this, name, value, (v) => setAttributeNS.call(this, ns, name, v as string)))
      setAttributeNS.call(this, ns, name, value as string);
  };
  return () => {
    for (const h of [...held]) {
      if (blockedByAny(h._prop, String(h._value))) continue;
      held.splice(held.indexOf(h), 1);
      wait(h._el);
      h._apply.call(h._el, h._value);
    }
  };
}
