// Constructable stylesheets, shared by the Lit elements and the placeholders (plain DOM, no Lit):
// no inline styles, so a strict Content Security Policy needs no 'unsafe-inline'.

/** A constructable stylesheet from CSS text, parsed when the first element that uses it is made. */
export type Sheet = () => CSSStyleSheet;

export function sheet(text: string): Sheet {
  let s: CSSStyleSheet | undefined;
  return () => {
    if (!s) {
      s = new CSSStyleSheet();
      s.replaceSync(text);
    }
    return s;
  };
}
