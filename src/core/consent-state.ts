// The consent in force on this page: a record made current, what it grants, and what follows from
// it (blocker, Consent Mode, manage button, change event, reload).
import type { Blocker } from './blocker/blocker.js';
import { grantedCategories, isCurrent, type ConsentRecord } from './consent.js';
import { TemoinChangeEvent } from './events.js';
import { pushConsentUpdate } from './signals.js';
import type { PageState } from './types.js';

/**
 * Makes a record the last one seen, and the one in force while it is current. `saved` settles
 * once it is stored, before any reload.
 */
export type Apply = (record: ConsentRecord | null, notify: boolean, saved?: Promise<unknown>) => void;

export function applier(page: PageState, blocker: Blocker, showManage: () => void): Apply {
  return (record, notify, saved) => {
    const config = page.config;
    page.stored = record;
    if (!config) return;
    const before = page.granted;
    const current = (page.current = record && isCurrent(record, config, Date.now()) ? record : null);
    const granted = (page.granted = grantedCategories(config, current, page.gpc));
    blocker.update(config, granted);
    pushConsentUpdate(config, granted);
    showManage();
    if (notify) document.dispatchEvent(new TemoinChangeEvent(current));
    // Code that already ran cannot be unloaded: a reload is the only sure way to stop it. A
    // service taken back from a category counts too.
    if (config.reloadOnWithdraw && Object.keys(before).some((k) => before[k] && !granted[k])) {
      void Promise.resolve(saved).finally(() => location.reload());
    }
  };
}
