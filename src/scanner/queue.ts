// The visits of a scan, a few at a time: each page's first visit comes before any decided state,
// since it finds more pages to visit.
import type { Browser } from 'puppeteer-core';
import { visit, type Visit, type VisitOptions } from './record.js';
import type { StateName } from './types.js';

/** What each page showed in each state, or why it could not be recorded. */
export type Visits = Map<string, Map<StateName, Visit | Error>>;

export interface QueueOptions {
  /** Visits at once. */
  concurrency: number;
  /** After a page's first visit: the new pages it leads to, and the states to record it in. */
  follow: (url: string, found: Visit) => { pages: string[]; states: StateName[] };
  /** After each visit, with the visits done and the total known so far. */
  progress: (done: number, total: number, url: string, state: StateName) => void;
}

/** The work left and done, shared by the visits under way. */
interface Work {
  browser: Browser;
  v: VisitOptions;
  o: QueueOptions;
  visits: Visits;
  /** Pages whose first visit is still to come. */
  discover: string[];
  /** Pages and the decided states to record them in. */
  later: [string, StateName][];
  active: number;
  done: number;
}

/** Visits `pages` and those they lead to, after the first page, already visited; resolves when no visit is left. */
export async function visitAll(
  browser: Browser,
  v: VisitOptions,
  first: { url: string; found: Visit },
  pages: string[],
  o: QueueOptions,
): Promise<Visits> {
  const w: Work = {
    browser,
    v,
    o,
    visits: new Map([[first.url, new Map([['no-decision', first.found]])]]),
    discover: [...pages],
    later: [],
    active: 0,
    done: 1,
  };
  follow(w, first.url, first.found);
  progress(w, first.url, 'no-decision');
  await new Promise<void>((resolve) => pump(w, resolve));
  return w.visits;
}

/** Starts visits up to the concurrency; each one ended starts the next. */
function pump(w: Work, resolve: () => void): void {
  while (w.active < w.o.concurrency && (w.discover.length || w.later.length)) {
    const [url, state] = w.discover.length ? [w.discover.shift()!, 'no-decision' as StateName] : w.later.shift()!;
    w.active++;
    visit(w.browser, url, state, w.v)
      .then(
        (found) => {
          keep(w, url, state, found);
          if (state == 'no-decision') follow(w, url, found);
        },
        (e: unknown) => keep(w, url, state, e as Error),
      )
      .finally(() => {
        w.active--;
        w.done++;
        progress(w, url, state);
        if (!w.active && !w.discover.length && !w.later.length) resolve();
        else pump(w, resolve);
      });
  }
  if (!w.active) resolve();
}

function keep(w: Work, url: string, state: StateName, found: Visit | Error): void {
  if (!w.visits.has(url)) w.visits.set(url, new Map());
  w.visits.get(url)!.set(state, found);
}

function follow(w: Work, url: string, found: Visit): void {
  const next = w.o.follow(url, found);
  w.discover.push(...next.pages);
  w.later.push(...next.states.map((s): [string, StateName] => [url, s]));
}

function progress(w: Work, url: string, state: StateName): void {
  w.o.progress(w.done, w.done + w.discover.length + w.later.length + w.active, url, state);
}
