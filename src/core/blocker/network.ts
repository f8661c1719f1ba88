// Network APIs: fetch, sendBeacon and XMLHttpRequest wait while the config loads, then go or fail
// the way the browser fails a request that never left. EventSource and WebSocket cannot wait: they
// fail at once, until the config is known too.
// The originals kept here are always invoked with .call or .apply.
/* eslint-disable @typescript-eslint/unbound-method */
import { blockedBy, whenAllowed } from './policy.js';

export function guardNetwork(): void {
  const fetch = window.fetch;
  window.fetch = function (input: RequestInfo | URL, init?: RequestInit) {
    const url = input instanceof Request ? input.url : String(input);
    return Promise.resolve(
      whenAllowed(
        url,
        () => fetch.call(window, input, init),
        (cat) => Promise.reject(new TypeError(`temoin: ${url} blocked (${cat})`)),
      ),
    );
  };
  const sendBeacon = navigator.sendBeacon;
  navigator.sendBeacon = function (url: string | URL, data?: BodyInit | null) {
    const sent = whenAllowed(
      String(url),
      () => sendBeacon.call(navigator, url, data),
      () => false,
    );
    return sent instanceof Promise || sent;
  };
  const opened = new WeakMap<XMLHttpRequest, unknown[]>();
  const open = XMLHttpRequest.prototype.open as (this: XMLHttpRequest, ...args: unknown[]) => void;
  XMLHttpRequest.prototype.open = function (this: XMLHttpRequest, ...args: unknown[]) {
    opened.set(this, args);
    open.apply(this, args);
  };
  const send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.send = function (this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
    const args = opened.get(this) ?? [];
    void whenAllowed(
      String(args[1] as string | URL),
      () => send.call(this, body),
      () => {
        // Failed by the browser itself, as a request that never left fails (`readystatechange` at 4,
        // `error`, `loadend`; a synchronous one throws): a `data:` URL it cannot decode, which says
        // why in the console.
        open.apply(this, ['GET', 'data:temoin/blocked;base64,!', ...args.slice(2)]);
        send.call(this);
      },
    );
  };
  // As Chromium fails one that CSP refuses: an error, then closed for good; a socket also closes
  // (1006), as one that never connected. Each is given a URL that fails in the browser: a `data:`
  // stream is no event stream, port 1 is one no browser connects to.
  for (const [name, never] of [
    ['EventSource', 'data:,'],
    ['WebSocket', 'ws://0.0.0.0:1'],
  ] as const) {
    const Socket = window[name] as new (url: string | URL, options?: unknown) => object;
    (window as unknown as Record<string, unknown>)[name] = class extends Socket {
      constructor(url: string | URL, options?: unknown) {
        super(blockedBy(String(url)) ? never : url, options);
      }
    };
  }
}
