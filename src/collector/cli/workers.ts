// `temoin collector --workers N`: N collector processes on one machine, sharing its port through
// node:cluster and its database (one SQLite file or one PostgreSQL database), each extending the
// one chain under the database's lock. The primary process serves nothing: it prepares the
// database and the signing key before any worker starts, purges on schedule, restarts a worker
// that dies, and stops them all on SIGINT or SIGTERM (killing any still busy after their grace).
import cluster, { type Worker } from 'node:cluster';
import { EX_CONFIG, EX_TEMPFAIL } from './exit-codes.js';
import { plural } from './table.js';

export interface Workers {
  count: number;
  /** Said once the workers are listening. */
  ready: string;
  /** Stops the primary's own work (its purge timer, its store) after the workers have exited. */
  stop(): Promise<void>;
  /** How long stopping workers may take to finish what they hold before they are killed. */
  graceMs: number;
}

interface State {
  stopping: boolean;
  listening: number;
  /** Restarts in the last minute: a worker that dies as it starts must not be restarted for ever. */
  restarts: number[];
}

const RESTARTS_PER_MINUTE = 10;

export const isWorker = () => cluster.isWorker;

/** Forks the workers, which run the same command line; resolves when all have stopped. */
export function runWorkers(workers: Workers): Promise<void> {
  const state: State = { stopping: false, listening: 0, restarts: [] };
  return new Promise((resolve) => {
    const running = () => Object.values(cluster.workers ?? {}).filter((worker) => worker !== undefined);
    /** When a signal asked the workers to stop: the last line says how long they took. */
    let askedAt: number | undefined;
    const finishWhenAllEnded = () => {
      if (running().length) return;
      void workers.stop().then(() => {
        if (askedAt !== undefined)
          console.error(`temoin: stopped in ${((performance.now() - askedAt) / 1000).toFixed(1)} s`);
        resolve();
      });
    };
    const stopAll = (signal?: NodeJS.Signals) => {
      if (state.stopping) return;
      state.stopping = true;
      if (signal) {
        askedAt = performance.now();
        console.error(
          `temoin: stopping on ${signal}: ${plural(running().length, 'worker')} ${running().length == 1 ? 'answers' : 'answer'} the requests under way (for up to ${workers.graceMs / 1000} s), then the database is closed`,
        );
      }
      for (const worker of running()) worker.process.kill('SIGTERM');
      setTimeout(() => {
        for (const worker of running()) {
          console.error(
            `temoin: worker ${worker.process.pid} still stopping after ${workers.graceMs / 1000} s; killed`,
          );
          worker.process.kill('SIGKILL');
        }
      }, workers.graceMs).unref();
      finishWhenAllEnded();
    };
    cluster.on('listening', () => {
      if (++state.listening == workers.count) console.error(`temoin: ${workers.ready}`);
    });
    // A message to a worker that is ending (the port's error, sent to each worker waiting for it)
    // fails on its closed channel: its exit says the rest. Unheard, that error ended the primary.
    cluster.on('fork', (worker) =>
      worker.on('error', (e: NodeJS.ErrnoException) => {
        if (e.code != 'EPIPE' && e.code != 'ERR_IPC_CHANNEL_CLOSED')
          console.error(`temoin: worker ${worker.process.pid}: ${e.message}`);
      }),
    );
    cluster.on('exit', (worker, code, signal) => {
      if (state.stopping) finishWhenAllEnded();
      else restart(worker, code, signal, state, stopAll);
    });
    // Every signal: a second one must not end the primary while its workers finish.
    process.on('SIGINT', () => stopAll('SIGINT'));
    process.on('SIGTERM', () => stopAll('SIGTERM'));
    for (let i = 0; i < workers.count; i++) cluster.fork();
  });
}

function restart(worker: Worker, code: number | null, signal: string | null, state: State, stopAll: () => void) {
  const now = Date.now();
  state.restarts = [...state.restarts.filter((at) => now - at < 60_000), now];
  const how = signal ? `signal ${signal}` : `code ${String(code)}`;
  // Before any worker has listened, a failure is the command's (a database down): said once, and
  // its exit code kept, for the service manager (exit-codes.ts).
  if (!state.listening) {
    console.error(`temoin: worker ${worker.process.pid} could not start (${how}); stopping`);
    process.exitCode = code == EX_TEMPFAIL || code == EX_CONFIG ? code : 2;
    stopAll();
    return;
  }
  if (state.restarts.length > RESTARTS_PER_MINUTE) {
    console.error(`temoin: worker ${worker.process.pid} ended (${how}); too many restarts in a minute, stopping`);
    process.exitCode = 1;
    stopAll();
    return;
  }
  console.error(`temoin: worker ${worker.process.pid} ended (${how}); starting another`);
  cluster.fork();
}
