// The real `temoin collector` as its own process on a test store and key: started, killed and
// started again on the same database. Each start takes a port free at that moment: another test
// file running beside this one may have taken the last one since.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, ORIGIN } from './support.js';

/** Signals every process of the collector's group; one already gone is no error. */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // The group has already ended.
  }
}

const bin = new URL('../../../../bin/temoin.js', import.meta.url).pathname;

/** How the collector's process is started, beyond its flags. */
export interface ProcessLimits {
  /** The largest file it may write, in 512-byte blocks (`ulimit -f`): a disk that fills up, for it alone. */
  fileBlocks?: number;
}

/** The command that runs `argv` within `limits`. */
const limited = (argv: string[], { fileBlocks }: ProcessLimits): string[] =>
  fileBlocks === undefined ? argv : ['/bin/sh', '-c', `ulimit -f ${String(fileBlocks)} && exec "$@"`, 'sh', ...argv];

/** The collector as its own process, started again on the same store and key; `extra` flags are added. */
export function collectorProcess(where: string[], keyFile: string, extra: string[] = [], limits: ProcessLimits = {}) {
  let child: ChildProcess | null = null;
  let output = '';
  let url: string | null = null;
  const running = () => !!child && child.exitCode === null && child.signalCode === null;

  return {
    /** Where the collector last started listens. */
    get url(): string {
      if (!url) throw new Error('the collector has not been started');
      return url;
    },
    /** The last lines the collector wrote, to explain a failure. */
    output: () => output.split('\n').slice(-20).join('\n'),
    async start() {
      const port = await freePort();
      url = `http://127.0.0.1:${String(port)}`;
      const started = performance.now();
      const [command, ...args] = limited(
        [
          process.execPath,
          bin,
          'collector',
          ...where,
          '--origin',
          ORIGIN,
          '--port',
          String(port),
          '--key',
          keyFile,
          '--rate-limit',
          '100000',
          '--log-level',
          'warn',
          ...extra,
        ],
        limits,
      );
      const process_ = spawn(
        command!,
        args,
        // Its own process group: a kill takes the collector and any workers it started at once.
        { stdio: ['ignore', 'pipe', 'pipe'], detached: true },
      );
      child = process_;
      // Even if this test process ends abruptly (a timeout, an uncaught error), the collector goes with it.
      const orphan = () => signalGroup(process_, 'SIGKILL');
      process.once('exit', orphan);
      process_.once('exit', () => process.off('exit', orphan));
      const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000));
      process_.stdout.on('data', keep);
      process_.stderr.on('data', keep);
      for (;;) {
        if (process_.exitCode !== null)
          throw new Error(`the collector exited with code ${String(process_.exitCode)}:\n${output}`);
        try {
          if ((await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) })).ok)
            return performance.now() - started;
        } catch {
          // Not listening yet.
        }
        if (performance.now() - started > 20_000)
          throw new Error(`the collector did not answer /health within 20 s:\n${output}`);
        await sleep(20);
      }
    },
    async kill(signal: NodeJS.Signals = 'SIGKILL') {
      if (!child || !running()) return;
      const exited = once(child, 'exit');
      signalGroup(child, signal);
      await exited;
    },
    /** SIGTERM, then SIGKILL if it has not exited `killAfterMs` later; how it exited. */
    async stop(killAfterMs = 5000): Promise<{ code: number | null; signal: NodeJS.Signals | null } | undefined> {
      if (!child || !running()) return;
      const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child && signalGroup(child, 'SIGKILL'), killAfterMs);
      const [code, signal] = await exited;
      clearTimeout(timer);
      return { code, signal };
    },
  };
}
