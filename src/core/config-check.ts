// The config in the check path (check-path.ts): full validation (service templates expanded,
// receipt sizes checked), and the trust that lets later page loads skip it (config-trust.ts).
import { remember } from './config-trust.js';
import { usesTemplates, validateConfig, type ValidConfig } from './config.js';
import type { PageState } from './types.js';

/**
 * Validates the page's config as the <head> script cannot: its service templates expanded (their
 * catalog is its own chunk), its largest receipt checked against what the collector takes (the
 * receipt builder is a chunk too, loaded for a config that has a collector: only its receipts are
 * sent). Its fingerprint is trusted at once (`trustNow`) when no banner waits on this page load,
 * else with the first decision: localStorage, slow on first use, stays off the banner's path.
 */
export function checkConfig(page: PageState, input: unknown, trustNow: boolean): ValidConfig | Promise<ValidConfig> {
  const templates = usesTemplates(input);
  const collector = !!(input as { collector?: unknown } | null)?.collector;
  // Trusted only when this module was built with the <head> script: a cache may serve an older
  // check path or catalog beside a newer core, and its verdict must not outlive this page load.
  if (!page.print?.endsWith('.' + CHECK_VERSION)) page.print = '';
  const validate = (config: unknown, receiptProblems?: (config: ValidConfig) => string[]) => {
    const valid = validateConfig(config, receiptProblems);
    // What the templates expanded to is remembered with the text: the <head> script has no
    // catalog to expand them with.
    if (templates) page.expanded = config;
    if (trustNow) remember(page);
    return valid;
  };
  if (!templates && !collector) return validate(input);
  return Promise.all([templates && import('../templates/expand.js'), collector && import('../receipts/size.js')]).then(
    ([t, size]) => validate(t ? t.expandTemplates(input) : input, size ? size.receiptProblems : undefined),
  );
}
