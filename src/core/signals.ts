// Browser and vendor signals: Global Privacy Control in, Google Consent Mode v2 out.
import { CONSENT_MODE_TYPES, type ConsentModeType, type ValidConfig } from './config.js';
import type { Granted } from './consent.js';

declare global {
  interface Navigator {
    /** Global Privacy Control: the visitor asks sites not to sell or share their data. */
    readonly globalPrivacyControl?: boolean;
  }
  interface Window {
    dataLayer?: unknown[];
  }
}

export const gpcEnabled = (): boolean => navigator.globalPrivacyControl === true;

// Google's tags read only Arguments objects from the dataLayer, exactly as the gtag snippet pushes them.
function gtag(..._args: unknown[]): void {
  // eslint-disable-next-line prefer-rest-params
  (window.dataLayer ??= []).push(arguments);
}

const usesConsentMode = (config: ValidConfig): boolean => config.categories.some((c) => c.consentMode?.length);

/** Before any tag runs: everything denied, and tags wait for our update. */
export function pushConsentDefault(config: ValidConfig): void {
  if (!usesConsentMode(config)) return;
  gtag('consent', 'default', {
    ...Object.fromEntries(CONSENT_MODE_TYPES.map((t) => [t, 'denied'])),
    wait_for_update: 500,
  });
}

/**
 * A type is granted only when every category that drives it is, whole: every service of it (a
 * category granted in part leaves its types denied).
 */
export function pushConsentUpdate(config: ValidConfig, granted: Granted): void {
  if (!usesConsentMode(config)) return;
  const state: Partial<Record<ConsentModeType, string>> = {};
  for (const cat of config.categories) {
    for (const type of cat.consentMode ?? []) {
      state[type] = state[type] != 'denied' && granted[cat.id] ? 'granted' : 'denied';
    }
  }
  gtag('consent', 'update', state);
}
