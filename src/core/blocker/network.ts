// Network APIs: fetch, sendBeacon and XMLHttpRequest wait while the config loads, then go or fail
// the way the browser fails a request that never left. EventSource and WebSocket cannot wait: they
// fail at once, until the config is known too.
// The originals kept here are always invoked with .call or .apply.
/* eslint-disable @typescript-eslint/unbound-method */
import { hook, type Native } from './hook.js';
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
  /** Those the page sent that wait (for the config, or to fail): not yet sent nor failed, aborted nor opened again. */
  const waiting = new WeakSet<XMLHttpRequest>();
  /** Ends `xhr` as the browser ends a request it sent: done (`readyState` 4), `type`, `loadend`. */
  const end = (xhr: XMLHttpRequest, type: string) => {
    Object.defineProperty(xhr, 'readyState', { value: 4, configurable: true });
    xhr.dispatchEvent(new Event('readystatechange'));
    for (const t of [type, 'loadend']) xhr.dispatchEvent(new ProgressEvent(t));
  };
  const guards: Record<string, (native: Native) => (this: XMLHttpRequest, ...args: never[]) => void> = {
    open: (open) =>
      function (this: XMLHttpRequest, ...args: unknown[]) {
        opened.set(this, args);
        waiting.delete(this);
        // A refusal's or an abort's `readyState` (below) gives way to the browser's own again, which was
        // `opened` all along: the change to it is told, as the browser tells it.
        const ended = Object.hasOwn(this, 'readyState');
        Reflect.deleteProperty(this, 'readyState');
        open.apply(this, args);
        if (ended) this.dispatchEvent(new Event('readystatechange'));
      },
    // One the page aborts, or opens again, while it waits is not sent after; aborted, it ends as the
    // browser ends one it sent (then unsent, `readyState` 0).
    abort: (abort) =>
      function (this: XMLHttpRequest) {
        abort.call(this);
        if (!waiting.delete(this)) return;
        end(this, 'abort');
        // Still configurable: `open` takes it away.
        Object.defineProperty(this, 'readyState', { value: 0 });
      },
    send: (send) =>
      function (this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
        const args = opened.get(this);
        const url = String(args?.[1]);
        waiting.add(this);
        void whenAllowed(
          url,
          () => waiting.delete(this) && send.call(this, body),
          (cat) => {
            // Failed as the browser fails a request that never left (`readyState` 4, `error`, `loadend`;
            // a synchronous one throws), with no request of any kind: a page's CSP has nothing to report.
            if (args!.length > 2 && !args![2])
              throw new DOMException(`temoin: ${url} blocked (${cat})`, 'NetworkError');
            setTimeout(() => waiting.delete(this) && end(this, 'error'));
          },
        );
      },
  };
  for (const [name, guard] of Object.entries(guards)) hook(XMLHttpRequest.prototype, name, guard);
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
