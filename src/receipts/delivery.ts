// Delivery of the outbox (outbox.ts) to the collector, in the receipts chunk: every waiting receipt
// is posted until the collector acknowledges it. Retries back off, resume when the browser is
// online again, and on later page loads (the cookie says receipts are waiting). A receipt the
// collector refuses for good stays on the device, marked rejected, and is never sent again.
import { readCookie, writeCookie } from '../core/cookie.js';
import type { PageState } from '../core/types.js';
import { canonicalJson } from './canonical.js';
import { MAX_RECEIPT_BYTES } from './limits.js';
import { readReceipts, updateReceipts } from './outbox.js';
import type { Acknowledgement, StoredReceipt } from './receipt.js';
import { sha256Hex } from './sha256.js';

const MINUTE = 6e4;
/** After n failures: 15 s, 30 s, 1 min … up to 6 h, with ±20 % so devices do not retry in step. */
const backoff = (attempts: number) => Math.min(15e3 * 2 ** attempts, 360 * MINUTE) * (0.8 + Math.random() * 0.4);
/**
 * Answers that will never change for the same body: invalid (400), the same id already stored with
 * other content (409), too large (413). A 403 (an origin the collector does not allow yet) is not
 * one: it is fixed in the collector's settings, and then the receipt must land. Browsers show it
 * as a network error anyway, since the collector sends no CORS headers to an origin it refuses.
 */
const REFUSED = [400, 409, 413];

let running: Promise<void> | undefined;
let archived = false;
let timer: ReturnType<typeof setTimeout> | undefined;
let listening = false;

/**
 * Sends every waiting receipt; one delivery at a time per page. A page load, a new decision and
 * the browser coming back online try at once (`now`); in between, timers follow the backoff.
 * A collector's Retry-After is always respected.
 */
export function deliver(page: PageState, now = true, fresh?: StoredReceipt): Promise<void> {
  if (!page.config!.collector) return Promise.resolve();
  if (!listening) {
    listening = true;
    addEventListener('online', () => void deliver(page));
  }
  return (running ??= send(page, now, fresh).finally(() => (running = undefined)));
}

/**
 * The collector keeps the notice behind every receipt's configHash: when it lacks this page's,
 * the config goes once (a page), as canonical JSON under its hash. Not with keepalive: a config
 * may be larger than its quota. A receipt made under an older config has no copy to send.
 */
async function archiveConfig(page: PageState, receiptsUrl: string, configHash: string): Promise<void> {
  const body = canonicalJson(page.config);
  if (archived || (await sha256Hex(body)) != configHash) return;
  archived = true;
  await page
    .fetch(new URL(`configs/${configHash}`, receiptsUrl), {
      method: 'PUT',
      credentials: 'omit',
      headers: { 'content-type': 'application/json' },
      body,
    })
    .catch(() => (archived = false));
}

/** The collector's acknowledgement of receipt `id`, when its answer is one. */
async function acknowledgement(response: Response, id: string): Promise<Acknowledgement | undefined> {
  const body = (await response.json()) as Acknowledgement;
  return body.receiptId == id &&
    Number.isInteger(body.seq) &&
    typeof body.hash == 'string' &&
    typeof body.signature == 'string'
    ? body
    : undefined;
}

/** Posts with the page's fetch from before the blocker guarded it: receipts are never held back. */
async function send(page: PageState, now: boolean, fresh?: StoredReceipt): Promise<void> {
  const config = page.config!;
  // A collector on the site's own origin may be given as a relative URL.
  const url = new URL('v1/receipts', new URL(config.collector!.replace(/\/?$/, '/'), location.href)).href;
  clearTimeout(timer);
  const stored = await readReceipts();
  // With IndexedDB blocked, a new receipt is not in the outbox: it still gets one try.
  const lost = fresh && !stored.some((e) => e.receipt.receiptId == fresh.receipt.receiptId);
  for (const entry of lost ? [...stored, fresh] : stored) {
    if (
      entry.ack ||
      entry.rejected ||
      (entry.notBefore ?? 0) > Date.now() ||
      (!now && (entry.retryAt ?? 0) > Date.now())
    )
      continue;
    const id = entry.receipt.receiptId;
    let ack: Acknowledgement | undefined;
    let retryAfter = 0;
    let rejected: StoredReceipt['rejected'];
    const refuse = (status: number, reason?: string) =>
      (rejected = { status, reason: reason ?? `HTTP ${status}`, at: Date.now() });
    const body = JSON.stringify(entry.receipt);
    const bytes = new Blob([body]).size;
    try {
      // Made by an older version, perhaps: keepalive could never carry it, nor the collector take it.
      if (bytes > MAX_RECEIPT_BYTES) {
        refuse(413, `${bytes} bytes, over ${MAX_RECEIPT_BYTES}`);
      } else {
        // keepalive: the request outlives a tab closed mid-send; the receipt stays in the outbox
        // until a later page reads the acknowledgement.
        const response = await page.fetch(url, {
          method: 'POST',
          keepalive: true,
          credentials: 'omit',
          headers: { 'content-type': 'application/json' },
          body,
        });
        if (response.ok) {
          if (response.headers.get('temoin-config') == 'missing')
            void archiveConfig(page, url, entry.receipt.configHash);
          ack = await acknowledgement(response, id);
        } else if (REFUSED.includes(response.status)) {
          // Final only when the collector itself says why: a proxy's 413 or 400 page may not be.
          const error = ((await response.json().catch(() => ({}))) as { error?: unknown }).error;
          if (typeof error == 'string') refuse(response.status, error);
        } else {
          retryAfter = Number(response.headers.get('retry-after')) * 1000 || 0;
        }
      }
    } catch {
      // Offline, or the collector is down: try again later.
    }
    if (rejected) {
      console.error(
        `temoin: the collector refused receipt ${id} for good (${rejected.status}: ${rejected.reason}); it stays on this device and is not sent again`,
      );
    }
    await updateReceipts((list) =>
      list.map((e) =>
        e.receipt.receiptId != id
          ? e
          : ack
            ? { receipt: e.receipt, ack }
            : rejected
              ? { receipt: e.receipt, rejected }
              : {
                  ...e,
                  attempts: (e.attempts ?? 0) + 1,
                  retryAt: Date.now() + Math.max(retryAfter, backoff(e.attempts ?? 0)),
                  notBefore: Date.now() + retryAfter,
                },
      ),
    );
  }
  const waiting = (await readReceipts()).filter((e) => !e.ack && !e.rejected);
  // The cookie tells the next page load whether to load the write path and try again.
  const cookie = readCookie();
  if (cookie && (cookie.unsent ?? 0) != waiting.length)
    writeCookie({ ...cookie, unsent: waiting.length }, config.cookieDomain);
  const next = Math.min(...waiting.map((e) => e.retryAt ?? 0));
  if (Number.isFinite(next)) timer = setTimeout(() => void deliver(page, false), Math.max(next - Date.now(), 1000));
}
