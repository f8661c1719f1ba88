// The banner's sentence and French typography: whatever the config holds, the visitor reads one
// natural sentence (what is collected, why), with articles, and French set as French is.
import { expect } from 'chai';
import {
  DATA_KINDS,
  normalizeConfig,
  type CategoryConfig,
  type Language,
  type TemoinConfig,
} from '../../src/core/config.js';
import { manageLabel } from '../../src/core/language.js';
import { consentIdStrings } from '../../src/ui/i18n/consent-id.js';
import { declarationStrings } from '../../src/ui/i18n/declaration.js';
import { en } from '../../src/ui/i18n/en.js';
import { fr as frDetails } from '../../src/ui/i18n/details/fr.js';
import { fr } from '../../src/ui/i18n/fr.js';
import { receiptStrings } from '../../src/ui/i18n/receipt-document.js';
import { translator } from '../../src/ui/i18n/index.js';
import { notice } from '../../src/ui/i18n/notice.js';
import { frenchTypography } from '../../src/ui/i18n/typography.js';
import { cleanOrigin, until, type Fixture } from '../support/fixture.js';
import {
  banner,
  bannerShown,
  expectAccessible,
  openUI,
  part,
  preferences,
  preferencesShown,
  settled,
} from '../support/ui.js';

const service = (id: string, data: string[]) => ({
  id,
  name: id,
  provider: `${id} inc.`,
  purpose: 'x',
  data,
  hostedOutsideQuebec: false,
});
const category = (id: string, title: CategoryConfig['title'], data: string[], extra: object = {}) => ({
  id,
  title,
  services: [service(`${id}-service`, data)],
  ...extra,
});
const ALL_KINDS = [...DATA_KINDS];

const necessary = { id: 'necessary', required: true, title: { fr: 'Nécessaires', en: 'Necessary' } };
const analytics = category(
  'analytics',
  { fr: "Mesure d'audience", en: 'Analytics' },
  ['ip-address', 'pages-viewed', 'device'],
  { consentMode: ['analytics_storage'] },
);
const marketing = category(
  'marketing',
  { fr: 'Publicité', en: 'Advertising' },
  ['identifier', 'cross-site-activity', 'location'],
  { consentMode: ['ad_storage'] },
);
const media = category('media', { fr: 'Vidéos et cartes intégrées', en: 'Videos and maps' }, [
  'ip-address',
  'browser',
  'precise-location',
]);
const functional = category('functional', { fr: 'Fonctionnalités', en: 'Features' }, ['content-preferences'], {
  consentMode: ['functionality_storage'],
});
const chat = category('chat', { fr: "Clavardage d'aide : « en direct »", en: 'Help chat' }, [
  'contact-details',
  'interactions',
]);

/** Configs of 1, 2, 3 and 5 optional categories, and one whose single category collects every kind of data. */
const CONFIGS: Record<string, object[]> = {
  one: [necessary, analytics],
  two: [necessary, analytics, marketing],
  three: [necessary, analytics, marketing, media],
  five: [necessary, analytics, marketing, media, functional, chat],
  'every kind': [necessary, category('everything', 'Tout', ALL_KINDS)],
  'unknown only': [category('chat', { fr: 'Clavardage', en: 'Chat' }, [])],
};

const configOf = (categories: object[]) => normalizeConfig({ revision: 1, categories } as unknown as TemoinConfig);
const sentence = (name: string, lang: Language) => {
  const config = configOf(CONFIGS[name]!);
  return notice(config.categories, translator(config, lang, lang == 'fr' ? fr : en));
};

/** Typography faults in a French text: an ordinary space before : ; ! ? or inside « », a straight apostrophe. */
export function typographyFaults(text: string): string[] {
  const faults: string[] = [];
  if (text.includes("'")) faults.push('a straight apostrophe');
  if (/[ \t\n\r][:;!?]/.test(text)) faults.push('an ordinary space before high punctuation');
  if (/«(?![\u00a0\u202f])|(?<![\u00a0\u202f])»/.test(text)) faults.push('« » without no-break spaces inside');
  return faults.map((fault) => `${fault} in ${JSON.stringify(text)}`);
}

/** Every text node and label a visitor may meet in Témoin's components, through shadow roots. */
const shownTexts = (f: Fixture) =>
  [...f.doc.querySelectorAll('temoin-banner, temoin-preferences, temoin-placeholder, temoin-manage')].flatMap((host) =>
    host.shadowRoot ? textsIn(host.shadowRoot) : [],
  );

function textsIn(root: ShadowRoot): string[] {
  const texts: string[] = [];
  const walker = root.ownerDocument.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
  for (let node: Node | null = walker.currentNode; node; node = walker.nextNode()) {
    if (node.nodeType == Node.TEXT_NODE) texts.push(node.textContent!);
    else if (node instanceof Element) {
      for (const name of ['aria-label', 'title', 'alt'])
        if (node.hasAttribute(name)) texts.push(node.getAttribute(name)!);
      if (node.shadowRoot) texts.push(...textsIn(node.shadowRoot));
    }
  }
  return texts.filter((t) => t.trim());
}

describe('the banner sentence', () => {
  beforeEach(cleanOrigin);

  it('is accessible in light and dark schemes, for five categories', async () => {
    const f = await openUI({ config: { categories: CONFIGS.five } });
    await bannerShown(f);
    // Risen: half-way through its fade-in, its colours are not yet its own.
    await settled(f);
    await expectAccessible(f, 'banner with five categories');
  });

  for (const name of Object.keys(CONFIGS)) {
    for (const lang of ['fr', 'en'] as const) {
      it(`reads as one sentence of 40 words at most, with articles (${name}, ${lang})`, () => {
        const text = sentence(name, lang);
        const first = text.slice(0, text.indexOf('.') + 1);
        const words = first.split(/\s+/).filter((w) => /\p{L}/u.test(w));
        expect(words.length, first).to.be.at.most(40);
        // Quoted titles are names, not part of the sentence's grammar.
        const plain = first.replace(/«[^»]*»|“[^”]*”/g, 'X');
        const and = lang == 'fr' ? 'et' : 'and';
        expect(plain, 'no list inside a list').not.to.match(new RegExp(`\\b${and}\\b[^,.;:]*\\b${and}\\b`));
        expect(plain, 'no empty item').not.to.match(/ ,|,,|\b(pour|for|sur|about) ?[,.]/);
        expect(plain).not.to.match(/\s{2}/);
        const [purposes, data] =
          lang == 'fr'
            ? [/pour (.*?), nous/.exec(plain)![1]!, /renseignements sur (.*)\./.exec(plain)![1]!]
            : [/for (.*?), we/.exec(plain)![1]!, /information about (.*)\./.exec(plain)![1]!];
        const items = (list: string) => list.split(new RegExp(`, | ${and} `));
        if (lang == 'fr') {
          for (const item of [...items(purposes), ...items(data)]) {
            expect(item, `an article or determiner in ${first}`).to.match(
              /^(la |le |les |l’|des |un |une |votre |vos |ce que |d’autres )/,
            );
          }
          expect(plain).not.to.match(/\b(de|à) (le|les)\b/);
          expect(typographyFaults(text)).to.deep.equal([]);
        } else {
          for (const item of items(data)) expect(item, first).to.match(/^(your |what |the )/);
        }
      });
    }
  }

  it('groups what is collected, and names why', () => {
    expect(sentence('three', 'fr')).to.equal(
      'Avec votre accord, pour la mesure d’audience, la publicité et les contenus intégrés, ' +
        'nous recueillons des renseignements sur votre appareil, ce que vous consultez, votre position précise et votre activité sur d’autres sites. ' +
        'Vous pouvez changer d’avis en tout temps.',
    );
    expect(sentence('two', 'en')).to.equal(
      'With your consent, for audience measurement and advertising, we collect information about ' +
        'your device, what you view, your approximate location and your activity on other sites. You can change your mind at any time.',
    );
  });
});

describe('the banner, on data that may leave Québec', () => {
  it('says so in a second sentence, only when an optional service is hosted outside Québec', () => {
    const abroad = { ...marketing, services: [{ ...marketing.services[0]!, hostedOutsideQuebec: true }] };
    const said = (categories: object[], lang: Language) => {
      const config = configOf(categories);
      return notice(config.categories, translator(config, lang, lang == 'fr' ? fr : en));
    };
    expect(said([necessary, analytics, abroad], 'fr')).to.match(
      /sur d’autres sites\. Certains de ces renseignements peuvent être communiqués à l’extérieur du Québec\. Vous pouvez changer d’avis en tout temps\.$/,
    );
    expect(said([necessary, analytics, abroad], 'en')).to.match(
      /other sites\. Some of this information may be sent outside Québec\. You can change your mind at any time\.$/,
    );
    expect(said([necessary, analytics, marketing], 'fr')).not.to.contain('Québec');
    // A required service hosted abroad is not what the visitor is asked about.
    const required = { ...necessary, services: [{ ...service('cdn', ['ip-address']), hostedOutsideQuebec: true }] };
    expect(said([required, analytics], 'fr')).not.to.contain('Québec');
  });
});

describe('French typography', () => {
  beforeEach(cleanOrigin);

  it('is in every bundled French string and the core’s own', () => {
    const faults = [
      ...Object.values(fr),
      ...Object.values(frDetails),
      ...Object.values(declarationStrings.fr),
      ...Object.values(consentIdStrings.fr),
      ...Object.values(receiptStrings.fr),
      manageLabel.fr!,
    ].flatMap(typographyFaults);
    expect(faults).to.deep.equal([]);
  });

  it('is given to French texts of the config, and to no English one', () => {
    expect(
      frenchTypography("Mesure d'audience : « beta » ? Oui; voir https://x.test/?a=1 à 10:30. Non !! «Bon»\u202f!"),
    ).to.equal(
      'Mesure d’audience\u00a0: «\u202fbeta\u202f»\u202f? Oui\u202f; voir https://x.test/?a=1 à 10:30. Non\u202f!! «\u202fBon\u202f»\u202f!',
    );
    const config = configOf(CONFIGS.five!);
    expect(translator(config, 'en', en).text("Don't : x")).to.equal("Don't : x");
  });

  it('is in everything a French page shows: banner, preference center, placeholders, history', async () => {
    const config = {
      categories: [
        necessary,
        analytics,
        { ...chat, description: "L'aide ; pour vous !" },
        {
          ...category('media', { fr: "Vidéos et cartes d'ici", en: 'Videos' }, ['ip-address']),
          services: [
            {
              ...service('video', ['ip-address', 'device']),
              name: "L'Vidéo",
              provider: 'Vidéo inc.',
              purpose: 'Voir : « des vidéos »',
            },
          ],
        },
      ],
      strings: { fr: { acceptAll: "J'accepte !" } },
      policyUrl: '/confidentialite?x=1',
    };
    const f: Fixture = await openUI({ config });
    await bannerShown(f);
    await until(() => f.doc.querySelector('temoin-placeholder')?.shadowRoot?.querySelector('button'), 'a placeholder');
    const texts = shownTexts(f);
    expect(
      part<HTMLAnchorElement>(banner(f), '[part="policy-link"]').getAttribute('href'),
      'URLs stay as they are',
    ).to.equal('/confidentialite?x=1');
    await f.win.temoin.set({ analytics: true });
    await f.win.temoin.showPreferences();
    await preferencesShown(f);
    for (const details of preferences(f).shadowRoot!.querySelectorAll('details')) details.open = true;
    await until(
      () => preferences(f).shadowRoot!.querySelector('temoin-history')?.shadowRoot?.querySelector('li'),
      'the history',
    );
    texts.push(...shownTexts(f));
    expect(texts.join(' ')).to.contain('J’accepte\u202f!').and.contain('L’aide\u202f; pour vous\u202f!');
    expect(texts.flatMap(typographyFaults)).to.deep.equal([]);
  });
});
