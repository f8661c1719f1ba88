// Any language: the page's picks the strings, each language's strings are a chunk of their own that
// only its pages download, every pack says everything, and a language with no pack speaks from the
// config's `strings`.
import { expect } from 'chai';
import { localize, normalizeConfig, type TemoinConfig } from '../../src/core/config.js';
import { manageLabel, resolveLanguage } from '../../src/core/language.js';
import { consentIdStrings } from '../../src/ui/i18n/consent-id.js';
import { de } from '../../src/ui/i18n/de.js';
import { date } from '../../src/ui/i18n/dates.js';
import { declarationStrings } from '../../src/ui/i18n/declaration.js';
import { en } from '../../src/ui/i18n/en.js';
import { es } from '../../src/ui/i18n/es.js';
import { fr, type Strings } from '../../src/ui/i18n/fr.js';
import { DETAILS, PACKS, translator } from '../../src/ui/i18n/index.js';
import { de as deDetails } from '../../src/ui/i18n/details/de.js';
import { en as enDetails } from '../../src/ui/i18n/details/en.js';
import { es as esDetails } from '../../src/ui/i18n/details/es.js';
import { fr as frDetails, type DetailStrings } from '../../src/ui/i18n/details/fr.js';
import { it as itDetails } from '../../src/ui/i18n/details/it.js';
import { nl as nlDetails } from '../../src/ui/i18n/details/nl.js';
import { pt as ptDetails } from '../../src/ui/i18n/details/pt.js';
import { it as italian } from '../../src/ui/i18n/it.js';
import { nl } from '../../src/ui/i18n/nl.js';
import { notice } from '../../src/ui/i18n/notice.js';
import { pt } from '../../src/ui/i18n/pt.js';
import { receiptStrings } from '../../src/ui/i18n/receipt-document.js';
import type { Table } from '../../src/ui/i18n/table.js';
import { cleanOrigin, until, type Fixture } from '../support/fixture.js';
import { banner, bannerShown, openUI, part, preferences, preferencesShown } from '../support/ui.js';

const STRINGS: Record<string, Strings> = { fr, en, es, de, it: italian, pt, nl };
/** The preference center's strings, a chunk per language of their own. */
const DETAILED: Record<string, DetailStrings> = {
  fr: frDetails,
  en: enDetails,
  es: esDetails,
  de: deDetails,
  it: itDetails,
  pt: ptDetails,
  nl: nlDetails,
};
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('language packs', () => {
  it('are the languages the core speaks, each loaded by its own import', async () => {
    expect(Object.keys(PACKS)).to.deep.equal(Object.keys(manageLabel));
    expect(Object.keys(STRINGS)).to.deep.equal(Object.keys(manageLabel));
    for (const [lang, load] of Object.entries(PACKS)) expect(await load(), lang).to.equal(STRINGS[lang]);
    expect(Object.keys(DETAILS)).to.deep.equal(Object.keys(manageLabel));
    for (const [lang, load] of Object.entries(DETAILS)) expect(await load(), lang).to.equal(DETAILED[lang]);
  });

  for (const [lang, strings] of Object.entries(DETAILED)) {
    it(`give the preference center's every string, with its placeholders (${lang})`, () => {
      expect(Object.keys(strings).sort(), lang).to.deep.equal(Object.keys(frDetails).sort());
      for (const [key, text] of Object.entries(strings)) {
        expect(text.trim(), `${lang}.${key}`).not.to.equal('');
        expect(text, `${lang}.${key}`).not.to.match(/\s{2}|^\s|\s$|'/);
        expect(placeholders(text), `${lang}.${key}: ${text}`).to.deep.equal(
          placeholders(frDetails[key as keyof DetailStrings]),
        );
      }
    });
  }

  for (const [lang, strings] of Object.entries(STRINGS)) {
    it(`give every string, with its placeholders, and the core's manage label (${lang})`, () => {
      expect(Object.keys(strings).sort(), lang).to.deep.equal(Object.keys(fr).sort());
      for (const [key, text] of Object.entries(strings)) {
        expect(text.trim(), `${lang}.${key}`).not.to.equal('');
        expect(text, `${lang}.${key}`).not.to.match(/\s{2}|^\s|\s$|'/);
        expect(placeholders(text), `${lang}.${key}: ${text}`).to.deep.equal(placeholders(fr[key as keyof Strings]));
      }
      expect(strings.manage).to.equal(manageLabel[lang]);
    });
  }
});

/** The strings that lazily loaded parts keep for themselves (i18n/table.ts), outside the packs. */
const TABLES: Record<string, Table<string>> = {
  declaration: declarationStrings,
  'consent id': consentIdStrings,
  receipt: receiptStrings,
};

describe('the lazy parts’ own strings', () => {
  for (const [name, table] of Object.entries(TABLES)) {
    it(`are in every pack’s language, each string with its placeholders (${name})`, () => {
      expect(Object.keys(table), name).to.deep.equal(Object.keys(manageLabel));
      for (const [lang, strings] of Object.entries(table)) {
        expect(Object.keys(strings).sort(), `${name}.${lang}`).to.deep.equal(Object.keys(table.fr).sort());
        for (const [key, text] of Object.entries(strings)) {
          expect(text.trim(), `${name}.${lang}.${key}`).not.to.equal('');
          expect(text, `${name}.${lang}.${key}`).not.to.match(/\s{2}|^\s|\s$|'/);
          expect(placeholders(text), `${name}.${lang}.${key}: ${text}`).to.deep.equal(placeholders(table.fr[key]!));
        }
      }
    });
  }
});

const necessary = { id: 'necessary', required: true, title: 'Necessary' };
const category = (id: string, data: string[], consentMode: string[] = []) => ({
  id,
  title: id,
  consentMode,
  services: [{ id: `${id}-s`, name: id, provider: id, purpose: 'x', data, hostedOutsideQuebec: false }],
});
const configOf = (categories: object[]) => normalizeConfig({ revision: 1, categories } as unknown as TemoinConfig);
const THREE = configOf([
  necessary,
  category('analytics', ['ip-address', 'pages-viewed', 'device'], ['analytics_storage']),
  category('marketing', ['identifier', 'cross-site-activity', 'location'], ['ad_storage']),
  category('media', ['ip-address', 'browser', 'precise-location']),
]);
const FIVE = configOf([
  ...THREE.categories,
  category('functional', ['content-preferences'], ['functionality_storage']),
  category('chat', ['contact-details', 'interactions']),
]);

describe('the banner sentence in each pack', () => {
  // Read by someone who speaks the language: each pack brings the articles, prepositions and
  // cases its sentence needs.
  const expected: Record<string, string> = {
    es:
      'Con su consentimiento, para la medición de audiencia, la publicidad y los contenidos integrados, recopilamos ' +
      'información sobre su dispositivo, lo que consulta, su ubicación precisa y su actividad en otros sitios.',
    de:
      'Mit Ihrer Einwilligung erheben wir für Reichweitenmessung, Werbung und eingebettete Inhalte Informationen über ' +
      'Ihr Gerät, Ihre Seitenaufrufe, Ihren genauen Standort und Ihre Aktivität auf anderen Websites.',
    it:
      'Se acconsenti, per la misurazione dell’audience, la pubblicità e i contenuti incorporati, raccogliamo ' +
      'informazioni sul tuo dispositivo, sulla tua navigazione, sulla tua posizione precisa e sulla tua attività su altri siti.',
    pt:
      'Com o seu consentimento, para a medição de audiência, a publicidade e os conteúdos incorporados, coletamos ' +
      'informações sobre seu dispositivo, sua navegação, sua localização precisa e sua atividade em outros sites.',
    nl:
      'Met uw toestemming verzamelen wij, voor bezoekersstatistieken, advertenties en ingesloten inhoud, gegevens over ' +
      'uw apparaat, wat u bekijkt, uw exacte locatie en uw activiteit op andere websites.',
  };
  for (const [lang, sentence] of Object.entries(expected)) {
    it(`reads naturally, grouped, with what the language needs (${lang})`, () => {
      const t = translator(THREE, lang, STRINGS[lang]!);
      expect(notice(THREE.categories, t)).to.equal(`${sentence} ${STRINGS[lang]!.bannerText.split('{outside} ')[1]}`);
      const analytics = category('analytics', ['ip-address'], ['analytics_storage']);
      const abroad = configOf([
        necessary,
        { ...analytics, services: [{ ...analytics.services[0]!, hostedOutsideQuebec: true }] },
      ]);
      expect(notice(abroad.categories, t), 'data that may leave Québec').to.contain(
        `. ${STRINGS[lang]!.bannerOutside} `,
      );
      // Five purposes: three and "others", one list each, 40 words at most.
      const five = notice(FIVE.categories, t);
      const first = five.slice(0, five.indexOf('.') + 1);
      expect(first.split(/\s+/).length, first).to.be.at.most(40);
      expect(first, 'no list inside a list').not.to.match(new RegExp(`\\b${t('and')}\\b[^,.]*\\b${t('and')}\\b`));
      expect(first).to.contain(STRINGS[lang]!.purposesMore);
    });
  }
});

describe('words and hours', () => {
  it('writes an hour in French as Québec does, 5 h 01 with no-break spaces, and each other language with its own clock', () => {
    const morning = new Date(2026, 0, 5, 5, 1, 9).getTime();
    const said = (lang: string, style?: 'medium') => date(translator(THREE, lang, STRINGS[lang]!), morning, style);
    expect(said('fr')).to.equal('5 janvier 2026 à 5\u00a0h\u00a001');
    expect(said('fr', 'medium')).to.equal('5 janvier 2026 à 5\u00a0h\u00a001\u00a0min\u00a009\u00a0s');
    expect(date(translator(THREE, 'fr', fr), morning + 12 * 3600e3)).to.equal('5 janvier 2026 à 17\u00a0h\u00a001');
    expect(date(translator(THREE, 'fr', fr), morning - 4.5 * 3600e3)).to.equal('5 janvier 2026 à 0\u00a0h\u00a031');
    expect(said('en')).to.equal('January 5, 2026 at 5:01 AM');
    expect(said('es')).to.equal('5 de enero de 2026 a las 5:01');
  });

  it('names a place one way in French: « position », in the banner, the placeholders and the preference center', () => {
    expect(fr['data.location']).to.equal(fr['group.location']);
    expect(fr['data.precise-location']).to.equal(fr['group.precise-location']);
    expect(Object.values({ ...fr, ...frDetails }).join(' ')).not.to.contain('emplacement');
  });

  it('says in French what a blocked embed would collect without a dangling participle', () => {
    expect(fr.placeholderData).to.equal('S’il est chargé, il pourrait recueillir des renseignements sur {data}.');
  });
});

describe('picking the language', () => {
  const page = document.documentElement;
  const lang = page.lang;
  after(() => (page.lang = lang));
  const pick = (htmlLang: string, config: Partial<TemoinConfig> = {}) => {
    page.lang = htmlLang;
    return resolveLanguage(config);
  };

  it('takes the page’s by its longest known part, then the config’s default, then English', () => {
    expect(pick('fr-CA')).to.equal('fr');
    expect(pick('FR')).to.equal('fr');
    expect(pick('es-MX')).to.equal('es');
    expect(pick('de-CH', { lang: 'fr' })).to.equal('de');
    expect(pick('pt-BR', { strings: { 'pt-BR': { acceptAll: 'Aceitar' } } })).to.equal('pt-BR');
    expect(pick('pt-PT', { strings: { 'pt-BR': { acceptAll: 'Aceitar' } } })).to.equal('pt');
    expect(pick('sv-SE', { strings: { sv: {} } })).to.equal('sv');
    expect(pick('sv', { lang: 'fr' })).to.equal('fr');
    expect(pick('', { lang: 'es' })).to.equal('es');
    expect(pick('sv', { lang: 'auto' })).to.equal('en');
    expect(pick('')).to.equal('en');
  });

  it('picks config texts by language, its primary language, English, else the first', () => {
    const text = { fr: 'Publicité', en: 'Advertising', pt: 'Publicidade', 'pt-BR': 'Propaganda' };
    expect(localize(text, 'pt-BR')).to.equal('Propaganda');
    expect(localize(text, 'pt-PT')).to.equal('Publicidade');
    expect(localize(text, 'fr-CA')).to.equal('Publicité');
    expect(localize(text, 'de')).to.equal('Advertising');
    expect(localize({ fr: 'Publicité', de: 'Werbung' }, 'es')).to.equal('Publicité');
    expect(localize('Ads', 'es')).to.equal('Ads');
  });
});

/** The files the page fetched from our server's dist/, with their text. */
async function fetched(f: Fixture): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of f.win.performance.getEntriesByType('resource')) {
    const url = new URL(entry.name);
    if (!url.pathname.startsWith('/dist/')) continue;
    // As the browser read it: the test server writes non-ASCII characters as escapes (\xED).
    const text = (await (await fetch(url)).text()).replace(
      /\\(?:u\{([0-9a-f]+)\}|u([0-9a-f]{4})|x([0-9a-f]{2}))/gi,
      (_, ...hex: (string | undefined)[]) => String.fromCodePoint(parseInt(hex.slice(0, 3).find(Boolean)!, 16)),
    );
    files.set(url.pathname, text);
  }
  return files;
}

/**
 * What one language's strings are, as a bundle holds them: its texts of more than one word (a
 * single word, "refused", may also name something in code) that no other pack shares. The manage
 * label is left out: the core holds every language's, for the button it shows without the UI.
 */
const own = (lang: string) =>
  Object.entries(STRINGS[lang]!)
    .filter(([key]) => key != 'manage')
    .map(([, text]) => text)
    .filter(
      (text) =>
        text.includes(' ') &&
        Object.entries(STRINGS).every(([other, s]) => other == lang || !Object.values(s).includes(text)),
    );
const containing = (files: Map<string, string>, texts: string[]) =>
  [...files].flatMap(([file, body]) => texts.filter((text) => body.includes(text)).map((text) => `${file}: ${text}`));

describe('a page downloads its language’s strings only', () => {
  beforeEach(cleanOrigin);

  it('a Spanish page: no byte of French or English strings', async () => {
    const f = await openUI({ lang: 'es' });
    await bannerShown(f);
    expect(part(banner(f), '#title').textContent).to.equal(es.bannerTitle);
    const files = await fetched(f);
    expect([...files.keys()]).to.include.members(['/dist/temoin.js', '/dist/temoin-ui.js', '/dist/temoin-ui-es.js']);
    expect([...files.keys()].filter((file) => /temoin-ui-(fr|en)\b/.test(file))).to.deep.equal([]);
    const body = files.get('/dist/temoin-ui-es.js')!;
    expect(
      own('es').filter((text) => !body.includes(text)),
      'the Spanish strings, where they are',
    ).to.deep.equal([]);
    expect(containing(files, [...own('fr'), ...own('en')])).to.deep.equal([]);
  });

  it('a French page: its strings, fetched with the UI and not after it, and no other language’s', async () => {
    const f = await openUI();
    await bannerShown(f);
    const entries = f.win.performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    const ui = entries.find((e) => e.name.endsWith('/dist/temoin-ui.js'))!;
    const strings = entries.find((e) => e.name.endsWith('/dist/temoin-ui-fr.js'))!;
    expect(strings.startTime, 'requested before the UI arrived').to.be.at.most(ui.responseEnd);
    const files = await fetched(f);
    expect([...files.keys()].filter((file) => /temoin-ui-[a-z]{2}\.js/.test(file))).to.deep.equal([
      '/dist/temoin-ui-fr.js',
    ]);
    const others = Object.keys(STRINGS)
      .filter((lang) => lang != 'fr')
      .flatMap(own);
    expect(containing(files, others)).to.deep.equal([]);
    expect(containing(files, own('fr')).length).to.equal(own('fr').length);
  });

  it('a language with no pack: the config’s strings, English for the rest, and its tag', async () => {
    const f = await openUI({ lang: 'sv-SE', config: { strings: { sv: { acceptAll: 'Godkänn alla' } } } });
    const region = await bannerShown(f);
    expect(part(banner(f), '[part~="accept"]').textContent.trim()).to.equal('Godkänn alla');
    expect(part(banner(f), '[part~="reject"]').textContent.trim()).to.equal(en.rejectAll);
    expect(region.getAttribute('lang')).to.equal('sv');
    const files = [...(await fetched(f)).keys()].filter((file) => /temoin-ui-[a-z]{2}\.js/.test(file));
    expect(files).to.deep.equal(['/dist/temoin-ui-en.js']);
  });

  it('the preference center’s strings: a second pack, fetched when it opens, which the config’s strings still replace', async () => {
    const strings = { fr: { preferencesTitle: 'Mes réglages', acceptAll: 'J’accepte', rejectAl: 'Non' } };
    const f = await openUI({ config: { strings } });
    await bannerShown(f);
    // Overrides are checked against every string: the second pack comes at once for them.
    await until(() => f.win.__warnings.length, 'the unknown key’s warning');
    expect(f.win.__warnings).to.deep.equal(['temoin: strings.fr.rejectAl is not a string of the interface']);
    expect([...(await fetched(f)).keys()].filter((file) => file.includes('details'))).to.deep.equal([
      '/dist/temoin-ui-fr-details.js',
    ]);
    await f.win.temoin.showPreferences();
    await preferencesShown(f);
    expect(part(preferences(f), '#title').textContent).to.equal('Mes réglages');
    expect(part(preferences(f), '[part~="save"]').textContent.trim()).to.equal(frDetails.save);
  });

  it('a page without overrides fetches the second pack only when the preference center opens', async () => {
    const f = await openUI({ lang: 'en' });
    await bannerShown(f);
    await f.win.temoin.ready;
    const details = async () => [...(await fetched(f)).keys()].filter((file) => file.includes('details'));
    expect(await details(), 'with the banner').to.deep.equal([]);
    await f.win.temoin.showPreferences();
    await preferencesShown(f);
    expect(part(preferences(f), '#title').textContent).to.equal(enDetails.preferencesTitle);
    expect(await details(), 'with the preference center').to.deep.equal(['/dist/temoin-ui-en-details.js']);
  });

  it('a Spanish page’s preference center switches to French and back, each named in itself', async () => {
    const f = await openUI({ lang: 'es' });
    await bannerShown(f);
    await f.win.temoin.showPreferences();
    await preferencesShown(f);
    const title = () => part(preferences(f), '#title').textContent;
    const language = () => part(preferences(f), '[part="language"]');
    expect(title()).to.equal(esDetails.preferencesTitle);
    expect([language().textContent, language().getAttribute('lang')]).to.deep.equal(['Français', 'fr']);
    language().click();
    await until(() => title() == frDetails.preferencesTitle, 'French');
    expect([language().textContent, language().getAttribute('lang')]).to.deep.equal(['Español', 'es']);
    language().click();
    await until(() => title() == esDetails.preferencesTitle, 'Spanish again');
  });
});
