// A script the blocker runs late (a marked one on consent, one held until the config was known)
// would have seen the page's DOMContentLoaded and load, had it run in place. A listener it adds to
// the document or the window for one of them already dispatched is called once, after the scripts
// released with it have run, as the browser calls it after the page's scripts. Only a released
// script's, found by `document.currentScript`: any other is the page's own business.
import { state } from './state.js';

export function replayPastEvents(): void {
  const past = new Set<string>();
  for (const target of [document, window] as EventTarget[]) {
    target.addEventListener = function (this: EventTarget | undefined, type, listener, options) {
      // Looked up on each call: a library may wrap the prototype's later (zone.js, Sentry).
      (Object.getPrototypeOf(target) as EventTarget).addEventListener.call(this ?? target, type, listener, options);
      // `load` reaches the window alone.
      if (
        listener &&
        past.has(type) &&
        (target == window || type[0] == 'D') &&
        state._released.has(document.currentScript!)
      )
        void state._chain.then(() => {
          const event = new Event(type);
          if (typeof listener == 'function') listener.call(target, event);
          else listener.handleEvent(event);
        });
    };
  }
  // Before the observer's own: the scripts it releases once the page is parsed come after this.
  for (const type of ['DOMContentLoaded', 'load']) addEventListener(type, () => past.add(type));
}
