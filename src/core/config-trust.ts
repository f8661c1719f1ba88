// Full validation lives in the check path (config-check.ts), not in the <head> script. The head
// trusts only a config text this device has already validated: it remembers a fingerprint of
// that exact text. Any change is validated again before anything is granted.

// Versioned: when validation grows stricter, a text the older rules let through is checked again
// (a `javascript:` policy URL, a config whose receipts cannot land).
const KEY = 'temoin:config:2';

/** FNV-1a over the text, plus its length: a change of any byte changes it. */
export function fingerprint(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return (h >>> 0).toString(36) + '.' + text.length.toString(36);
}

export function isTrusted(print: string): boolean {
  try {
    return localStorage.getItem(KEY) === print;
  } catch {
    return false; // storage blocked: validate every time
  }
}

export function trust(print: string): void {
  try {
    localStorage.setItem(KEY, print);
  } catch {
    // Validated again next time.
  }
}

/** Remembers that the page's config text is valid, so that later page loads skip validation. */
export const remember = (page: { print?: string }) => page.print && trust(page.print);
