// `temoin declaration <config.json> [--lang fr|en] [--format html|md]`: the cookie declaration as
// static HTML or Markdown, for a cookie policy page written without the <temoin-declaration>
// element. Exit 0 with the declaration on stdout; 1 when the config is invalid, 2 when it cannot
// be read: then nothing is printed on stdout.
import { InvalidArgumentError, Option, type Command } from 'commander';

const choice =
  <T extends string>(values: readonly T[]) =>
  (value: string): T => {
    if (!(values as readonly string[]).includes(value))
      throw new InvalidArgumentError(`expected ${values.join(' or ')}, got "${value}"`);
    return value as T;
  };

export function declarationCommand(cli: Command): void {
  const command = cli
    .command('declaration')
    .argument('<config>', 'the config file (.json)')
    .description(
      "Prints the cookie declaration of a config (every category and service, each cookie's name and lifetime) as HTML or Markdown, for the site's cookie policy page.",
    )
    .addOption(
      new Option(
        '--lang <lang>',
        "the declaration's language: fr or en (default: the config's lang, else fr)",
      ).argParser(choice(['fr', 'en'] as const)),
    )
    .addOption(
      new Option('--format <format>', 'html (a <section> to paste into a page) or md (Markdown tables)')
        .argParser(choice(['html', 'md'] as const))
        .default('html'),
    )
    .action(async (path: string, o: { lang?: 'fr' | 'en'; format: 'html' | 'md' }) => {
      // Loaded on use, like `temoin check`: the collector never loads the validator. check.js first:
      // it sets DEV_MODE, which the SDK's modules read as they load.
      const { readConfigFile } = await import('../../check/check.js');
      const [{ declarationTranslator }, { declarationHtml, declarationMarkdown }] = await Promise.all([
        import('../../ui/i18n/declaration.js'),
        import('../../ui/declaration/static.js'),
      ]);
      const { config, problems } = await readConfigFile(path);
      if (!config) {
        console.error(`temoin: ${path} is not a valid config; no declaration printed:`);
        for (const problem of problems) console.error(`  ✗ ${problem}`);
        console.error('npx temoin check gives the same problems with their fixes.');
        process.exitCode = 1;
        return;
      }
      const t = declarationTranslator(config, o.lang ?? (config.lang == 'en' ? 'en' : 'fr'));
      process.stdout.write(o.format == 'md' ? declarationMarkdown(config, t) : declarationHtml(config, t));
    });
  command.addHelpText(
    'after',
    "\nOn the page itself, <temoin-declaration></temoin-declaration> draws the same tables with the visitor's choice.\nExit 0 with the declaration on stdout; 1 when the config is invalid (its problems on stderr), 2 when it cannot be read.",
  );
  // A wrong flag is "could not print" (2), like an unreadable file, never "invalid config" (1).
  command.exitOverride((e) => process.exit(e.exitCode === 0 ? 0 : 2));
}
