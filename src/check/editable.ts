// The config an editor writes apart, in the folder `temoin assets` ran in, and the file a page
// loads, sealed from it by `temoin check … --seal`: said from the editor's folder.
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { sealedText } from '../core/config-seal.js';
import { SEAL_BASE, servedForm } from './seal.js';
import { validateWithDevMessages } from './validate.js';

/** Where `temoin assets` tells the editor to write their config, in the folder it ran in. */
export const EDITABLE = 'temoin.config.json';

/** A path as the editor types it, from the folder they are in. */
const said = (path: string) => relative('.', path) || path;

/** The command that seals the editor's config (`editable`, a path) into `served`, a path. */
export const sealCommand = (served: string, editable = EDITABLE) =>
  `npx temoin check ${said(editable)} --seal ${said(served)}`;

/**
 * What `--seal` would write from the config at `path` now, as a seal covers it (sealedText): null
 * when there is no such file, false when it cannot be sealed (unreadable, not JSON, not valid).
 */
async function sealingNow(path: string): Promise<string | false | null> {
  let input: unknown;
  try {
    input = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    return (e as NodeJS.ErrnoException).code == 'ENOENT' ? null : false;
  }
  const { expanded } = await validateWithDevMessages(input, SEAL_BASE);
  return expanded ? sealedText(servedForm(expanded)) : false;
}

/**
 * A problem when `served`, a sealed config file (`sealed`, as parsed), is not what sealing the
 * editor's config now would write: the page loads the config as it was when sealed, not as the
 * editor last wrote it. The editor's config is the temoin.config.json beside the sealed file, else
 * the one in the folder check runs in, where the steps of `temoin assets` put it. By content, not
 * by file times: a `git checkout` or a copy gives any file any time. One that cannot be sealed is
 * named too: its edits are not what the page loads either, and checking the page alone would not
 * show its problems.
 */
export async function staleSeal(served: string, sealed: object): Promise<string[]> {
  const candidates = [...new Set([join(dirname(served), EDITABLE), resolve(EDITABLE)].map((p) => resolve(p)))];
  const editables: { path: string; now: string | false }[] = [];
  for (const path of candidates.filter((p) => p != resolve(served))) {
    const now = await sealingNow(path);
    if (now !== null) editables.push({ path, now });
  }
  // Up to date with either: never called stale.
  if (editables.some(({ now }) => now == sealedText(sealed)) || !editables.length) return [];
  const { path, now } = editables[0]!;
  return [
    now === false
      ? `${said(served)} is not what ${said(path)} says now, and ${said(path)} cannot be sealed, so the page loads the config as it was last sealed: run npx temoin check ${said(path)}, fix what it names, then seal it again with ${sealCommand(served, path)}`
      : `${said(served)} is not what sealing ${said(path)} writes now (it was sealed from an earlier text of it, or from another config), so the page loads the config as it was then: seal it again with ${sealCommand(served, path)}`,
  ];
}
