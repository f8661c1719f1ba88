// Trusted Types: on a page that enforces them (`require-trusted-types-for 'script'`), the sinks
// that parse HTML take only trusted values. The blocker parses HTML to look into it where nothing
// parsed loads or runs (an inert template, a textarea whose text it reads), through a policy of
// its own, `temoin`, made at first need. What it puts in the page stays as the page gave it, or is
// a string that the page's default policy decides on: never trusted by Témoin. Where the page's
// CSP names the policies it allows without `temoin` (README), the strings go on, and are refused.

interface Policy {
  createHTML(value: string): unknown;
}

let policy: Policy | null | undefined;

/** HTML to parse where nothing loads or runs: trusted when the browser has Trusted Types and allows the policy. */
export function inertHTML(html: string): unknown {
  if (policy === undefined) {
    try {
      policy = (
        window as unknown as { trustedTypes: { createPolicy(name: string, rules: Policy): Policy } }
      ).trustedTypes.createPolicy('temoin', { createHTML: (value: string) => value });
    } catch {
      policy = null;
    }
  }
  return policy ? policy.createHTML(html) : html;
}
