// From the visits to the pages of the report: what each page showed in each state, attributed to
// the config, Témoin itself, the site or the catalog.
import type { Attributor } from './attribution.js';
import { isThirdParty } from './party.js';
import type { Visits } from './queue.js';
import type { Visit } from './record.js';
import type { PageRecord, StateName, StateRecord } from './types.js';

const DAY = 864e5;

export interface Attributing {
  a: Attributor;
  /** When the scan started, in ms: cookies' days left count from it. */
  now: number;
  /** Where Témoin's script was loaded from, if it was. */
  temoinBase: string | null;
}

/** The pages visited, in the order found, in the states recorded; and each page's HTML as served, for the findings. */
export function pageRecords(
  urls: readonly string[],
  visits: Visits,
  states: StateName[],
  at: Attributing,
): { pages: PageRecord[]; html: Map<string, string> } {
  const html = new Map<string, string>();
  const pages: PageRecord[] = urls
    .filter((url) => visits.has(url))
    .map((url) => {
      const byState = visits.get(url)!;
      const none = byState.get('no-decision');
      if (none && !(none instanceof Error)) html.set(url, none.html);
      return {
        url,
        temoin: !!none && !(none instanceof Error) && none.temoin.found,
        states: states.filter((s) => byState.has(s)).map((s) => stateRecord(s, byState.get(s)!, url, at)),
      };
    });
  return { pages, html };
}

/** What one visit saw, attributed; a visit that failed keeps its reason. */
function stateRecord(
  state: StateName,
  found: Visit | Error,
  url: string,
  { a, now, temoinBase }: Attributing,
): StateRecord {
  if (found instanceof Error) {
    return {
      state,
      requests: [],
      cookies: [],
      localStorage: [],
      sessionStorage: [],
      indexedDB: [],
      beacons: [],
      iframes: [],
      banner: null,
      error: found.message,
    };
  }
  const pageHost = new URL(found.url || url).hostname;
  return {
    state,
    requests: found.requests.map((r) => {
      const host = new URL(r.url).hostname;
      // Témoin's own files, from a CDN too: the script and its chunks beside it.
      const own =
        !!temoinBase && r.url.startsWith(temoinBase) && /^temoin[\w.-]*\.js(\?|$)/.test(r.url.slice(temoinBase.length));
      const attribution = own
        ? { status: 'temoin' as const, service: null, category: null, template: null }
        : a.request(new URL(r.url), pageHost);
      return { ...r, host, thirdParty: isThirdParty(host, pageHost), attribution };
    }),
    cookies: found.cookies.map((c) => ({
      ...c,
      days: c.expires === null ? null : Math.round(((c.expires - now) / DAY) * 10) / 10,
      thirdParty: isThirdParty(c.domain, pageHost),
      attribution: a.cookie(c.name, c.domain, pageHost),
    })),
    localStorage: found.localStorage,
    sessionStorage: found.sessionStorage,
    indexedDB: found.indexedDB,
    beacons: found.requests.filter((r) => r.type == 'ping').map((r) => r.url),
    iframes: found.iframes,
    banner: found.banner,
    error: null,
  };
}
