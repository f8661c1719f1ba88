// The paths to an element's attribute that are not its own methods and properties: attribute nodes
// (`setAttributeNode`, `attributes.setNamedItem`, an attached node's `value`) and SVG's `href.baseVal`.
// A URL given through them is held as `setAttribute`'s is (properties.ts); a type given to a waiting
// script through any path is its own.
import { hook, type Native } from './hook.js';

/**
 * Holds the value of attribute `name` if it is a blocked URL of `el`, to be set by `apply` once it
 * may load; true when held.
 */
export type HoldAttribute = (
  el: Element,
  name: string,
  value: unknown,
  apply: (this: Element, value: unknown) => void,
) => boolean | undefined;

/** Guards those paths; `typed` is told of every element whose attributes the page changed. */
export function guardAttributePaths(holdAttribute: HoldAttribute, typed: (el: Element) => void): void {
  // Whose an attribute map is, or an SVG element's `href` (its `baseVal` is the URL): neither says.
  const owners = new WeakMap<object, Element>();
  const remember = (get: Native) =>
    function (this: Element) {
      const owned = get.call(this) as object;
      owners.set(owned, this);
      return owned;
    };
  hook(Element.prototype, 'attributes', remember, 'get');
  for (const { prototype } of [SVGImageElement, SVGFEImageElement, SVGScriptElement])
    hook(prototype, 'href', remember, 'get');
  hook(
    SVGAnimatedString.prototype,
    'baseVal',
    (set) =>
      function (this: SVGAnimatedString, v: unknown) {
        const el = owners.get(this);
        if (!(el && holdAttribute(el, 'href', v, (v) => set.call(this, v)))) set.call(this, v);
      },
  );
  // A node given a URL, attached (by `setAttributeNode`, `setNamedItem`) or once attached (its
  // value), is held; the page's own node is put in place on release, unless it is elsewhere by then.
  // Its `nodeValue` and `textContent` are Node's: guarded there, for every node, since a page may
  // call Node's own setters on it.
  for (const { prototype: proto } of [Element, NamedNodeMap, Attr, Node, HTMLScriptElement, SVGScriptElement]) {
    const names = Object.getOwnPropertyNames(proto).filter((name) =>
      /^((set|remove|toggle)[AN]|type$|(nodeV|v)alue$|textC)/.test(name),
    );
    for (const name of names)
      hook(
        proto,
        name,
        (f) =>
          function (this: Element & Attr & NamedNodeMap, ...a: unknown[]) {
            // The element a map of attribute nodes, or a node, belongs to; the map first: it has a
            // property for each attribute, so an SVG element's attribute `ownerElement` is the map's.
            const el = owners.get(this) ?? this.ownerElement ?? this;
            const node = a[0] instanceof Attr && name[0] == 's' && a[0];
            if (
              this.nodeType == 2
                ? holdAttribute(el, this.name, a[0], (v) => f.call(this, v))
                : node &&
                  holdAttribute(
                    el,
                    node.name,
                    node.value,
                    (v) => node.ownerElement || f.call(this, Object.assign(node, { value: v })),
                  )
            )
              return null;
            const result: unknown = f.apply(this, a);
            typed(el);
            return result;
          },
      );
  }
}
