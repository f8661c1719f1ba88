// The cookie declaration on a site's cookie policy page: every category and service from the
// config, in the page's language, accessible, with the visitor's choice kept up to date; a chunk
// only its page downloads.
import { setViewport } from '@web/test-runner-commands';
import { expect } from 'chai';
import type { TemoinConfig } from '../../src/core/config.js';
import { cleanOrigin, open, until, type Fixture, type FixtureOptions } from '../support/fixture.js';
import { bannerShown, expectAccessible, part, preferences, preferencesShown, screenshot } from '../support/ui.js';

/** A duration as the browser's Intl says it (its spaces differ from one ICU version to another). */
const units = (lang: string, unit: string, n: number) =>
  new Intl.NumberFormat(lang, { style: 'unit', unit, unitDisplay: 'long' }).format(n);
const ui = { ui: '/dist/temoin-ui.js', lang: 'auto' };
const declaration = (f: Fixture) => f.doc.querySelector('temoin-declaration')!;
const root = (f: Fixture) => declaration(f).shadowRoot!;
// Null until the element is defined: the chunk is loading.
const drawn = (f: Fixture) =>
  until(() => f.doc.querySelector('temoin-declaration')?.shadowRoot?.querySelector('table'), 'the declaration');
const text = (el: Element | null | undefined) => el?.textContent.replace(/[ \t\n\r]+/g, ' ').trim() ?? '';
const fetched = (f: Fixture, file: string) =>
  f.win.performance.getEntriesByType('resource').filter((e) => e.name.endsWith(`/${file}`)).length;
/** The choice line of each category, by its heading. */
const choices = (f: Fixture) =>
  Object.fromEntries(
    [...root(f).querySelectorAll('[part="category"]')].map((c) => [
      text(c.querySelector('[part="title"]')),
      text(c.querySelector('[part="choice"]')),
    ]),
  );

/** A cookie name longer than a phone's line, with its own punctuation to break at. */
const LONG = '_hjSessionUser_1234567.consent_preferences-2024';
const NECESSARY = { id: 'necessary', required: true, title: 'Nécessaires' };
const LONG_NAMED = {
  id: 'analytics',
  title: 'Mesure d’audience',
  services: [
    {
      id: 'stats',
      name: 'Stats',
      provider: 'Stats inc.',
      purpose: 'Compter les visites',
      data: ['ip-address'],
      hosts: ['analytics.test'],
      cookies: [{ name: LONG, lifetime: 390 }],
      hostedOutsideQuebec: false,
    },
  ],
};

/** The characters of `el`'s text after which a line ends, read from where each character is drawn. */
function lineBreaks(el: Element): string[] {
  const range = el.ownerDocument.createRange();
  const walker = el.ownerDocument.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  const drawn: { char: string; top: number }[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.textContent!.length; i++) {
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      drawn.push({ char: node.textContent![i]!, top: range.getBoundingClientRect().top });
    }
  }
  return drawn.slice(1).flatMap((c, i) => (c.top > drawn[i]!.top + 1 ? [drawn[i]!.char] : []));
}

/** A visitor who already accepted analytics on another page, now on `name`. */
async function returning(name: string, options: FixtureOptions = {}, lang?: string): Promise<Fixture> {
  const first = await open('empty', { config: ui });
  await first.win.temoin.ready;
  await first.win.temoin.set({ analytics: true }, { method: 'banner' });
  first.frame.remove();
  return open(name, { ...options, config: { ...ui, ...options.config } }, lang);
}

describe('cookie declaration', () => {
  beforeEach(cleanOrigin);
  afterEach(() => setViewport({ width: 800, height: 600 }));

  it('is accessible in light and dark schemes', async () => {
    const f = await returning('declaration');
    await drawn(f);
    await expectAccessible(f, 'cookie declaration');
  });

  it('lists every category and service of the config under proper headers, in the page’s French', async () => {
    const f = await returning('declaration', {
      config: {
        categories: [
          { id: 'necessary', required: true, title: 'Nécessaires' },
          {
            id: 'analytics',
            title: { fr: "Mesure d'audience", en: 'Analytics' },
            description: { fr: 'Pour savoir ce qui sert', en: 'To learn what helps' },
            services: [
              {
                id: 'stats',
                name: 'Stats',
                provider: 'Stats inc.',
                purpose: { fr: 'Compter les visites', en: 'Count visits' },
                data: ['ip-address', 'pages-viewed'],
                hosts: ['analytics.test'],
                cookies: [
                  {
                    name: '_st',
                    lifetime: 390,
                    description: { fr: 'Distingue les visiteurs', en: 'Tells visitors apart' },
                  },
                  { name: '_st_*', lifetime: 0 },
                ],
                retention: 730,
                hostedOutsideQuebec: true,
                thirdParty: ['Régie inc.', 'Mesure ltée'],
                privacyUrl: 'https://stats.test/privacy',
              },
            ],
          },
        ],
      },
    });
    await drawn(f);
    expect(f.doc.getElementById('fallback')!.checkVisibility(), 'the fallback, hidden once drawn').to.equal(false);
    const [own, ...tables] = root(f).querySelectorAll('table');
    expect(tables.length, 'one table per category with services').to.equal(1);
    // The necessary category begins with the cookie that keeps the visitor's choices.
    expect([...own!.querySelectorAll('tbody tr > *')].map(text)).to.deep.equal([
      'Vos choix en matière de témoins',
      'Ville de Test',
      'Retenir vos choix et en garder la preuve.',
      // What the cookie holds: the decision's record (src/core/consent.ts), with the receipt's id.
      'vos choix par catégorie et par service, la version de l’avis auquel ils répondent, leur date et leur ' +
        'échéance, la langue de l’interface et l’endroit où vous les avez faits, si votre navigateur envoyait le ' +
        'signal Global Privacy Control, ainsi qu’un identifiant de consentement et un identifiant de reçu tirés au hasard',
      `temoin (${units('fr', 'year', 1)})`,
      // As long as a decision lasts (`expiresDays`, 365 by default).
      `${units('fr', 'year', 1)}, puis vos choix vous sont redemandés\u202f; leur historique reste sur cet appareil`,
      'Dans votre navigateur, pour ce site',
      'Non',
      '—',
    ]);
    expect(
      [...tables[0]!.querySelectorAll('thead th')].map((th) => [text(th), th.getAttribute('scope')]),
    ).to.deep.equal(
      [
        'Service',
        'Fournisseur',
        'Finalité',
        'Données recueillies',
        'Témoins et pixels',
        'Conservation des données',
        'Lieu d’hébergement',
        'Communication à des tiers',
        'Politique de confidentialité du fournisseur',
      ].map((h) => [h, 'col']),
    );
    const row = tables[0]!.querySelector('tbody tr')!;
    expect(row.firstElementChild!.localName).to.equal('th');
    expect(row.firstElementChild!.getAttribute('scope')).to.equal('row');
    expect([...row.children].map(text)).to.deep.equal([
      'Stats',
      'Stats inc.',
      'Compter les visites',
      'votre adresse IP et les pages que vous consultez',
      `_st (${units('fr', 'month', 13)}) — Distingue les visiteurs_st_* (fin de la session)`,
      units('fr', 'year', 2),
      'À l’extérieur du Québec',
      'Régie inc. et Mesure ltée',
      'Stats inc.',
    ]);
    expect([...row.querySelectorAll('code')].map(text)).to.deep.equal(['_st', '_st_*']);
    expect(row.querySelector('a')!.getAttribute('href')).to.equal('https://stats.test/privacy');
    expect(tables[0]!.getAttribute('aria-labelledby')).to.equal('category-analytics');
    expect(text(root(f).getElementById('category-analytics'))).to.equal('Mesure d’audience');
    expect(root(f).getElementById('category-analytics')!.getAttribute('aria-level')).to.equal('2');
    declaration(f).setAttribute('heading-level', '3');
    await until(() => root(f).getElementById('category-analytics')!.getAttribute('aria-level') == '3', 'level 3');
    expect(text(root(f).querySelector('[part="description"]'))).to.equal('Pour savoir ce qui sert');
    expect(choices(f)).to.deep.equal({
      Nécessaires: 'Toujours actif\u00a0: nécessaire au fonctionnement du site, cet usage ne peut pas être désactivé.',
      'Mesure d’audience': 'Votre choix\u00a0: oui',
    });
    expect(root(f).querySelector('[part="category"] > .note:last-child'), 'no category without services').to.equal(
      null,
    );
  });

  it('says, on a site with a collector, that the controller keeps a receipt of each choice, and where', async () => {
    const ownRow = async (lang?: string, config: Partial<TemoinConfig> = {}) => {
      const f = await returning(
        'declaration',
        { config: { collector: 'https://registre.test/receipts', expiresDays: 180, ...config } },
        lang,
      );
      await drawn(f);
      const [, purpose, data, , retention, hosting] = [...root(f).querySelectorAll('table tbody tr td')].map(text);
      return { purpose, data: data!.split(', ').at(-1), retention, hosting };
    };
    expect(await ownRow()).to.deep.equal({
      purpose: 'Retenir vos choix et en garder la preuve. Un reçu de chaque choix est conservé par Ville de Test.',
      data: 'et le nombre de reçus qui attendent d’être envoyés',
      // The config's `expiresDays`.
      retention: `${units('fr', 'month', 6)}, puis vos choix vous sont redemandés\u202f; leur historique reste sur cet appareil`,
      hosting: 'Dans votre navigateur, pour ce site\u202f; les reçus aussi au registre de Ville de Test',
    });
    expect(await ownRow('en')).to.deep.equal({
      purpose: 'Remember your choices and keep proof of them. A receipt of each choice is kept by Ville de Test.',
      data: 'and the number of receipts waiting to be sent',
      retention: `${units('en', 'month', 6)}, then you are asked again; their history stays on this device`,
      hosting: 'In your browser, for this site; the receipts also in the register of Ville de Test',
    });
    // A controller named in each language is named in the page's.
    const named = { controller: { name: { fr: 'Ville de Test', en: 'Test City' } } };
    expect((await ownRow('en', named)).hosting).to.equal(
      'In your browser, for this site; the receipts also in the register of Test City',
    );
    expect((await ownRow('fr', named)).hosting).to.equal(
      'Dans votre navigateur, pour ce site\u202f; les reçus aussi au registre de Ville de Test',
    );
  });

  it('speaks the page’s language: English on an English page, or the element’s own lang', async () => {
    const f = await returning('declaration', {}, 'en');
    await drawn(f);
    expect(text(root(f).querySelector('thead th:nth-child(2)'))).to.equal('Provider');
    expect(choices(f)['Analytics']).to.equal('Your choice: accepted');
    declaration(f).setAttribute('lang', 'fr');
    await until(() => text(root(f).querySelector('thead th:nth-child(2)')) == 'Fournisseur', 'French headers');
    expect(root(f).querySelector('.body')!.getAttribute('lang')).to.equal('fr');
    // Any pack's language, its strings fetched on first need; the declaration's own too.
    declaration(f).setAttribute('lang', 'de-CH');
    await until(() => text(root(f).querySelector('thead th:nth-child(2)')) == 'Anbieter', 'German headers');
    expect(text(root(f).querySelector('thead th:first-child'))).to.equal('Dienst');
    expect(root(f).querySelector('.body')!.getAttribute('lang')).to.equal('de');
  });

  it('follows the visitor’s choice as it changes, here or in another tab', async () => {
    // No reload on withdrawal: the same document must show the refusal.
    const f = await returning('declaration', { config: { reloadOnWithdraw: false } });
    await drawn(f);
    expect(choices(f)['Mesure d’audience']).to.equal('Votre choix\u00a0: oui');
    await f.win.temoin.rejectAll();
    await until(() => choices(f)['Mesure d’audience'] == 'Votre choix\u00a0: non', 'the refusal shown');
    expect(choices(f)['Publicité']).to.equal('Votre choix\u00a0: non');
    // Another tab of the site grants marketing: this page's declaration says so.
    const other = await open('empty', { config: { ...ui, reloadOnWithdraw: false } });
    await other.win.temoin.ready;
    await other.win.temoin.set({ marketing: true });
    await until(() => choices(f)['Publicité'] == 'Votre choix\u00a0: oui', 'the other tab’s decision shown');
    expect(choices(f)['Mesure d’audience']).to.equal('Votre choix\u00a0: non');
  });

  it('opens the preference center from its button, and shows what is saved there', async () => {
    const f = await returning('declaration', { config: { reloadOnWithdraw: false } });
    await drawn(f);
    const button = part<HTMLButtonElement>(declaration(f), '[part~="change"]');
    expect(text(button)).to.equal('Modifier mes choix');
    button.click();
    await preferencesShown(f);
    part(preferences(f), '[part~="reject"]').click();
    await until(() => choices(f)['Mesure d’audience'] == 'Votre choix\u00a0: non', 'the refusal shown');
  });

  it('tells a first-time visitor that nothing optional runs until they accept, beside the banner', async () => {
    const f = await open('declaration', { config: ui });
    await bannerShown(f);
    await drawn(f);
    expect(text(part(declaration(f), '[part="status"]'))).to.equal(
      'Vous n’avez pas encore fait de choix\u00a0: les usages facultatifs restent désactivés tant que vous ne les acceptez pas.',
    );
    expect(choices(f)['Mesure d’audience'], 'no choice to show yet').to.equal('');
  });

  it('is a chunk of its own: a page without the element never downloads it, nor the UI for it', async () => {
    const banner = await open('ui', { config: ui });
    await bannerShown(banner);
    expect(fetched(banner, 'temoin-ui-declaration.js'), 'the banner alone').to.equal(0);
    banner.frame.remove();
    const plain = await returning('empty');
    await plain.win.temoin.ready;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fetched(plain, 'temoin-ui.js'), 'no UI for a returning visitor').to.equal(0);
    expect(fetched(plain, 'temoin-ui-declaration.js')).to.equal(0);
    const page = await returning('declaration');
    await drawn(page);
    expect(fetched(page, 'temoin-ui-declaration.js')).to.equal(1);
  });

  it('leaves its fallback content in place when the config is invalid: no UI, no chunk', async () => {
    const f = await open('declaration', { rawconfig: '{"revision": 1, "categories": [' });
    expect(await f.win.temoin.ready).to.equal(null);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(f.doc.getElementById('fallback')!.checkVisibility()).to.equal(true);
    expect(fetched(f, 'temoin-ui-declaration.js')).to.equal(0);
  });

  it('is drawn when a page adds it later, as a single-page app does', async () => {
    const f = await returning('empty');
    await f.win.temoin.ready;
    const view = f.doc.createElement('section');
    view.innerHTML = '<h1>Témoins</h1><temoin-declaration></temoin-declaration>';
    f.doc.body.append(view);
    await drawn(f);
    expect(root(f).querySelectorAll('table').length).to.equal(4);
  });

  it('shows each service as a block of labels and values on a phone, a name breaking only at its punctuation', async () => {
    await setViewport({ width: 375, height: 667 });
    const f = await returning('declaration', { config: { categories: [NECESSARY, LONG_NAMED] } });
    f.frame.style.cssText = 'position:fixed;inset:0;width:100%;height:100%;border:0;background:#fff';
    await drawn(f);
    await new Promise((resolve) => f.win.requestAnimationFrame(resolve));
    expect(f.doc.documentElement.scrollWidth, 'the page does not scroll sideways').to.be.at.most(375);
    expect(
      [...root(f).querySelectorAll('[part="scroll"]')].map((box) => box.checkVisibility()),
      'no table',
    ).to.deep.equal([false, false]);
    const [own, stats] = [...root(f).querySelectorAll('[part="service"]')];
    expect(stats!.checkVisibility()).to.equal(true);
    const name = stats!.querySelector('[role="heading"]')!;
    expect([text(name), name.getAttribute('aria-level')]).to.deep.equal(['Stats', '3']);
    const facts = [...stats!.querySelectorAll('dt')].map((dt) => [text(dt), text(dt.nextElementSibling)]);
    expect(facts).to.deep.equal([
      ['Fournisseur', 'Stats inc.'],
      ['Finalité', 'Compter les visites'],
      ['Données recueillies', 'votre adresse IP'],
      ['Témoins et pixels', `${LONG} (${units('fr', 'month', 13)})`],
      ['Lieu d’hébergement', 'Au Québec'],
      ['Communication à des tiers', 'Non'],
    ]);
    // Each fact's label above its value: the value starts at the block's left edge.
    const dd = stats!.querySelector('dd')!.getBoundingClientRect();
    expect(dd.top).to.be.greaterThan(stats!.querySelector('dt')!.getBoundingClientRect().bottom - 1);
    expect(text(own!.querySelector('[role="heading"]'))).to.equal('Vos choix en matière de témoins');
    expect([...own!.querySelectorAll('dt')].map(text), 'the facts given only').to.deep.equal([
      'Fournisseur',
      'Finalité',
      'Données recueillies',
      'Témoins et pixels',
      'Conservation des données',
      'Lieu d’hébergement',
      'Communication à des tiers',
    ]);
    const breaks = lineBreaks(stats!.querySelector('code')!);
    expect(breaks.length, 'the long name wraps').to.be.greaterThan(0);
    expect(breaks.join(''), 'after punctuation only').to.match(/^[^\p{L}\p{N}]+$/u);
    await expectAccessible(f, 'cookie declaration on a phone');
    await screenshot('declaration-phone');
  });

  it('keeps the table in a wide container, and follows its own width, not the screen’s', async () => {
    await setViewport({ width: 1280, height: 800 });
    const f = await returning('declaration');
    f.frame.style.cssText = 'position:fixed;inset:0;width:100%;height:100%;border:0;background:#fff';
    await drawn(f);
    const visible = (selector: string) =>
      [...root(f).querySelectorAll(selector)].map((el) => el.checkVisibility()).every(Boolean);
    expect(visible('table'), 'tables').to.equal(true);
    expect(visible('[part="services"]') || root(f).querySelectorAll('[part="services"]').length == 0).to.equal(false);
    const box = part(declaration(f), '[part="scroll"]');
    expect(box.scrollWidth, 'the table fits').to.be.at.most(box.clientWidth);
    await expectAccessible(f, 'cookie declaration, wide');
    // A sidebar of a wide screen: as narrow as a phone.
    declaration(f).style.width = '20rem';
    await until(() => !root(f).querySelector('table')!.checkVisibility(), 'the table gone');
    expect(visible('[part="services"]'), 'blocks instead').to.equal(true);
    await expectAccessible(f, 'cookie declaration, narrow on a wide screen');
  });
});
