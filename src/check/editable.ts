// The config an editor writes apart, in the folder `temoin assets` ran in, and the file a page
// loads, sealed from it by `temoin check … --seal`: said from the editor's folder.
import { stat } from 'node:fs/promises';
import { relative } from 'node:path';

/** Where `temoin assets` tells the editor to write their config, in the folder it ran in. */
export const EDITABLE = 'temoin.config.json';

/** The command that seals the editor's config into `served`, a path. */
export const sealCommand = (served: string) => `npx temoin check ${EDITABLE} --seal ${relative('.', served) || served}`;

/**
 * A problem when `served`, a sealed config file, is older than the editor's config: the page loads
 * the config as it was when sealed, not as the editor last wrote it.
 */
export async function staleSeal(served: string): Promise<string[]> {
  const [source, sealed] = await Promise.all([stat(EDITABLE).catch(() => null), stat(served).catch(() => null)]);
  if (!source || !sealed || relative(EDITABLE, served) == '' || source.mtimeMs <= sealed.mtimeMs) return [];
  return [
    `${relative('.', served)} was sealed before ${EDITABLE} last changed, so the page loads the config as it was then: seal it again with ${sealCommand(served)}`,
  ];
}
