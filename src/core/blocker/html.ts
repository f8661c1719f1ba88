// HTML strings: elements parsed from them start loading before any observer could see them, so
// blocked URLs are moved to the markup form (`data-src`, `type="text/plain"`) before parsing.
import { DEFERRED } from './markup.js';
import { blockedByAny } from './policy.js';
import { GUARDED } from './properties.js';
import { state } from './state.js';

export function guardHtml(): void {
  const template = document.createElement('template');
  const innerHTML = Object.getOwnPropertyDescriptor(Element.prototype, 'innerHTML')!;
  const neutralize = (html: string, scriptsRun: boolean): string => {
    const lower = html.toLowerCase();
    // The quick answer (no refused host in the text) needs the hosts written plainly: strict mode
    // blocks hosts no list names, and an entity (`&#46;`) or a percent escape (`%2E`, which the
    // URL parser decodes in a host) hides a host until the HTML is parsed.
    const granted = state._granted;
    if (
      granted && !state._strict && !/&#|%/.test(lower)
        ? !state._hosts!.some(([h, service]) => !granted[service] && lower.includes(h))
        : !lower.includes('src')
    )
      return html;
    innerHTML.set!.call(template, html);
    let changed = false;
    // `dataset` and `type` are not guarded: plain properties do.
    for (const el of template.content.querySelectorAll<HTMLElement>(Object.keys(GUARDED).join())) {
      const isScript = el.tagName == 'SCRIPT';
      // A text/plain script loads nothing: one the editor marked keeps its category and saved type.
      if (isScript && (!scriptsRun || (el as HTMLScriptElement).type == 'text/plain')) continue;
      for (const prop of isScript ? ['src'] : DEFERRED) {
        const value = el.getAttribute(prop);
        const by = value == null ? undefined : blockedByAny(prop, value);
        if (!by) continue;
        changed = true;
        // `category/service`: released with that service (markup.ts).
        el.dataset.category = by;
        if (isScript) {
          el.dataset.type = el.getAttribute('type') ?? '';
          (el as HTMLScriptElement).type = 'text/plain';
        } else {
          el.dataset[prop] = value!;
          el.removeAttribute(prop);
        }
      }
    }
    return changed ? (innerHTML.get!.call(template) as string) : html;
  };
  /**
   * Parses `html` into `node`'s tree with `parse`. The scripts it adds where the browser never runs
   * them (innerHTML and the like) are noted: the observer leaves them unmarked, as the browser left
   * them, so that no release runs them either.
   */
  const parseInto = (node: Node, html: string, scriptsRun: boolean, parse: () => unknown) => {
    if (scriptsRun || !/<script/i.test(html)) return parse();
    const root = node.getRootNode() as ParentNode;
    const old = new Set(root.querySelectorAll('script'));
    parse();
    for (const script of root.querySelectorAll('script')) if (!old.has(script)) state._inert.add(script);
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
        Object.defineProperty(proto, prop, {
          ...d,
          set(this: Element, v: unknown) {
            const html = neutralize(String(v), scriptsRun);
            parseInto(this, html, scriptsRun, () => d.set!.call(this, html));
          },
        });
      } else if (typeof d?.value == 'function') {
        const fn = d.value as (this: unknown, ...args: unknown[]) => unknown;
        // The HTML is the last argument of each of these methods; `write` joins all of its own.
        (proto as Record<string, unknown>)[prop] = function (this: unknown, ...args: unknown[]) {
          if (prop.startsWith('write')) args = [args.join('')];
          const html = neutralize(String(args.pop()), scriptsRun);
          return parseInto(this as Node, html, scriptsRun, () => fn.apply(this, [...args, html]));
        };
      }
    }
  }
}
