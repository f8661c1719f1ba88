// `temoin assets <folder>`: the browser files copied into a site, and the tag to put in <head>.
import type { Command } from 'commander';

export function assetsCommand(cli: Command): void {
  cli
    .command('assets')
    .argument('<folder>', 'where the site serves them from, e.g. ./public/temoin')
    .description('Copies the browser files into a folder of your site and prints the tag to put first in <head>.')
    .action(async (folder: string) => {
      // Loaded on use, as every command's work: the other commands and --help never load it.
      const { copyAssets, servedPath } = await import('../assets.js');
      const names = await copyAssets(folder);
      const url = servedPath(folder);
      console.error(`temoin: copied ${names.length} files to ${folder}: ${names.join(', ')}`);
      // A config sealed for the files this replaced: still taken, but validated on every first visit.
      const { staleSeals } = await import('../../check/seal.js');
      for (const file of await staleSeals(folder)) {
        console.error(
          `temoin: ${file} has a seal these files do not take (another text, or an earlier release), so first visits validate it again; seal it again: npx temoin check <your config> --seal ${file}`,
        );
      }
      console.log(
        `Put this first in <head>, with the folder served at ${url || '/'} (adjust the path if it is served elsewhere):\n`,
      );
      console.log(`  <script src="${url}/temoin.js" data-config="${url}/config.json"></script>\n`);
      console.log(
        'Write config.json beside them ("$schema": "./config.schema.json" lets your editor complete and check it).',
      );
      console.log(
        'While you write it, temoin.dev.js gives full error messages in the console; npx temoin check config.json gives them here.',
      );
      console.log(
        'Before you publish, npx temoin check <your config> --seal <the config you serve> writes it sealed: first visits then skip the validator. Seal again after each change and each update.',
      );
    });
}
