// Trusted Types: on a page that enforces them (`require-trusted-types-for 'script'`), the sinks that
// run code take only trusted values. What the blocker sets there comes from the page itself: the
// markup its parser read (a marked script, released), or a trusted value the page gave and the
// blocker held or marked. It passes them through a policy of its own, `temoin`, made at first need;
// where the page's CSP names the policies it allows without it (README), the strings go on, and
// such a page refuses them.

type Kind = 'createHTML' | 'createScript' | 'createScriptURL';
type Policy = Record<Kind, (value: string) => unknown>;
interface TrustedTypes {
  createPolicy(name: string, rules: Policy): Policy;
  isHTML(value: unknown): boolean;
}

const trustedTypes = (window as { trustedTypes?: TrustedTypes }).trustedTypes;
let policy: Policy | null | undefined;

/** Whether the page gave TrustedHTML: what the blocker makes of it may be trusted too, not of a string. */
export const isTrustedHTML = (value: unknown) => !!trustedTypes?.isHTML(value);

/** `value` as a trusted value of its kind, when the browser has Trusted Types and allows the policy. */
export function trusted(kind: Kind, value: string): unknown {
  if (policy === undefined) {
    const same = (value: string) => value;
    try {
      policy = trustedTypes!.createPolicy('temoin', { createHTML: same, createScript: same, createScriptURL: same });
    } catch {
      policy = null;
    }
  }
  return policy ? policy[kind](value) : value;
}
