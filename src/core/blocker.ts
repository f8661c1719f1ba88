// Keeps trackers from loading until their category is granted, and releases them in order.
//
// Two kinds of blocked content:
// - markup the web editor marked: `<script type="text/plain" data-category>` and
//   `<img|iframe|video|audio|source|embed data-category data-src>`, activated in document order;
// - anything a script adds at run time whose URL's host belongs to a refused service: element
//   URL properties and attributes, HTML strings, fetch, sendBeacon and XMLHttpRequest are stopped
//   before the request leaves the browser, and held until the category is granted.
// Until the config is known (or when it is invalid) every cross-origin URL is held: fail closed.
// The guarded prototype methods kept here are always invoked with .call or .apply.
/* eslint-disable @typescript-eslint/unbound-method */
import type { Choices } from './consent.js';
import type { ValidConfig } from './config.js';

/** Category of URLs held before the config is known. */
const UNKNOWN = '?';
/** Category of cross-origin URLs no service declares, held in strict mode (`"undeclared": "block"`). */
const UNDECLARED = '!';

/** Element URL properties that make a request, by tag name. */
const GUARDED: Record<string, string[]> = {
  SCRIPT: ['src'],
  IMG: ['src', 'srcset'],
  IFRAME: ['src'],
  SOURCE: ['src', 'srcset'],
  VIDEO: ['src', 'poster'],
  AUDIO: ['src'],
  EMBED: ['src'],
  LINK: ['href'],
  OBJECT: ['data'],
};

/** Markup attributes that carry a blocked URL until activation. */
const DEFERRED = ['src', 'srcset', 'poster'];
const MARKUP = 'script[type="text/plain"][data-category],' + DEFERRED.map((a) => `[data-category][data-${a}]`).join();

interface Held {
  el: Element;
  prop: string;
  value: string;
  apply: (this: Element, value: string) => void;
}

export interface Blocker {
  /** Re-evaluates everything held against the config and what is granted now. */
  update(config: ValidConfig, granted: Choices): void;
  /** The config could not be used: keep everything non-essential blocked, for good. */
  fail(): void;
  /** Loads one marked element now, without granting its category ("load this once"). */
  allowOnce(el: Element): void;
}

/** Marked embeds that get a placeholder while blocked. */
export const EMBEDS = 'iframe[data-category][data-src],embed[data-category][data-src]';

/** `onEmbedBlocked` is told when a marked embed stays blocked, so a placeholder can be shown. */
export function installBlocker(onEmbedBlocked: () => void): Blocker {
  let granted: Choices | null = null;
  let hostRules: [host: string, category: string][] = [];
  let strict = false;
  let refusedHosts: string[] = [];
  let settle!: () => void;
  let settled = false;
  const known = new Promise<void>((resolve) => (settle = resolve));
  const held: Held[] = [];
  const queued = new WeakSet<Element>();
  let chain: Promise<unknown> = Promise.resolve();
  const warned = new Set<unknown>();
  const warnOnce = (key: unknown, message: string) => {
    if (!warned.has(key)) console.warn('temoin: ' + message);
    warned.add(key);
  };

  /** An unmarked element of the page's markup loads a blocked host: the browser fetched it before any script could stop it. */
  const warnUnmarked = (el: Element, url: string, cat: string) => warnOnce(el, `<${el.tagName.toLowerCase()} src="${url}"> loads before consent: mark it`
    + (DEV_MODE ? ` data-category="${cat}" ${el.tagName == 'SCRIPT' ? 'type="text/plain"' : 'with data-src instead of src'}` : ` (${cat})`));
  // Unmarked elements with a URL, and parser scripts held before the config was known.
  const UNMARKED = `[src]:not([data-category]),script[data-category="${UNKNOWN}"]`;

  /** The category that blocks a URL now, or undefined when it may load; `quiet` for markup already loaded. */
  const blockedBy = (url: string, quiet?: boolean): string | undefined => {
    let u: URL;
    try {
      u = new URL(url, document.baseURI);
    } catch {
      return;
    }
    if (!u.protocol.startsWith('http')) return;
    if (u.origin == location.origin) return;
    if (!granted) return UNKNOWN;
    const host = u.hostname.toLowerCase();
    const rules = hostRules.filter(([h]) => host == h || host.endsWith('.' + h));
    if (strict && !rules.length) {
      if (!quiet) warnOnce(host, `${host} is declared by no service` + (DEV_MODE ? ': blocked, as "undeclared": "block" asks; declare it in a service (a required one for what the site needs)' : ''));
      return UNDECLARED;
    }
    return rules.find(([, cat]) => !granted![cat])?.[1];
  };
  const blockedByAny = (prop: string, value: string) =>
    prop == 'srcset' ? value.split(',').map((s) => blockedBy(s.trim().split(/\s+/)[0] ?? '')).find(Boolean) : blockedBy(value);

  /** Runs `go` once the URL may load, or `refuse` when it may not; waits while the config loads. */
  const whenAllowed = <T>(url: string, go: () => T, refuse: (category: string) => T): T | Promise<T> => {
    const cat = blockedBy(url);
    if (!cat) return go();
    return cat == UNKNOWN && !settled ? known.then(() => whenAllowed(url, go, refuse)) : refuse(cat);
  };

  /** Holds an element's URL if it is blocked; true when held. */
  const hold = (el: Element, prop: string, value: string, apply: Held['apply']): boolean => {
    const i = held.findIndex((h) => h.el == el && h.prop == prop);
    if (i >= 0) held.splice(i, 1);
    if (!blockedByAny(prop, value)) return false;
    held.push({ el, prop, value, apply });
    return true;
  };

  // Element URL properties: `img.src = …`, `new Image().src = …`, `script.src = …`.
  for (const [tag, props] of Object.entries(GUARDED)) {
    const proto = Object.getPrototypeOf(document.createElement(tag)) as object;
    for (const prop of props) {
      let owner: object | null = proto;
      let d: PropertyDescriptor | undefined;
      while (owner && !(d = Object.getOwnPropertyDescriptor(owner, prop))) owner = Object.getPrototypeOf(owner) as object | null;
      const set = d?.set;
      if (!set) continue;
      Object.defineProperty(proto, prop, {
        ...d,
        set(this: Element, v: unknown) {
          if (!hold(this, prop, String(v), set)) set.call(this, v);
        },
      });
    }
  }

  // The same through attributes: `el.setAttribute('src', …)`.
  const setAttribute = Element.prototype.setAttribute;
  // Pages pass URL objects too: the value is whatever the caller gave.
  Element.prototype.setAttribute = function (this: Element, name: string, value: unknown) {
    const prop = name.toLowerCase();
    const apply = function (this: Element, v: string) {
      setAttribute.call(this, name, v);
    };
    if (!GUARDED[this.tagName]?.includes(prop) || !hold(this, prop, String(value), apply)) setAttribute.call(this, name, value as string);
  };

  // HTML strings: elements parsed from them start loading before any observer could see them, so
  // blocked URLs are moved to the markup form (`data-src`, `type="text/plain"`) before parsing.
  const template = document.createElement('template');
  const innerHTML = Object.getOwnPropertyDescriptor(Element.prototype, 'innerHTML')!;
  const neutralize = (html: string, scriptsRun: boolean): string => {
    const lower = html.toLowerCase();
    // The quick answer needs the hosts written plainly: strict mode blocks hosts no list names, and
    // an entity (`&#46;`) hides a host until the HTML is parsed.
    if (granted && !strict && !lower.includes('&#') ? !refusedHosts.some((h) => lower.includes(h)) : !lower.includes('src')) return html;
    innerHTML.set!.call(template, html);
    let changed = false;
    for (const el of template.content.querySelectorAll(Object.keys(GUARDED).join())) {
      const isScript = el.tagName == 'SCRIPT';
      if (isScript && !scriptsRun) continue;
      for (const prop of isScript ? ['src'] : DEFERRED) {
        const value = el.getAttribute(prop);
        const cat = value == null ? undefined : blockedByAny(prop, value);
        if (!cat) continue;
        changed = true;
        setAttribute.call(el, 'data-category', cat);
        if (isScript) {
          setAttribute.call(el, 'data-type', el.getAttribute('type') ?? '');
          setAttribute.call(el, 'type', 'text/plain');
        } else {
          setAttribute.call(el, 'data-' + prop, value!);
          el.removeAttribute(prop);
        }
      }
    }
    return changed ? (innerHTML.get!.call(template) as string) : html;
  };
  // Sinks that parse HTML; those of the second kind run the scripts they parse.
  const sinks: [object, string, boolean?][] = [
    [Element.prototype, 'innerHTML outerHTML insertAdjacentHTML setHTMLUnsafe'],
    [ShadowRoot.prototype, 'innerHTML setHTMLUnsafe'],
    [Range.prototype, 'createContextualFragment', true],
    [Document.prototype, 'write writeln', true],
  ];
  for (const [proto, props, scriptsRun = false] of sinks) {
    for (const prop of props.split(' ')) {
      const d = Object.getOwnPropertyDescriptor(proto, prop);
      if (d?.set) {
        Object.defineProperty(proto, prop, { ...d, set(this: Element, v: unknown) { d.set!.call(this, neutralize(String(v), scriptsRun)); } });
      } else if (typeof d?.value == 'function') {
        const fn = d.value as (this: unknown, ...args: unknown[]) => unknown;
        // The HTML is the last argument of each of these methods; `write` joins all of its own.
        (proto as Record<string, unknown>)[prop] = function (this: unknown, ...args: unknown[]) {
          if (prop.startsWith('write')) args = [args.join('')];
          args.push(neutralize(String(args.pop()), scriptsRun));
          return fn.apply(this, args);
        };
      }
    }
  }

  // Network APIs.
  const fetch = window.fetch;
  window.fetch = function (input: RequestInfo | URL, init?: RequestInit) {
    const url = input instanceof Request ? input.url : String(input);
    return Promise.resolve(whenAllowed(url, () => fetch.call(window, input, init), (cat) =>
      Promise.reject(new TypeError(`temoin: ${url} blocked (${cat})`))));
  };
  const sendBeacon = navigator.sendBeacon;
  navigator.sendBeacon = function (url: string | URL, data?: BodyInit | null) {
    const sent = whenAllowed(String(url), () => sendBeacon.call(navigator, url, data), () => false);
    return sent instanceof Promise || sent;
  };
  const xhrUrls = new WeakMap<XMLHttpRequest, string>();
  const open = XMLHttpRequest.prototype.open as (this: XMLHttpRequest, ...args: unknown[]) => void;
  XMLHttpRequest.prototype.open = function (this: XMLHttpRequest, ...args: unknown[]) {
    xhrUrls.set(this, String(args[1]));
    open.apply(this, args);
  };
  const send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.send = function (this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
    void whenAllowed(xhrUrls.get(this) ?? '', () => send.call(this, body), () => {
      setTimeout(() => this.dispatchEvent(new ProgressEvent('error')));
    });
  };

  /**
   * Whether a marked element may load now: its category is granted. Its URLs still go through the
   * guarded setters when activated, so a host of another, refused category stays held.
   */
  const mayActivate = (el: HTMLElement): boolean => {
    const cat = el.dataset.category!;
    if (!granted) return false;
    if (cat != UNKNOWN && cat != UNDECLARED && !(cat in granted) && !warned.has(cat)) {
      warned.add(cat);
      console.error(`temoin: data-category="${cat}" is unknown${DEV_MODE ? ': not a category of the config, so its content stays blocked' : ''}`);
    }
    return cat == UNKNOWN || !!granted[cat];
  };

  /**
   * Turns marked markup into the real thing; resolves when an ordered external script has run.
   * `force` skips the host check, for an element the visitor chose to load once.
   */
  const activate = (el: HTMLElement, force?: boolean): Promise<unknown> | undefined => {
    const set = (target: Element, name: string, value: string) => (force ? setAttribute : target.setAttribute).call(target, name, value);
    if (el instanceof HTMLScriptElement) {
      if (!el.isConnected) return;
      const script = document.createElement('script');
      for (const { name, value } of Array.from(el.attributes)) {
        if (!['type', 'data-type', 'data-src'].includes(name)) set(script, name, value);
      }
      if (el.dataset.type) script.type = el.dataset.type;
      if (el.dataset.src) set(script, 'src', el.dataset.src);
      script.nonce = el.nonce;
      script.text = el.text;
      // Scripts run in document order, like the parser would run them; `async` ones need not wait.
      const done = script.hasAttribute('src') && !el.hasAttribute('async')
        ? new Promise((resolve) => {
          script.addEventListener('load', resolve);
          script.addEventListener('error', resolve);
        })
        : undefined;
      el.replaceWith(script);
      return done;
    }
    for (const a of DEFERRED) {
      const value = el.getAttribute('data-' + a);
      if (value == null) continue;
      el.removeAttribute('data-' + a);
      set(el, a, value);
    }
    if (el instanceof HTMLSourceElement && el.parentElement instanceof HTMLMediaElement) el.parentElement.load();
  };

  const activateWithin = (root: ParentNode) => {
    const found = [...(root instanceof Element && root.matches(MARKUP) ? [root] : []), ...root.querySelectorAll(MARKUP)];
    for (const el of found as HTMLElement[]) {
      if (queued.has(el)) continue;
      if (!mayActivate(el)) {
        if (el.matches(EMBEDS)) onEmbedBlocked();
        continue;
      }
      queued.add(el);
      chain = chain.then(() => activate(el));
    }
  };

  // Markup is activated once the parser is done with it, then as it is added. Unmarked scripts the
  // parser meets with a blocked URL are turned into markup before they run (the observer runs
  // before the parser executes a script); mark them anyway, or the preload scanner may fetch them.
  new MutationObserver((records) => {
    for (const { addedNodes } of records) {
      for (const node of addedNodes) {
        if (!(node instanceof Element)) continue;
        // Most elements the parser adds have no children: no search inside them (5 times faster
        // on a long page than querying each one).
        for (const s of node.firstElementChild ? [node, ...node.querySelectorAll('script')] : [node]) {
          if (!(s instanceof HTMLScriptElement) || s.type == 'text/plain' || !s.src) continue;
          const cat = blockedBy(s.src);
          if (!cat) continue;
          if (cat != UNKNOWN && cat != UNDECLARED) warnUnmarked(s, s.src, cat);
          s.dataset.type = s.type;
          s.dataset.category = cat;
          s.type = 'text/plain';
        }
        if (document.readyState != 'loading') activateWithin(node);
      }
    }
  }).observe(document, { childList: true, subtree: true });
  /** Markup the parser loaded unmarked that the config says should have waited. */
  const findUnmarked = () => {
    if (!granted) return;
    for (const el of document.querySelectorAll(UNMARKED)) {
      const url = el.getAttribute('src')!;
      const cat = blockedBy(url, true);
      if (cat && cat != UNDECLARED) warnUnmarked(el, url, cat);
    }
  };
  document.addEventListener('DOMContentLoaded', () => {
    activateWithin(document);
    findUnmarked();
  });

  return {
    update(config, next) {
      granted = next;
      strict = config.undeclared == 'block';
      hostRules = config.categories.flatMap((c) => c.services.flatMap((s) =>
        (s.hosts ?? []).map((h): [string, string] => [h.replace(/^\*\./, '').toLowerCase(), c.id])));
      refusedHosts = hostRules.filter(([, cat]) => !next[cat]).map(([h]) => h);
      settled = true;
      settle();
      if (document.readyState != 'loading') activateWithin(document);
      findUnmarked();
      for (const h of [...held]) {
        if (blockedByAny(h.prop, h.value)) continue;
        held.splice(held.indexOf(h), 1);
        h.apply.call(h.el, h.value);
      }
    },
    fail() {
      settled = true;
      settle();
    },
    allowOnce(el) {
      if (!(el instanceof HTMLElement) || !el.matches(MARKUP) || queued.has(el)) return;
      queued.add(el);
      chain = chain.then(() => activate(el, true));
    },
  };
}
