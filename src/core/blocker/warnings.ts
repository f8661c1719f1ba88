// What the editor is told about their markup, once each: it loads before consent, or names a
// category the config does not have. (Hosts no service declares are told by the policy.)
import { state } from './state.js';

export const warnOnce = (key: unknown, message: string) => {
  if (!state._warned.has(key)) console.warn('temoin: ' + message);
  state._warned.add(key);
};

/**
 * An unmarked element of the page's markup loads a blocked host: the browser fetched it before any
 * script could stop it. `by` is the service that blocks it, `category/service`.
 */
export const warnUnmarked = (el: Element, url: string, by: string) =>
  warnOnce(
    el,
    `<${el.tagName.toLowerCase()} src="${url}"> loads before consent: mark it` +
      (DEV_MODE
        ? ` data-category="${by.replace('/', '" data-service="')}" ${el.tagName == 'SCRIPT' ? 'type="text/plain"' : 'with data-src instead of src'}`
        : ` (${by})`),
  );

/** A `data-category` the config does not have: an error, since that content never loads. */
export const warnUnknownCategory = (cat: string) => {
  if (state._warned.has(cat)) return;
  state._warned.add(cat);
  console.error(
    `temoin: data-category="${cat}" is unknown${DEV_MODE ? ': not a category of the config, so its content stays blocked' : ''}`,
  );
};
