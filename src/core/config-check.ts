// The config in the check path (check-path.ts): full validation (service templates expanded,
// receipt sizes checked), and the trust that lets later page loads skip it (config-trust.ts).
import { receiptProblems } from '../receipts/size.js';
import { remember } from './config-trust.js';
import { usesTemplates, validateConfig, type ValidConfig } from './config.js';
import type { PageState } from './types.js';

/**
 * Validates the page's config as the <head> script cannot: its service templates expanded (their
 * catalog is its own chunk), its largest receipt checked against what the collector takes. Its
 * fingerprint is trusted at once (`trustNow`) when no banner waits on this page load, else with
 * the first decision: localStorage, slow on first use, stays off the banner's path.
 */
export function checkConfig(page: PageState, input: unknown, trustNow: boolean): ValidConfig | Promise<ValidConfig> {
  // A config naming templates is never trusted by its fingerprint: the <head> script could not
  // expand it, so it is validated (and expanded) here on every page load.
  if (usesTemplates(input)) {
    page.print = '';
    return import('../templates/expand.js').then((t) => validateConfig(t.expandTemplates(input), receiptProblems));
  }
  const valid = validateConfig(input, receiptProblems);
  if (trustNow) remember(page);
  return valid;
}
