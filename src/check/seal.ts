// The seal `temoin check config.json --seal sealed.json` writes (src/core/config-seal.ts): the
// fingerprint of a valid config, its templates expanded, under the validation sources of this
// package's browser files, so that their production script starts with it without validating.
import './dev-mode.js';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sealedText } from '../core/config-seal.js';
import { fingerprint } from '../core/config-trust.js';

/** Written by the build beside the browser files (dist/, above dist/node/src/check). */
const VERSION_FILE = new URL('../../../check-version.json', import.meta.url);

/** The hash of the validation sources the package's browser files were built with. */
export async function checkVersion(): Promise<string> {
  try {
    return (JSON.parse(await readFile(VERSION_FILE, 'utf8')) as { checkVersion: string }).checkVersion;
  } catch {
    throw new Error(
      `cannot seal: ${VERSION_FILE.pathname} is missing beside the browser files; install temoin again (in a clone of Témoin: npm run build)`,
    );
  }
}

/**
 * Where `--seal` resolves a config's relative URLs: a site address longer than most (about 200
 * characters), so that the receipt-size and URL-length checks, which the browser then skips, hold
 * on any site the sealed config is served from.
 */
export const SEAL_BASE = `https://${'long-site-name.'.repeat(12)}example/`;

/** The config `--seal` serves from a valid config's expanded form: without the editor's "$schema", a path from the file written. */
export function servedForm(expanded: object): object {
  const { $schema: _, ...served } = expanded as { $schema?: unknown };
  return served;
}

/** The config's text with a seal of its own: what the sealed file holds. */
export function sealed(config: object, version: string): string {
  const { seal: _, ...rest } = config as { seal?: unknown };
  return JSON.stringify({ ...rest, seal: fingerprint(sealedText(rest), version) }, null, 2) + '\n';
}

/** Whether a config's seal matches its text under `version`. */
export const sealMatches = (config: { seal?: unknown }, version: string): boolean =>
  typeof config.seal == 'string' && config.seal == fingerprint(sealedText(config), version);

/**
 * The JSON files in `folder` whose seal these browser files do not take (a config edited, or sealed
 * for another release): `temoin assets` names them after an update.
 */
export async function staleSeals(folder: string): Promise<string[]> {
  const version = await checkVersion();
  const stale: string[] = [];
  for (const name of (await readdir(folder)).filter((n) => n.endsWith('.json')).sort()) {
    let config: unknown;
    try {
      config = JSON.parse(await readFile(join(folder, name), 'utf8'));
    } catch {
      continue; // Not JSON, or not readable: not a sealed config.
    }
    const sealedConfig = config as { seal?: unknown } | null;
    if (typeof sealedConfig?.seal == 'string' && !sealMatches(sealedConfig, version)) stale.push(join(folder, name));
  }
  return stale;
}
