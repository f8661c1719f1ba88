// `temoin declaration <config.json> [--lang <tag>] [--format html|md]`: the cookie declaration as
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

/** A BCP 47 tag as a config's `lang` takes it (`fr`, `pt-BR`). */
function languageTag(value: string): string {
  if (!/^[a-z]{2,3}(-[a-z0-9]{1,8})*$/i.test(value))
    throw new InvalidArgumentError(`expected a language tag (fr, en, pt-BR…), got "${value}"`);
  return value;
}

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
        "the declaration's language, a tag read as a page's lang is (fr-CA in French; one with neither a pack nor the config's strings in the config's lang, else English); default: the config's lang, else fr",
      ).argParser(languageTag),
    )
    .addOption(
      new Option('--format <format>', 'html (a <section> to paste into a page) or md (Markdown tables)')
        .argParser(choice(['html', 'md'] as const))
        .default('html'),
    )
    .action(async (path: string, o: { lang?: string; format: 'html' | 'md' }) => {
      // Loaded on use, like `temoin check`: the collector never loads the validator. check.js first:
      // it sets DEV_MODE, which the SDK's modules read as they load.
      const { readConfigFile } = await import('../../check/check.js');
      const [
        { declarationTranslator },
        { loadStrings },
        { resolveLanguage },
        { declarationHtml, declarationMarkdown },
      ] = await Promise.all([
        import('../../ui/i18n/declaration.js'),
        import('../../ui/i18n/index.js'),
        import('../../core/language.js'),
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
      const lang = o.lang ? resolveLanguage(config, o.lang) : config.lang != 'auto' ? config.lang : 'fr';
      const t = declarationTranslator(config, lang, await loadStrings(lang));
      process.stdout.write(o.format == 'md' ? declarationMarkdown(config, t) : declarationHtml(config, t));
    });
  command.addHelpText(
    'after',
    "\nOn the page itself, <temoin-declaration></temoin-declaration> draws the same tables with the visitor's choice.\nExit 0 with the declaration on stdout; 1 when the config is invalid (its problems on stderr), 2 when it cannot be read.",
  );
  // A wrong flag is "could not print" (2), like an unreadable file, never "invalid config" (1).
  command.exitOverride((e) => process.exit(e.exitCode === 0 ? 0 : 2));
}
