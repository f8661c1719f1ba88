// What the log says while the database cannot answer. A busy site answers thousands of requests
// a minute with 503 during an outage, and a line each buried everything else. Here the first 503
// of each cause (its driver's code) is logged whole, as any request; the others are counted and
// summed up in one line an interval; one line says when the store answers again, and how long the
// outage lasted.
import type { FastifyBaseLogger } from 'fastify';
import type { ReceiptStore } from './store/store.js';
import { unavailability, type Unavailability } from './store/unavailable.js';

/** How long the 503s after a cause's first are counted before one line sums them up. */
export const OUTAGE_SUMMARY_MS = 60_000;

const STORE_NAMES: Record<ReceiptStore['kind'], string> = { postgres: 'PostgreSQL', sqlite: 'SQLite' };

const count = (n: number) => n.toLocaleString('en-US');
const plural = (n: number, word: string) => `${count(n)} ${word}${n == 1 ? '' : 's'}`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;

export class OutageLog {
  /** When this outage's first 503 was answered; null while the store answers. */
  private since: number | null = null;
  /** The causes whose first 503 was logged in this outage. */
  private readonly logged = new Set<string>();
  /** 503s counted, not logged, since the last line: by cause. */
  private unlogged = new Map<string, number>();
  private answered503 = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly kind: ReceiptStore['kind'],
    private readonly log: () => FastifyBaseLogger,
    private readonly intervalMs = OUTAGE_SUMMARY_MS,
  ) {}

  /** Whether this 503's own line is to be written (its cause's first in this outage); else it is counted. */
  logs(down: Unavailability): boolean {
    this.since ??= Date.now();
    this.answered503++;
    if (!this.logged.has(down.code)) {
      this.logged.add(down.code);
      return true;
    }
    this.unlogged.set(down.code, (this.unlogged.get(down.code) ?? 0) + 1);
    this.timer ??= setTimeout(() => this.summary(), this.intervalMs).unref();
    return false;
  }

  /** The store answered a call made at `calledAt`: the outage, if it was under way then, is over (true). */
  answered(calledAt: number): boolean {
    if (this.since === null || calledAt < this.since) return false;
    const lasted = Date.now() - this.since;
    const unlogged = this.takeUnlogged();
    this.log().warn(
      { store: this.kind, outageMs: lasted, requests: this.answered503 },
      `${STORE_NAMES[this.kind]} answers again after ${seconds(lasted)}: ${plural(this.answered503, 'request')} answered 503 meanwhile` +
        (unlogged.total ? ` (${count(unlogged.total)} since the last line)` : ''),
    );
    this.since = null;
    this.logged.clear();
    this.answered503 = 0;
    return true;
  }

  /** Writes the 503s counted since the last line, if any (the interval ended, or the collector stops). */
  summary(): void {
    const { total, causes } = this.takeUnlogged();
    if (!total) return;
    const codes = [...causes].map(([code, n]) => (causes.size == 1 ? code : `${code} ${count(n)}`)).join('; ');
    this.log().error(
      { code: 'TEMOIN_ERR_STORE_UNAVAILABLE', store: this.kind, requests: total },
      `${count(total)} more ${total == 1 ? 'request' : 'requests'} answered 503 in the last ${seconds(this.intervalMs)}: ${STORE_NAMES[this.kind]} unavailable (${codes})`,
    );
  }

  private takeUnlogged() {
    clearTimeout(this.timer);
    this.timer = undefined;
    const causes = this.unlogged;
    this.unlogged = new Map();
    return { causes, total: [...causes.values()].reduce((a, b) => a + b, 0) };
  }
}

/**
 * The store, telling `answered` each time its database answered (a promise one of its methods
 * returned resolved) and when that call was made: a call made before the outage and answered late
 * does not end it. Only a method that failed for want of the store ends it by answering: reads may
 * pass while writes are refused (SQLite locked, a standby after a failover, a full disk).
 */
export function watchedStore(store: ReceiptStore, answered: (calledAt: number) => boolean): ReceiptStore {
  const failing = new Set<PropertyKey>();
  const succeeded = (name: PropertyKey, calledAt: number) => {
    if (failing.size && !failing.has(name)) return;
    if (answered(calledAt)) failing.clear();
    else failing.delete(name);
  };
  return new Proxy(store, {
    get(target, name, receiver) {
      const value: unknown = Reflect.get(target, name, receiver);
      if (typeof value != 'function' || name == 'close' || name == 'onIdleError') return value;
      return (...args: unknown[]) => {
        const calledAt = Date.now();
        const result: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
        if (result instanceof Promise)
          result.then(
            () => succeeded(name, calledAt),
            (e: unknown) => {
              if (unavailability(store.kind, e)) failing.add(name);
            },
          );
        return result;
      };
    },
  });
}

/** The log line of a connection the store lost while idle: its driver's code, as a 503's line has. */
export function idleErrorLine(kind: ReceiptStore['kind'], error: Error) {
  const down = unavailability(kind, error);
  const code = down?.code ?? (error as { code?: string }).code ?? 'none';
  return {
    fields: { store: kind, driverCode: code },
    message: `the ${kind} store lost an idle connection (${code}: ${error.message}): the next request opens another`,
  };
}
