// The cookie declaration's own strings, beside the packs but apart from them: they come with its
// chunk, in every pack's language (table.ts), and neither the banner's module nor a pack carries
// them (nor, so, the way to replace them in `config.strings`). French as in fr.ts: no-break spaces
// before « : », apostrophes ’ (test/ui/notice.test.ts walks these too).
import type { Language, ValidConfig } from '../../core/config.js';
import { translator, type StringKey, type Strings, type Translator } from './index.js';
import { table, type Table } from './table.js';

const fr = {
  'declaration.service': 'Service',
  'declaration.choice': 'Votre choix\u00a0: {choice}',
  'declaration.undecided':
    'Vous n’avez pas encore fait de choix\u00a0: les usages facultatifs restent désactivés tant que vous ne les acceptez pas.',
  'declaration.change': 'Modifier mes choix',
  'declaration.none': 'Aucun service déclaré.',
};

export type DeclarationKey = keyof typeof fr;

export const declarationStrings: Table<DeclarationKey> = {
  fr,
  en: {
    'declaration.service': 'Service',
    'declaration.choice': 'Your choice: {choice}',
    'declaration.undecided': 'You have not made a choice yet: optional uses stay off until you accept them.',
    'declaration.change': 'Change my choices',
    'declaration.none': 'No service declared.',
  },
  es: {
    'declaration.service': 'Servicio',
    'declaration.choice': 'Su elección: {choice}',
    'declaration.undecided':
      'Todavía no ha elegido: los usos opcionales permanecen desactivados hasta que usted los acepte.',
    'declaration.change': 'Cambiar mis opciones',
    'declaration.none': 'Ningún servicio declarado.',
  },
  de: {
    'declaration.service': 'Dienst',
    'declaration.choice': 'Ihre Auswahl: {choice}',
    'declaration.undecided':
      'Sie haben noch keine Auswahl getroffen: Optionale Zwecke bleiben deaktiviert, bis Sie sie akzeptieren.',
    'declaration.change': 'Auswahl ändern',
    'declaration.none': 'Kein Dienst angegeben.',
  },
  it: {
    'declaration.service': 'Servizio',
    'declaration.choice': 'La tua scelta: {choice}',
    'declaration.undecided':
      'Non hai ancora fatto una scelta: gli utilizzi facoltativi restano disattivati finché non li accetti.',
    'declaration.change': 'Modifica le mie scelte',
    'declaration.none': 'Nessun servizio dichiarato.',
  },
  pt: {
    'declaration.service': 'Serviço',
    'declaration.choice': 'Sua escolha: {choice}',
    'declaration.undecided':
      'Você ainda não fez uma escolha: os usos opcionais ficam desativados até que você os aceite.',
    'declaration.change': 'Alterar minhas escolhas',
    'declaration.none': 'Nenhum serviço declarado.',
  },
  nl: {
    'declaration.service': 'Dienst',
    'declaration.choice': 'Uw keuze: {choice}',
    'declaration.undecided':
      'U hebt nog geen keuze gemaakt: optionele doelen blijven uitgeschakeld totdat u ze accepteert.',
    'declaration.change': 'Mijn keuzes wijzigen',
    'declaration.none': 'Geen dienst opgegeven.',
  },
};

const say = table(declarationStrings);

/** The interface's strings and the declaration's, as one translator. */
export interface DeclarationTranslator {
  readonly lang: Language;
  (key: StringKey | DeclarationKey, values?: Record<string, string | number>): string;
  text: Translator['text'];
  list: Translator['list'];
}

/**
 * The interface's translator for `lang`, from its pack's strings (`base`) and the config's
 * replacements, and the declaration's strings.
 */
export function declarationTranslator(config: ValidConfig, lang: Language, base: Strings): DeclarationTranslator {
  const t = translator(config, lang, base);
  return Object.assign(
    (key: StringKey | DeclarationKey, values?: Record<string, string | number>) =>
      key in fr ? say(t, key as DeclarationKey, values) : t(key as StringKey, values),
    // eslint-disable-next-line @typescript-eslint/unbound-method -- arrow functions (index.ts)
    { lang, text: t.text, list: t.list },
  );
}
