// Group commit: receipts that arrive together are chained and written in one transaction, and
// each is answered only after that transaction commits. A commit (an fsync on SQLite, a WAL flush
// on PostgreSQL) costs far more than chaining and signing a receipt, so many receipts per commit
// is what lets the collector keep up with a crowd of visitors deciding at once.
import type { SigningKey } from './keys.js';
import type { AppendResult, Incoming, ReceiptStore } from './store/store.js';

export interface GroupCommitOptions {
  /** Receipts at most in one transaction: a batch that reaches it closes at once. */
  maxBatch: number;
  /**
   * Milliseconds a batch stays open after its first receipt. 0 closes it as soon as the event
   * loop has read what had already arrived, so a lone receipt waits for nothing.
   */
  maxWaitMs: number;
  /**
   * Told each batch's results once it has committed, before any of its receipts is answered: the
   * collector raises its acknowledged record there (acknowledged.ts). Synchronous and cheap.
   */
  committed?: (results: readonly AppendResult[]) => void;
}

/** Measured on 2 cores (bench/README.md, "Collector throughput"). */
export const GROUP_COMMIT_DEFAULTS: GroupCommitOptions = { maxBatch: 256, maxWaitMs: 0 };

export const GROUP_COMMIT_LIMITS = { maxBatch: [1, 2000], maxWaitMs: [0, 100] } as const;

interface Waiting {
  incoming: Incoming;
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

interface State {
  /** The batch receipts join. */
  open: Waiting[];
  /** Batches closed at `maxBatch` while another commits, oldest first. */
  closed: Waiting[][];
  timer: ReturnType<typeof setTimeout> | ReturnType<typeof setImmediate> | null;
  /** The transaction in flight: one at a time per process (the database's lock would queue more). */
  committing: Promise<void> | null;
}

export interface GroupCommit {
  /** Resolves once the receipt's batch has committed; rejects, with the whole batch, if it failed. */
  append(incoming: Incoming): Promise<AppendResult>;
  /** Commits every receipt waiting; resolves when all have committed or failed. */
  flush(): Promise<void>;
}

export function groupCommit(store: ReceiptStore, key: SigningKey, options: GroupCommitOptions): GroupCommit {
  const state: State = { open: [], closed: [], timer: null, committing: null };
  const next = () => commitNext(state, store, key, options.committed);
  const close = () => {
    clearTimer(state);
    if (state.open.length) state.closed.push(state.open);
    state.open = [];
    next();
  };
  // Its time is up, but a transaction is in flight: the batch gathers until it ends, then goes.
  const timeUp = () => {
    state.timer = null;
    if (!state.committing) close();
  };
  return {
    append: (incoming) =>
      new Promise((resolve, reject) => {
        state.open.push({ incoming, resolve, reject });
        if (state.open.length >= options.maxBatch) close();
        // The batch's first receipt starts its time; a batch whose time is up is not given more.
        else if (state.open.length == 1)
          state.timer = options.maxWaitMs ? setTimeout(timeUp, options.maxWaitMs) : setImmediate(timeUp);
      }),
    async flush() {
      close();
      while (state.committing) await state.committing;
    },
  };
}

function clearTimer(state: State): void {
  if (!state.timer) return;
  clearTimeout(state.timer as ReturnType<typeof setTimeout>);
  clearImmediate(state.timer as ReturnType<typeof setImmediate>);
  state.timer = null;
}

/** Starts the next transaction when none is in flight: a closed batch, or the open one whose time is up. */
function commitNext(
  state: State,
  store: ReceiptStore,
  key: SigningKey,
  committed: GroupCommitOptions['committed'],
): void {
  if (state.committing) return;
  let batch = state.closed.shift();
  if (!batch && state.open.length && !state.timer) [batch, state.open] = [state.open, []];
  if (!batch) return;
  state.committing = commit(store, key, batch, committed).finally(() => {
    state.committing = null;
    commitNext(state, store, key, committed);
  });
}

/**
 * One transaction for the batch: every receipt answered with its result, or all with the error.
 * A receipt the database refuses fails its whole batch; the input checks before it (schema,
 * storable text) are what keep such a receipt out.
 */
async function commit(
  store: ReceiptStore,
  key: SigningKey,
  batch: Waiting[],
  committed: GroupCommitOptions['committed'],
): Promise<void> {
  try {
    const results = await store.appendBatch(
      batch.map((waiting) => waiting.incoming),
      key,
    );
    committed?.(results);
    batch.forEach((waiting, i) => waiting.resolve(results[i]!));
  } catch (e) {
    for (const waiting of batch) waiting.reject(e);
  }
}
