// Network APIs: fetch, sendBeacon and XMLHttpRequest wait while the config loads, then go or fail
// the way the browser fails a request that never left.
// The originals kept here are always invoked with .call or .apply.
/* eslint-disable @typescript-eslint/unbound-method */
import { whenAllowed } from './policy.js';

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
  const xhrUrls = new WeakMap<XMLHttpRequest, string>();
  const open = XMLHttpRequest.prototype.open as (this: XMLHttpRequest, ...args: unknown[]) => void;
  XMLHttpRequest.prototype.open = function (this: XMLHttpRequest, ...args: unknown[]) {
    xhrUrls.set(this, String(args[1]));
    open.apply(this, args);
  };
  const send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.send = function (this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
    void whenAllowed(
      xhrUrls.get(this) ?? '',
      () => send.call(this, body),
      () => {
        setTimeout(() => this.dispatchEvent(new ProgressEvent('error')));
      },
    );
  };
}
