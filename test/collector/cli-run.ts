// Runs the built `temoin` command as a person would, and what it said and answered.
import { execFile } from 'node:child_process';

export const bin = new URL('../../../../bin/temoin.js', import.meta.url).pathname;

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** `temoin …args`, in `cwd` when given, with Node's own flags `node` first; never rejects, whatever the exit code. */
export const temoin = (
  args: string[],
  options: { cwd?: string; env?: Record<string, string>; input?: string; node?: string[] } = {},
) =>
  new Promise<Ran>((resolve) => {
    const child = execFile(
      process.execPath,
      [...(options.node ?? []), bin, ...args],
      { cwd: options.cwd, env: { ...process.env, ...options.env }, maxBuffer: 64 << 20 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code == 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    child.stdin?.end(options.input ?? '');
  });
