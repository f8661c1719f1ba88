// The markup contract: how a web editor marks content that waits for consent.
// `<script type="text/plain" data-category>` and `<img|iframe|video|audio|source|embed
// data-category data-src>` (also `data-srcset`, `data-poster`, `data-srcdoc`, `data-ping`;
// `<link data-href>`, SVG's `<script|image|feImage data-href>`, `<object data-data>`), activated
// in document order.
// `data-service` names one service of the category: its grant alone releases the element. What
// the blocker marks itself at run time says `data-category="category/service"`, the service that
// holds it, a key of what is granted; or `?` while the config is unknown (policy.ts), `!` for a host
// strict mode blocks, `<` for a parser script held behind a `?` one (script-order.ts).

/** Markup attributes that carry a blocked URL until activation. */
export const DEFERRED = ['src', 'srcset', 'poster', 'href', 'data', 'srcdoc', 'ping', 'from', 'to', 'values'];

/** Every marked element: a text/plain script, or any element with a DEFERRED attribute (written out, which compresses better); `href` and `data` only where they load. */
export const MARKUP =
  'script[type="text/plain"][data-category],[data-category][data-src],[data-category][data-srcset],[data-category][data-poster],[data-category][data-srcdoc],[data-category][data-ping],:is(link,script,image,feImage)[data-category][data-href],object[data-category][data-data],:is(set,animate)[data-category]';

/** Marked embeds that get a placeholder while blocked. */
export const EMBEDS = 'iframe[data-category][data-src],embed[data-category][data-src]';
