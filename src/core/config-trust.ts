// Full validation lives in the check path (config-check.ts), not in the <head> script. The head
// trusts only a config text this device has already validated, under this build's validation
// rules and service templates: it remembers a fingerprint of that exact text and, for a config
// naming templates, the services they expanded to. Any change is validated again before anything
// is granted.
import { normalizeConfig, type TemoinConfig, type ValidConfig } from './config.js';
import type { PageState } from './types.js';

// Holds `[fingerprint, the expanded config or null]`. A release whose validation sources differ
// makes other fingerprints (CHECK_VERSION), so its stricter rules or new templates apply at once.
const KEY = 'temoin:config:2';

/**
 * FNV-1a over the text, its length and a build's validation sources (this build's CHECK_VERSION;
 * `temoin check --seal` passes the one of the browser files it was published with).
 */
export function fingerprint(text: string, version = CHECK_VERSION): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return (h >>> 0).toString(36) + '.' + text.length.toString(36) + '.' + version;
}

/**
 * The config to start with when this device validated the text with this fingerprint: the page's
 * own, or for a config naming templates, what they expanded to then, kept on the page so that a
 * decision made on this load remembers it again (write-path.ts). Else undefined: validate.
 */
export function trusted(page: PageState, input: unknown): ValidConfig | undefined {
  try {
    const [stored, expanded] = JSON.parse(localStorage.getItem(KEY)!) as [string, unknown];
    if (stored !== page.print) return;
    const config = normalizeConfig((expanded ?? input) as TemoinConfig);
    if (expanded) page.expanded = expanded;
    return config;
  } catch {
    // Nothing stored, an older format, storage blocked, or an entry damaged: validate.
  }
}

/**
 * Remembers that the page's config text is valid (and what its templates expanded to), so that
 * later page loads skip validation.
 */
export function remember(page: PageState): void {
  try {
    if (page.print) localStorage.setItem(KEY, JSON.stringify([page.print, page.expanded]));
  } catch {
    // Storage blocked or full: validated again next time.
  }
}
