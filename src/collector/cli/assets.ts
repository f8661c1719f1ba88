// `temoin assets <folder>`: the browser files copied into a site, and the tag to put in <head>.
import { isAbsolute, join, relative, sep } from 'node:path';
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
      console.error(
        `temoin: copied ${names.length} files to ${folder}:\n${names.map((name) => `  ${name}`).join('\n')}`,
      );
      // A config sealed for the files this replaced: still taken, but validated on every first visit.
      const { staleSeals } = await import('../../check/seal.js');
      for (const file of await staleSeals(folder)) {
        console.error(
          `temoin: ${file} has a seal these files do not take (another text, or an earlier release), so first visits validate it again; seal it again: npx temoin check <your config> --seal ${file}`,
        );
      }
      // The config the editor writes stays apart from the one the tag loads, which --seal writes
      // (and will not write over a config that names templates).
      const served = join(folder, 'config.json');
      const schema = relative('.', join(folder, 'config.schema.json')).split(sep).join('/');
      const schemaRef = schema.startsWith('.') || isAbsolute(schema) ? schema : `./${schema}`;
      console.log(
        `Put this first in <head>, with the folder served at ${url || '/'} (adjust the path if it is served elsewhere):\n`,
      );
      console.log(`  <script src="${url}/temoin.js" data-config="${url}/config.json"></script>\n`);
      console.log(
        `Write your config in temoin.config.json, here, not in ${folder} ("$schema": "${schemaRef}" lets your editor complete and check it). Then`,
      );
      console.log(`\n  npx temoin check temoin.config.json --seal ${served}\n`);
      console.log(
        'checks it and, when it has no problem, writes the config.json the tag loads, sealed: first visits then skip the validator. Run it again after each change and each update.',
      );
      console.log(
        'While you write your pages, temoin.dev.js in place of temoin.js gives full messages in the console.',
      );
    });
}
