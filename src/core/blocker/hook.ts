// Guarding a DOM API: the page's calls go through what Témoin puts in place of the browser's own.
// The originals are always invoked with .call or .apply.
/* eslint-disable @typescript-eslint/unbound-method */

/** A method or a setter of the browser's. */
export type Native = (this: unknown, ...args: unknown[]) => unknown;

/**
 * Puts what `wrap` makes of `proto`'s method `name`, or of its property's setter (its own or
 * inherited), or of its getter when `key` says so, in its place; a property with no setter (SVG's
 * `href`) is left as it is.
 */
export function hook(
  proto: object,
  name: string,
  wrap: (native: Native) => (this: never, ...args: never[]) => unknown,
  key?: 'get',
): void {
  let owner: object | null = proto;
  let d: PropertyDescriptor | undefined;
  while (owner && !(d = Object.getOwnPropertyDescriptor(owner, name)))
    owner = Object.getPrototypeOf(owner) as object | null;
  const part = key ?? (d?.set ? 'set' : 'value');
  if (d?.[part]) Object.defineProperty(proto, name, { ...d, [part]: wrap(d[part] as Native) });
}
