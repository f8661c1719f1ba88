// For Node tests that start a server as a child process: wait for the line it prints once ready,
// rather than poll, and say what it printed when it never comes.
import type { ChildProcess } from 'node:child_process';

/**
 * Resolves once `output()` (what the caller collects from the child) includes `text`, checked on
 * every chunk the child prints; fails if the child exits first, or after `timeout` ms.
 */
export function untilPrinted(child: ChildProcess, output: () => string, text: string, timeout = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    // Registered after the caller's own listeners, so `output()` already holds the chunk.
    const check = () => output().includes(text) && done();
    const exited = (code: number | null) =>
      done(new Error(`the child exited (${String(code)}) before printing "${text}":\n${output()}`));
    const timer = setTimeout(
      () => done(new Error(`"${text}" not printed within ${timeout} ms:\n${output()}`)),
      timeout,
    );
    function done(error?: Error) {
      clearTimeout(timer);
      child.stdout?.off('data', check);
      child.stderr?.off('data', check);
      child.off('exit', exited);
      if (error) reject(error);
      else resolve();
    }
    child.stdout?.on('data', check);
    child.stderr?.on('data', check);
    child.on('exit', exited);
    check();
  });
}
