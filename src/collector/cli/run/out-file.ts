// `--out` of the commands that write a file a person keeps (a visitor's consent file, the
// committee's report): a file that exists is refused before anything is read, unless --force,
// so one request's evidence is never replaced by another's without a word.
import { lstat, stat, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';

export interface OutFlags {
  out?: string;
  force?: boolean;
}

/** The file itself, not what it links to: a link to nowhere is refused by O_EXCL at the write too. */
const exists = (file: string) =>
  lstat(file).then(
    () => true,
    () => false,
  );

const refusal = (file: string) =>
  new Error(`${resolve(file)} exists: nothing was read or written. Name another --out, or add --force to replace it`);

/** Refuses an --out that exists, unless --force: called before the database is read (and the read logged). */
export async function checkOut({ out, force }: OutFlags): Promise<void> {
  if (!out) return;
  // Which --force cannot replace either.
  if ((await stat(out).catch(() => null))?.isDirectory())
    throw new Error(`${resolve(out)} is a directory: nothing was read or written. Name a file for --out`);
  if (!force && (await exists(out))) throw refusal(out);
}

/**
 * Writes --out readable by its owner only (a file --force replaces keeps its mode). Without
 * --force it must still not exist: one made meanwhile is refused too (O_EXCL).
 */
export async function writeOut({ out, force }: OutFlags & { out: string }, text: string): Promise<void> {
  try {
    await writeFile(out, text, { mode: 0o600, flag: force ? 'w' : 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code == 'EEXIST') throw refusal(out);
    throw new Error(`cannot write ${resolve(out)}: ${(e as Error).message}; check --out`, { cause: e });
  }
}
