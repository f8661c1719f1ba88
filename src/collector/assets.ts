// `temoin assets <folder>`: copies the browser files a site serves, so an editor who does not use
// npm in the site's build still gets them from the package, never from a clone.
import { copyFile, mkdir, readdir } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** dist/, beside the compiled CLI (dist/node/src/collector). */
const DIST = fileURLToPath(new URL('../../../', import.meta.url));

/** The classic-script build and the chunks it loads from beside itself; not ES modules, not maps. */
const isBrowserFile = (name: string) => /^temoin[\w.-]*\.js$/.test(name);

/** The config's JSON Schema, copied beside the files so a config can say `"$schema": "./config.schema.json"`. */
const CONFIG_SCHEMA = fileURLToPath(new URL('../../../../src/core/config.schema.json', import.meta.url));

/** Copies the browser files and the config's schema into `folder` (made if missing); returns their names. */
export async function copyAssets(folder: string): Promise<string[]> {
  let names: string[];
  try {
    names = (await readdir(DIST)).filter(isBrowserFile).sort();
  } catch {
    names = [];
  }
  if (!names.includes('temoin.js')) throw new Error(`the browser files are not built in ${DIST}: run npm run build`);
  await mkdir(folder, { recursive: true });
  for (const name of names) await copyFile(join(DIST, name), join(folder, name));
  await copyFile(CONFIG_SCHEMA, join(folder, 'config.schema.json'));
  return [...names, 'config.schema.json'];
}

/**
 * The URL path a site likely serves `folder` at: relative to the current folder, less a web root
 * such as public/ (`./public/temoin` → `/temoin`); a guess to adjust, `/temoin` when there is none.
 */
export function servedPath(folder: string, cwd = process.cwd()): string {
  const path = relative(cwd, resolve(cwd, folder)).split(sep).join('/');
  if (path.startsWith('..') || isAbsolute(path)) return '/temoin';
  const served = path.replace(/^(public|static|www|htdocs|dist|build)(\/|$)/, '');
  return served ? '/' + served : '';
}
