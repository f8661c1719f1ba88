// `temoin check <config.json | page.html | https://…>`: the config checked as the browser's
// development build checks it, and a page's marked markup against it. Exit 0 when all is right,
// 1 with the problems, 2 when the target cannot be read.
import type { Command } from 'commander';

export function checkCommand(cli: Command): void {
  const command = cli
    .command('check')
    .argument('[target]', "a config file (.json), a page's HTML file, or a page URL (default: ./temoin.config.json)")
    .description(
      'Checks a Témoin config, or a page: its config, the categories and services its markup names, unmarked trackers, and that the Témoin script comes first in <head>.',
    )
    .option(
      '--root <folder>',
      'for an HTML file: the folder its root-relative URLs (/temoin/config.json) are read from (default: its own folder)',
    )
    .option(
      '--origin <url>',
      "the site's address (https://www.ville.example): its URLs are the page's own, never held nor named (default: for an HTML file, its <link rel=\"canonical\">, og:url or <base href>; for a URL, the page's)",
    )
    .option(
      '--seal <file>',
      'for a config file: when it has no problem, write it to <file> with its templates expanded and a seal, so that the production script starts without downloading the validator',
    )
    .option('--json', 'print the result as JSON')
    .action(async (given: string | undefined, o: { root?: string; origin?: string; json?: boolean; seal?: string }) => {
      // Loaded on use: the collector never loads the validator or the HTML parser.
      const { check, CheckError, DEFAULT_TARGET, sealConfigFile } = await import('../../check/check.js');
      const target = given ?? DEFAULT_TARGET;
      // An empty --origin (a script's unset variable) is refused as any other that is no address.
      const forPage = o.root ? '--root' : o.origin !== undefined ? '--origin' : null;
      if (o.seal && forPage)
        throw new CheckError(`${forPage} is for an HTML page, and --seal takes a config file: use one`);
      const report = o.seal
        ? await sealConfigFile(target, o.seal)
        : await check(target, {
            ...(o.root ? { root: o.root } : {}),
            ...(o.origin !== undefined ? { origin: o.origin } : {}),
          });
      if (o.json) {
        console.log(JSON.stringify({ ...report, ok: !report.problems.length }));
      } else {
        console.log(`temoin check ${report.target}`);
        for (const note of report.notes) console.log(`  ${note}`);
        for (const problem of report.problems) console.log(`  ✗ ${problem}`);
        console.log(
          report.problems.length
            ? `${report.problems.length} problem${report.problems.length > 1 ? 's' : ''}`
            : '✓ no problem found',
        );
      }
      process.exitCode = report.problems.length ? 1 : 0;
    });
  // A wrong flag is "could not check" (2), never "problems found" (1).
  command.exitOverride((e) => process.exit(e.exitCode === 0 ? 0 : 2));
}
