// The config an editor writes apart, in the folder `temoin assets` ran in, and the file a page
// loads, sealed from it by `temoin check … --seal`: said from the editor's folder.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
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

/** A config an editor may have sealed from: its path, and what `--seal` would write from it now (false: it cannot be sealed). */
type Editable = { path: string; now: string | false };

/** Where the steps of `temoin assets` seal the editor's config: the file the tag loads. */
const STEPS_SERVED = './public/temoin/config.json';

/**
 * No config where check was told to look. Beside the editor's config, a name typed wrong or a file
 * not sealed yet: that config, and the command that writes the file. Asked for temoin.config.json
 * in a folder that has configs of other names, or only sealed ones: those. Else a folder where
 * nothing was set up yet: the steps that make one, as the README's "For web editors" starts them
 * (the config written apart from the file served, never sealed over itself).
 */
export function noConfigYet(path: string): string {
  const asked = resolve(path) == resolve(EDITABLE);
  if (!asked && existsSync(EDITABLE))
    return `${said(path)} does not exist; your config is ${EDITABLE}, here: check it with npx temoin check ${EDITABLE}, or, for the file a page loads, seal it into ${said(path)} with ${sealCommand(path)}`;
  const { own, sealed } = asked ? configsHere() : { own: [], sealed: [] };
  if (own.length)
    return `no config to check: ${EDITABLE} is not in this folder, which holds ${own.join(', ')}: check ${own.length == 1 ? 'it' : 'one'} with npx temoin check ${own[0]}`;
  if (sealed.length)
    return `no config to check: ${EDITABLE} is not in this folder, which holds ${sealed.join(', ')}, sealed (written by --seal, the file${sealed.length == 1 ? '' : 's'} a page loads): check ${sealed.length == 1 ? 'it' : 'one'} with npx temoin check ${sealed[0]}, or run npx temoin check in the folder of the config you write`;
  const editable = resolve(path) == resolve(STEPS_SERVED) ? EDITABLE : path;
  return `no config to check: ${said(path)} does not exist. To start (README, "For web editors", step 0): npx temoin assets ./public/temoin copies the browser files into your site and prints the tag for <head>; write your config in ${said(editable)}, apart from the files served (npx temoin scan <your site> --suggest ${said(editable)} drafts one from what your site loads); then ${sealCommand(STEPS_SERVED, editable)} checks it and writes the config the tag loads`;
}

/** Past this size, a JSON file not named temoin.config.json is taken for data: a config is a few kilobytes. */
const MAX_OTHER_CONFIG_BYTES = 1 << 20;

/** The other configs a stale seal names as possible sources, at most: more would bury the fix. */
const MAX_OTHERS_NAMED = 3;

/** The configs in the folder check runs in, as an editor finds them: their own (categories, no seal) and sealed ones. */
function configsHere(): { own: string[]; sealed: string[] } {
  const found = { own: [] as string[], sealed: [] as string[] };
  for (const name of readdirSync('.')
    .filter((n) => n.endsWith('.json'))
    .sort())
    try {
      const info = statSync(name);
      const config: unknown =
        info.isFile() && info.size <= MAX_OTHER_CONFIG_BYTES && JSON.parse(readFileSync(name, 'utf8'));
      if (!config || typeof config != 'object') continue;
      if ('seal' in config) found.sealed.push(name);
      else if (Array.isArray((config as { categories?: unknown }).categories)) found.own.push(name);
    } catch {
      // Not JSON: no config.
    }
  return found;
}

/**
 * What `--seal` would write from the config at `path` now, as a seal covers it (sealedText): null
 * when it is no editor's config (no such file, a sealed one, or JSON that is no config, such as
 * package.json), false when it cannot be sealed (unreadable, not JSON, not valid). A file named
 * temoin.config.json is the editor's whatever it holds.
 */
async function sealingNow(path: string): Promise<string | false | null> {
  const named = basename(path) == EDITABLE;
  let input: unknown;
  try {
    // A data file beside it (a package-lock.json, a site's data) is no config: never parsed whole;
    // nor is anything but a file (a pipe would never end).
    const info = named ? null : await stat(path);
    if (info && (!info.isFile() || info.size > MAX_OTHER_CONFIG_BYTES)) return null;
    input = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    return (e as NodeJS.ErrnoException).code == 'ENOENT' || !named ? null : false;
  }
  const config = input as { seal?: unknown; categories?: unknown } | null;
  if (!named && (typeof config != 'object' || !config || 'seal' in config || !Array.isArray(config.categories)))
    return null;
  const { expanded } = await validateWithDevMessages(input, SEAL_BASE);
  return expanded ? sealedText(servedForm(expanded)) : false;
}

/**
 * The editor's configs `served` may be sealed from: every config beside it and in the folder check
 * runs in, where the steps of `temoin assets` put temoin.config.json (an editor may name theirs
 * otherwise, or keep one per site).
 */
async function editablesFor(served: string): Promise<Editable[]> {
  const folders = [...new Set([dirname(resolve(served)), resolve('.')])];
  const names = await Promise.all(
    folders.map((f) =>
      readdir(f).then(
        (n) => n.sort(),
        () => [] as string[],
      ),
    ),
  );
  const paths = folders.flatMap((f, i) => names[i]!.filter((n) => n.endsWith('.json')).map((n) => join(f, n)));
  const editables: Editable[] = [];
  for (const path of paths.filter((p) => p != resolve(served))) {
    const now = await sealingNow(path);
    if (now !== null) editables.push({ path, now });
  }
  return editables;
}

/** How many of the sealed config's fields `now` (what sealing a config writes) has alike: the likeliest source first. */
function likeness(sealed: Record<string, unknown>, now: string | false): number {
  if (now === false) return -1;
  const fields = JSON.parse(now) as Record<string, unknown>;
  return Object.keys(sealed).filter((k) => JSON.stringify(sealed[k]) == JSON.stringify(fields[k])).length;
}

/**
 * A problem when `served`, a sealed config file (`sealed`, as parsed), is not what sealing any of
 * the editor's configs now would write (editablesFor), temoin.config.json among them: the page loads the config as it was when
 * sealed, not as the editor last wrote it. By content, not by file times: a `git checkout` or a
 * copy gives any file any time. The config named is the likeliest source (the most fields alike,
 * temoin.config.json on a tie, or first when it cannot be sealed), the others after it. One that cannot be sealed is named too: its
 * edits are not what the page loads either, and checking the page alone would not show its problems.
 */
export async function staleSeal(served: string, sealed: object): Promise<string[]> {
  const editables = await editablesFor(served);
  // Up to date with any: never called stale. Without a temoin.config.json, the others may be
  // configs of their own (another site's, one sealed in place): nothing says one is its source.
  if (editables.some(({ now }) => now == sealedText(sealed))) return [];
  if (!editables.some((e) => basename(e.path) == EDITABLE)) return [];
  // The steps' config that no longer seals comes first, whatever the others: it is the one to fix.
  const rank = (e: Editable) =>
    basename(e.path) == EDITABLE
      ? e.now === false
        ? Infinity
        : likeness(sealed as Record<string, unknown>, e.now) + 0.5
      : likeness(sealed as Record<string, unknown>, e.now);
  const [likeliest, ...others] = editables.sort((a, b) => rank(b) - rank(a));
  const { path, now } = likeliest!;
  const alike = (e: Editable) => likeness(sealed as Record<string, unknown>, e.now);
  // As alike as another: naming one first would have an editor seal an older config over a newer.
  if (now !== false && others.length && alike(others[0]!) == alike(likeliest!))
    return [undecided(served, editables, alike)];
  const named = others.slice(0, MAX_OTHERS_NAMED);
  const more = others.length - named.length;
  const or = named.length
    ? `; if it came from ${named.map((o) => said(o.path)).join(' or ')}, seal that one: ${named.map((o) => sealCommand(served, o.path)).join(', ')}${more ? ` (and ${more} more config${more == 1 ? '' : 's'}, less alike)` : ''}`
    : '';
  return [
    now === false
      ? `${said(served)} is not what ${said(path)} says now, and ${said(path)} cannot be sealed, so the page loads the config as it was last sealed: run npx temoin check ${said(path)}, fix what it names, then seal it again with ${sealCommand(served, path)}${or}`
      : `${said(served)} is not what sealing ${said(path)} writes now (it was sealed from an earlier text of it, or from another config), so the page loads the config as it was then: seal it again with ${sealCommand(served, path)}${or}`,
  ];
}

/** A stale seal whose likeliest sources are equally alike: each, and its command, none first. */
function undecided(served: string, editables: Editable[], alike: (e: Editable) => number): string {
  const tied = editables.filter((e) => alike(e) == alike(editables[0]!));
  const top = tied.slice(0, MAX_OTHERS_NAMED + 1);
  const more = editables.length - top.length;
  return `${said(served)} is not what sealing any config here writes now, so the page loads the config as it was when sealed; ${top.map((e) => said(e.path)).join(', ')} are as alike to it: seal it again from the one it came from, ${top.map((e) => sealCommand(served, e.path)).join(' or ')}${more ? ` (and ${more} more config${more == 1 ? '' : 's'})` : ''}`;
}
