// Guarding a DOM API: the page's calls go through what Témoin puts in place of the browser's own.

/**
 * Puts what `wrap` makes of `proto`'s method `name`, or of its property's setter (its own or
 * inherited), in its place; a property with no setter (SVG's `href`) is left as it is.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- methods and setters alike
export function hook(proto: object, name: string, wrap: (f: Function) => Function): void {
  let owner: object | null = proto;
  let d: PropertyDescriptor | undefined;
  while (owner && !(d = Object.getOwnPropertyDescriptor(owner, name)))
    owner = Object.getPrototypeOf(owner) as object | null;
  const key = d?.set ? 'set' : 'value';
  if (d?.[key]) Object.defineProperty(proto, name, { ...d, [key]: wrap(d[key] as Function) });
}
