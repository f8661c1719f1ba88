// The cookie declaration's own strings, beside fr.ts and en.ts but apart from them: they come with
// its chunk, and the banner's module never carries them (nor, so, the way to replace them in
// `config.strings`). French as in fr.ts: no-break spaces before « : », apostrophes ’
// (test/ui/notice.test.ts walks these too).
import type { Language, ValidConfig } from '../../core/config.js';
import { translator, type StringKey, type Translator } from './index.js';

export const declarationStrings = {
  fr: {
    'declaration.service': 'Service',
    'declaration.choice': 'Votre choix\u00a0: {choice}',
    'declaration.undecided':
      'Vous n’avez pas encore fait de choix\u00a0: les usages facultatifs restent désactivés tant que vous ne les acceptez pas.',
    'declaration.change': 'Modifier mes choix',
    'declaration.none': 'Aucun service déclaré.',
  },
  en: {
    'declaration.service': 'Service',
    'declaration.choice': 'Your choice: {choice}',
    'declaration.undecided': 'You have not made a choice yet: optional uses stay off until you accept them.',
    'declaration.change': 'Change my choices',
    'declaration.none': 'No service declared.',
  },
} satisfies Record<Language, Record<string, string>>;

export type DeclarationKey = keyof (typeof declarationStrings)['fr'];

/** The interface's strings and the declaration's, as one translator. */
export interface DeclarationTranslator {
  readonly lang: Language;
  (key: StringKey | DeclarationKey, values?: Record<string, string | number>): string;
  text: Translator['text'];
  list: Translator['list'];
}

/** The interface's translator (with the config's replacements), and the declaration's strings. */
export function declarationTranslator(config: ValidConfig, lang: Language): DeclarationTranslator {
  const t = translator(config, lang);
  const own: Record<string, string> = declarationStrings[lang];
  return Object.assign(
    (key: StringKey | DeclarationKey, values: Record<string, string | number> = {}) =>
      key in own
        ? own[key]!.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''))
        : t(key as StringKey, values),
    // eslint-disable-next-line @typescript-eslint/unbound-method -- arrow functions (index.ts)
    { lang, text: t.text, list: t.list },
  );
}
