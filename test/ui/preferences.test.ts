// The preference center, its history, and the manage control: accessible, informative, and as
// quick to withdraw from as to consent.
import { emulateMedia, sendKeys, setViewport } from '@web/test-runner-commands';
import { expect } from 'chai';
import type { Receipt } from '../../src/receipts/receipt.js';
import {
  cleanOrigin,
  fetchedFiles,
  nextLoad,
  open,
  pathsFrom,
  requests,
  timeToShow,
  until,
  type Fixture,
} from '../support/fixture.js';
import {
  banner,
  bannerShown,
  deepActive,
  expectAccessible,
  openUI,
  part,
  preferences,
  preferencesShown,
  sameNames,
  savedStatus,
  screenshot,
  settled,
} from '../support/ui.js';

const manageButton = (f: Fixture) => f.doc.querySelector<HTMLElement>('temoin-manage');
const switchOf = (f: Fixture, id: string) => part<HTMLButtonElement>(preferences(f), `#category-${id}`);
const isOn = (f: Fixture, id: string) => switchOf(f, id).getAttribute('aria-checked') == 'true';

/** WCAG contrast ratio of two computed `rgb()` colours. */
function contrast(a: string, b: string): number {
  const luminance = (color: string) => {
    const [r, g, b] = color
      .match(/[\d.]+/g)!
      .slice(0, 3)
      .map((v) => {
        const c = Number(v) / 255;
        return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

/**
 * A visitor who already decided: the page shows no banner, only the manage control. `plain`
 * pages have no blocked embed, so no placeholder (and no UI) is needed.
 */
async function returning(options: Parameters<typeof openUI>[0] = {}, plain = false): Promise<Fixture> {
  const load = () =>
    plain ? open('empty', { ...options, config: { ui: '/dist/temoin-ui.js', ...options.config } }) : openUI(options);
  const first = await load();
  await first.win.temoin.ready;
  await first.win.temoin.set({ analytics: true }, { method: 'banner' });
  first.frame.remove();
  return load();
}

describe('preference center', () => {
  beforeEach(cleanOrigin);
  afterEach(() => setViewport({ width: 800, height: 600 }));

  it('is accessible in light and dark schemes, with services and history shown', async () => {
    const f = await returning();
    await f.win.temoin.showPreferences();
    await preferencesShown(f);
    for (const details of preferences(f).shadowRoot!.querySelectorAll('details')) details.open = true;
    await until(
      () => preferences(f).shadowRoot!.querySelector('temoin-history')?.shadowRoot?.querySelector('li'),
      'the history',
    );
    await expectAccessible(f, 'preference center');
  });

  it('is a chunk of its own: answering the banner never downloads it, reaching for "Personnaliser" does', async () => {
    const f = await openUI();
    await bannerShown(f);
    const fetched = () =>
      f.win.performance.getEntriesByType('resource').filter((e) => e.name.includes('/temoin-ui-preferences.js')).length;
    part(banner(f), '[part~="accept"]').dispatchEvent(
      new PointerEvent('pointerover', { bubbles: true, composed: true }),
    );
    // Hovering another button must not start the download: it would show in this time.
    await timeToShow(200);
    expect(fetched(), 'before anyone reaches for it').to.equal(0);
    part(banner(f), '[part~="customize"]').dispatchEvent(
      new PointerEvent('pointerover', { bubbles: true, composed: true }),
    );
    await until(fetched, 'the chunk, fetched on the way to the button');
    expect(preferences(f), 'fetched, not yet opened').to.equal(null);
    part(banner(f), '[part~="customize"]').click();
    await preferencesShown(f);
    expect(fetched()).to.equal(1);
  });

  it('says so when its chunk cannot load, and the banner still works', async () => {
    const f = await openUI({ config: { ui: '/__ui-alone/temoin-ui.js' } });
    await bannerShown(f);
    part(banner(f), '[part~="customize"]').click();
    await until(
      () => f.win.__errors.find((e) => e.includes('temoin: could not load the preference center')),
      'the error',
    );
    expect(preferences(f)).to.equal(null);
    part(banner(f), '[part~="accept"]').click();
    await until(() => f.win.temoin.get(), 'the decision');
    expect(banner(f).hasAttribute('open')).to.equal(false);
  });

  it('shows optional switches off by default, the required one on and locked with its reason', async () => {
    const f = await openUI();
    await f.win.temoin.ready;
    await f.win.temoin.showPreferences();
    await preferencesShown(f);
    expect(isOn(f, 'analytics')).to.equal(false);
    expect(isOn(f, 'marketing')).to.equal(false);
    expect(isOn(f, 'necessary')).to.equal(true);
    expect(switchOf(f, 'necessary').getAttribute('aria-disabled')).to.equal('true');
    for (const id of ['necessary', 'analytics']) {
      expect(switchOf(f, id).getAttribute('role')).to.equal('switch');
      expect(switchOf(f, id).getAttribute('aria-describedby')).to.equal(`category-${id}-note`);
    }
    expect(switchOf(f, 'analytics').hasAttribute('aria-disabled')).to.equal(false);
    // Locked, not greyed out: it still looks on.
    expect(getComputedStyle(switchOf(f, 'necessary')).backgroundColor).to.equal(
      getComputedStyle(part(preferences(f), '[part~="accept"]')).backgroundColor,
    );
    switchOf(f, 'necessary').click();
    expect(isOn(f, 'necessary'), 'a click leaves it on').to.equal(true);
    expect(part(preferences(f), '#category-necessary-note').textContent).to.contain(
      'Toujours actif\u00a0: nécessaire au fonctionnement du site',
    );
  });

  it('has switches that toggle with Space and stand out at 3:1 in every state, light and dark', async () => {
    const f = await openUI();
    await f.win.temoin.ready;
    await f.win.temoin.showPreferences();
    await preferencesShown(f);
    switchOf(f, 'analytics').focus();
    await sendKeys({ press: 'Space' });
    await until(() => isOn(f, 'analytics'), 'Space turns it on');
    await sendKeys({ press: 'Space' });
    await until(() => !isOn(f, 'analytics'), 'Space turns it off');
    switchOf(f, 'necessary').focus();
    await sendKeys({ press: 'Space' });
    await preferences(f).requestUpdate();
    expect(isOn(f, 'necessary'), 'the required one stays on').to.equal(true);
    switchOf(f, 'media').click();
    await preferences(f).requestUpdate();
    const dialog = part(preferences(f), 'dialog');
    for (const colorScheme of ['light', 'dark'] as const) {
      await emulateMedia({ colorScheme });
      const page = getComputedStyle(dialog).backgroundColor;
      // Off (analytics), on (media), on and locked (necessary).
      for (const id of ['analytics', 'media', 'necessary']) {
        const track = getComputedStyle(switchOf(f, id));
        const thumb = getComputedStyle(switchOf(f, id), '::before').backgroundColor;
        const what = `${id} switch, ${colorScheme}`;
        const edge = isOn(f, id) ? track.backgroundColor : track.borderTopColor;
        expect(contrast(edge, page), `${what}: track against the dialog`).to.be.at.least(3);
        expect(contrast(thumb, track.backgroundColor), `${what}: thumb against the track`).to.be.at.least(3);
      }
      const padlock = part(preferences(f), '#category-necessary svg');
      expect(
        contrast(
          getComputedStyle(padlock).fill,
          getComputedStyle(switchOf(f, 'necessary'), '::before').backgroundColor,
        ),
        `padlock, ${colorScheme}`,
      ).to.be.at.least(3);
      switchOf(f, 'media').focus();
      expect(
        contrast(getComputedStyle(switchOf(f, 'media')).outlineColor, page),
        `focus ring, ${colorScheme}`,
      ).to.be.at.least(3);
    }
    await emulateMedia({ colorScheme: 'light' });
    // What is checked is the dialog, not the banner waiting under its backdrop.
    banner(f).remove();
    await expectAccessible(f, 'switches off, on, and on and locked');
    part(preferences(f), '[part~="save"]').click();
    await until(() => f.win.temoin.get(), 'the saved choices');
    expect(f.win.temoin.get()!.choices, 'still a decision per category').to.deep.equal({
      necessary: true,
      analytics: false,
      marketing: false,
      media: true,
    });
  });

  it('tells what each service collects, why, for how long, by whom and where', async () => {
    const f = await openUI();
    await f.win.temoin.ready;
    await f.win.temoin.showPreferences();
    await preferencesShown(f);
    const services = [...preferences(f).shadowRoot!.querySelectorAll('[part="service"]')].map((s) =>
      s.textContent.replace(/\s+/g, ' '),
    );
    const stats = services.find((s) => s.includes('Stats'))!;
    expect(stats).to.contain('Stats inc.').and.contain('Compter les visites').and.contain('votre adresse IP');
    expect(stats).to.contain('_st (13 mois)').and.contain('_st_* (1 jour)').and.contain('400 jours');
    expect(stats).to.contain('À l’extérieur du Québec');
    const pixel = services.find((s) => s.includes('Pixel'))!;
    expect(pixel).to.contain('Ads inc.').and.contain('votre activité sur d’autres sites');
    const video = services.find((s) => s.includes('Video'))!;
    expect(video).to.contain('Au Québec');
  });

  it('lists Témoin’s own cookie first among the required category’s services, as the declaration does', async () => {
    const f = await openUI({ config: { collector: 'https://registre.test/receipts' } });
    await f.win.temoin.ready;
    await f.win.temoin.showPreferences();
    await preferencesShown(f);
    const category = switchOf(f, 'necessary').closest('li')!;
    expect(category.querySelector('summary')!.textContent).to.equal('Services (1)');
    const own = category.querySelector('[part="service"]')!;
    expect(own.querySelector('h4')!.textContent).to.equal('Vos choix en matière de témoins');
    const facts = [...own.querySelectorAll('dt')].map((dt) => [dt.textContent, dt.nextElementSibling!.textContent]);
    const year = new Intl.NumberFormat('fr', { style: 'unit', unit: 'year', unitDisplay: 'long' }).format(1);
    // The same facts as the cookie declaration's row (test/ui/declaration.test.ts).
    expect(facts).to.deep.equal([
      ['Fournisseur', 'Ville de Test'],
      ['Finalité', 'Retenir vos choix et en garder la preuve. Un reçu de chaque choix est conservé par Ville de Test.'],
      [
        'Données recueillies',
        'vos choix par catégorie et par service, la version de l’avis auquel ils répondent, leur date et leur ' +
          'échéance, la langue de l’interface et l’endroit où vous les avez faits, si votre navigateur envoyait le ' +
          'signal Global Privacy Control, ainsi qu’un identifiant de consentement et un identifiant de reçu tirés au ' +
          'hasard, et le nombre de reçus qui attendent d’être envoyés',
      ],
      ['Témoins et pixels', `temoin (${year})`],
      [
        'Conservation des données',
        `${year}, puis vos choix vous sont redemandés\u202f; leur historique reste sur cet appareil`,
      ],
      ['Lieu d’hébergement', 'Dans votre navigateur, pour ce site\u202f; les reçus aussi au registre de Ville de Test'],
      ['Communication à des tiers', 'Non'],
    ]);
    // Only there: the other categories list their own services alone.
    expect(preferences(f).shadowRoot!.querySelectorAll('[part="service"]').length).to.equal(
      1 + f.win.temoin.config!.categories.reduce((n, c) => n + c.services.length, 0),
    );
  });

  it('saves switches, accepts all and rejects all', async () => {
    const f = await openUI({ config: { reloadOnWithdraw: false } });
    await f.win.temoin.ready;
    await f.win.temoin.showPreferences();
    await preferencesShown(f);
    switchOf(f, 'analytics').click();
    part(preferences(f), '[part~="save"]').click();
    await until(() => f.win.temoin.get(), 'saved choices');
    expect(f.win.temoin.get()!.choices).to.include({ analytics: true, marketing: false, media: false });
    expect(f.win.temoin.get()!.method).to.equal('preferences');
    await until(async () => (await pathsFrom('analytics.test')).includes('/ui-stats.js'), 'analytics');

    await f.win.temoin.showPreferences();
    await preferencesShown(f);
    expect(isOn(f, 'analytics'), 'opens on the choices in force').to.equal(true);
    part(preferences(f), '[part~="accept"]').click();
    await until(() => f.win.temoin.get()?.choices.marketing, 'accept all');

    await f.win.temoin.showPreferences();
    await preferencesShown(f);
    part(preferences(f), '[part~="reject"]').click();
    await until(() => f.win.temoin.get()?.choices.analytics === false, 'reject all');
    expect(f.win.temoin.get()!.choices).to.deep.equal({
      necessary: true,
      analytics: false,
      marketing: false,
      media: false,
    });
  });

  it('says the choice is saved once the dialog has closed, in the language read there', async () => {
    const f = await openUI({ config: { reloadOnWithdraw: false } });
    await f.win.temoin.ready;
    await f.win.temoin.showPreferences();
    await preferencesShown(f);
    part(preferences(f), '[part~="save"]').click();
    const region = await savedStatus(f);
    await until(() => region.textContent == 'Vos choix sont enregistrés.', 'the confirmation');
    expect(preferences(f).open, 'said outside the dialog, once closed').to.equal(false);
    await f.win.temoin.showPreferences();
    await preferencesShown(f);
    part(preferences(f), '[part="language"]').click();
    await until(() => part(preferences(f), 'h2').textContent == 'Cookie settings', 'English');
    part(preferences(f), '[part~="accept"]').click();
    await until(() => region.textContent == 'Your choices are saved.', 'the confirmation in English');
    expect(await savedStatus(f), 'the same region').to.equal(region);
    expect(f.doc.querySelectorAll('temoin-status').length).to.equal(1);
  });

  it('says when Global Privacy Control refused a category', async () => {
    const f = await openUI({ gpc: true });
    await f.win.temoin.ready;
    await f.win.temoin.showPreferences();
    await preferencesShown(f);
    expect(part(preferences(f), '#category-marketing-note').textContent).to.contain('Global Privacy Control');
    expect(part(preferences(f), '#category-analytics-note').textContent).to.not.contain('Global Privacy Control');
  });

  it('switches language, and records the language the visitor read', async () => {
    const f = await openUI();
    await f.win.temoin.ready;
    await f.win.temoin.showPreferences();
    await preferencesShown(f);
    const language = part(preferences(f), '[part="language"]');
    expect(language.textContent).to.equal('English');
    expect(language.getAttribute('lang')).to.equal('en');
    language.click();
    await until(() => part(preferences(f), 'h2').textContent == 'Cookie settings', 'English');
    part(preferences(f), '[part~="reject"]').click();
    await until(() => f.win.temoin.get(), 'the decision');
    expect(f.win.temoin.get()!.language).to.equal('en');
  });

  /**
   * The preference center filling the test page at this size, opened, French, its content (which
   * scrolls, not the dialog) scrolled to the top.
   */
  async function openAt(width: number, height: number) {
    await setViewport({ width, height });
    const f = await returning({ fullscreen: true });
    await f.win.temoin.showPreferences();
    const dialog = await preferencesShown(f);
    const content = part(preferences(f), '.body');
    content.scrollTop = 0;
    await settled(f);
    return {
      f,
      dialog,
      content,
      actions: part(preferences(f), '.actions'),
      close: part(preferences(f), '[part="close"]'),
    };
  }

  /** Whether the element is drawn whole in the page's viewport, and on top where its centre is. */
  function inReach(f: Fixture, el: Element): boolean {
    const r = el.getBoundingClientRect();
    const top = preferences(f).shadowRoot!.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
    return (
      r.top >= 0 &&
      r.left >= 0 &&
      r.bottom <= f.win.innerHeight &&
      r.right <= f.win.innerWidth &&
      !!top &&
      el.contains(top)
    );
  }

  it('keeps its three choices in view at the foot of the dialog, and its close button at the top, while its content scrolls', async () => {
    for (const [width, height] of [
      [375, 667],
      [667, 375],
      [1280, 800],
    ] as const) {
      const { f, content, actions, close } = await openAt(width, height);
      const at = `${width}×${height}`;
      if (height < 800) expect(content.scrollHeight, `${at}: the content scrolls`).to.be.above(content.clientHeight);
      // Closing too: a phone has no Escape key, and the visitor must not scroll back to find it.
      const buttons = [...actions.querySelectorAll('button'), close];
      for (const button of buttons)
        expect(inReach(f, button), `${at}: ${button.textContent} at the top`).to.equal(true);
      for (const scrolled of [content.scrollHeight / 2, content.scrollHeight]) {
        content.scrollTop = scrolled;
        await settled(f);
        for (const button of buttons)
          expect(inReach(f, button), `${at}: ${button.textContent} scrolled to ${scrolled}`).to.equal(true);
      }
      buttons.pop();
      // Accepting and refusing stay as easy as each other: the same size, side by side, in the
      // banner's order; saving the switches comes last.
      expect(buttons.map((b) => b.getAttribute('part'))).to.deep.equal([
        'button accept',
        'button reject',
        'button save',
      ]);
      const [accept, reject] = buttons.map((b) => {
        const r = b.getBoundingClientRect();
        return [r.width, r.height, r.top].map(Math.round);
      });
      expect(reject, at).to.deep.equal(accept);
      // On a phone the footer leaves most of the screen to the categories: two rows at most.
      expect(actions.getBoundingClientRect().height, at).to.be.below(width < 480 ? 125 : 75);
      f.frame.remove();
      await cleanOrigin();
    }
  });

  /** Each line of text in `root` and the shadow roots in it, as drawn, with its node in `root` (the host of a shadow root in it). */
  function lines(root: ShadowRoot, host?: Element): { text: string; box: DOMRect; node: Node }[] {
    const found: { text: string; box: DOMRect; node: Node }[] = [];
    const walker = root.ownerDocument.createTreeWalker(root, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      // The fixture's own Element, not this window's: nodeType.
      if (node.nodeType == Node.ELEMENT_NODE) {
        const { shadowRoot } = node as Element;
        if (shadowRoot) found.push(...lines(shadowRoot, host ?? (node as Element)));
        continue;
      }
      const text = node.textContent!.trim();
      if (!text) continue;
      const range = root.ownerDocument.createRange();
      range.selectNodeContents(node);
      for (const box of range.getClientRects()) if (box.width) found.push({ text, box, node: host ?? node });
    }
    return found;
  }

  /** The part of `box` its scroller shows, or null (scrolled out of it). */
  function shown(box: DOMRect, scroller: DOMRect | null): DOMRect | null {
    if (!scroller) return box;
    const [top, bottom] = [Math.max(box.top, scroller.top), Math.min(box.bottom, scroller.bottom)];
    const [left, right] = [Math.max(box.left, scroller.left), Math.min(box.right, scroller.right)];
    return top < bottom && left < right ? new DOMRect(left, top, right - left, bottom - top) : null;
  }

  it('has nothing under its close button as its content scrolls: no line of text, no category (French, phone and desktop)', async () => {
    for (const [width, height] of [
      [375, 812],
      [1280, 800],
    ] as const) {
      const { f, content, close } = await openAt(width, height);
      // Every service shown: the longest content, and lines that run to the dialog's right edge.
      for (const details of preferences(f).shadowRoot!.querySelectorAll('details')) details.open = true;
      await settled(f);
      const root = preferences(f).shadowRoot!;
      let scrolled = 0;
      for (; scrolled <= content.scrollHeight - content.clientHeight; scrolled += 24) {
        content.scrollTop = scrolled;
        await settled(f);
        const x = close.getBoundingClientRect();
        const scroller = content.getBoundingClientRect();
        const under = (box: DOMRect) =>
          box.left < x.right && x.left < box.right && box.top < x.bottom && x.top < box.bottom;
        const boxes = [
          ...lines(root)
            .filter(({ node }) => !close.contains(node))
            .map(({ text, box, node }) => ({
              what: `"${text.slice(0, 40)}"`,
              // What the content holds is drawn only where it shows; the header does not scroll.
              box: shown(box, content.contains(node) ? scroller : null),
            })),
          ...[...root.querySelectorAll('.category')].map((c) => ({
            what: `the category ${c.querySelector('label')!.textContent}`,
            box: shown(c.getBoundingClientRect(), scroller),
          })),
        ].filter(({ box }) => box && under(box));
        expect(
          boxes.map(({ what }) => what),
          `${width}×${height}, scrolled to ${scrolled}`,
        ).to.deep.equal([]);
      }
      expect(scrolled, `${width}×${height}: the content scrolls`).to.be.above(24);
      f.frame.remove();
      await cleanOrigin();
    }
  });

  it('scrolls a focused control clear of its footer and its close button (WCAG 2.4.11)', async () => {
    for (const [width, height] of [
      [375, 667],
      [667, 375],
      // 400 % zoom: the footer is in the flow, the close button still over the content's top.
      [320, 256],
    ] as const) {
      const { f, dialog, actions, close } = await openAt(width, height);
      const categories = f.win.temoin.config!.categories;
      const last = `category-${categories[categories.length - 1]!.id}`;
      const clear = (at: string) => {
        const active = deepActive(f.doc)!;
        const r = active.getBoundingClientRect();
        const x = close.getBoundingClientRect();
        expect(r.bottom, at).to.be.at.most(actions.getBoundingClientRect().top);
        expect(r.top, at).to.be.at.least(dialog.getBoundingClientRect().top);
        if (active != close)
          expect(r.top >= x.bottom || r.right <= x.left, `${at}: under the close button`).to.equal(true);
        return active;
      };
      // Every control from the title to the last category's switch, as a keyboard reaches it, and
      // back up to the first, each scrolled into view from below, then from above.
      let i = 0;
      for (; i < 40; i++) {
        await sendKeys({ press: 'Tab' });
        if (clear(`${width}×${height}, forward, ${deepActive(f.doc)!.outerHTML.slice(0, 50)}`).id == last) break;
      }
      expect(i, 'the last category’s switch reached').to.be.below(40);
      await sendKeys({ down: 'Shift' });
      for (; i > 0; i--) {
        await sendKeys({ press: 'Tab' });
        clear(`${width}×${height}, back, ${deepActive(f.doc)!.outerHTML.slice(0, 50)}`);
      }
      await sendKeys({ up: 'Shift' });
      // Under 20rem tall the three choices are in the flow, at the content's end (README).
      if (height >= 320)
        for (const button of actions.querySelectorAll('button'))
          expect(inReach(f, button), `${width}×${height}: ${button.textContent}`).to.equal(true);
      f.frame.remove();
      await cleanOrigin();
    }
  });

  it('is reached by the keyboard in the order it shows: the title, the language, the close button in its corner, then the rest', async () => {
    const f = await returning();
    const manage = await until(() => manageButton(f)?.shadowRoot?.querySelector('button'), 'the manage button');
    manage.click();
    await preferencesShown(f);
    const parts = [];
    for (let i = 0; i < 3; i++) {
      await sendKeys({ press: 'Tab' });
      parts.push(deepActive(f.doc)?.getAttribute('part'));
    }
    expect(parts).to.deep.equal(['language', 'close', 'switch']);
  });

  it('keeps focus inside while open, closes on Escape recording nothing', async () => {
    const f = await returning();
    const manage = await until(() => manageButton(f)?.shadowRoot?.querySelector('button'), 'the manage button');
    manage.click();
    const dialog = await preferencesShown(f);
    for (let i = 0; i < 30; i++) {
      await sendKeys({ press: 'Tab' });
      const active = deepActive(f.doc);
      // Past the dialog's last control focus may leave the frame for the browser, never the page behind.
      if (f.doc.hasFocus() && active && active != f.doc.body) {
        let host: Node | undefined = active;
        while (host && host != preferences(f)) host = (host.getRootNode() as Partial<ShadowRoot>).host;
        expect(host, `focus on ${active.outerHTML.slice(0, 60)}`).to.equal(preferences(f));
      }
    }
    const before = f.win.temoin.get();
    await f.win.temoin.showPreferences();
    part(preferences(f), 'h2').focus();
    await sendKeys({ press: 'Escape' });
    await until(() => !dialog.open, 'closed');
    expect(f.win.temoin.get()).to.deep.equal(before);
  });

  it('lists past decisions on this device and downloads a readable receipt', async () => {
    const f = await returning();
    await f.win.temoin.set({ media: true });
    await f.win.temoin.showPreferences();
    await preferencesShown(f);
    const history = part(preferences(f), 'temoin-history');
    const entries = await until(() => {
      const items = history.shadowRoot?.querySelectorAll('li');
      return items?.length == 2 ? [...items] : null;
    }, 'two entries');
    expect(entries[0]!.textContent).to.contain('Vidéos intégrées\u00a0: oui');
    expect(entries[1]!.textContent).to.contain('Vidéos intégrées\u00a0: non').and.contain('version 1');
    let saved: { name: string; text: Promise<string> } | undefined;
    // Catch the download instead of letting the browser save it.
    const proto = f.win.HTMLAnchorElement.prototype;
    proto.click = function (this: HTMLAnchorElement) {
      saved = { name: this.download, text: fetch(this.href).then((r) => r.text()) };
    };
    try {
      entries[0]!.querySelector<HTMLButtonElement>('[part="download"]')!.click();
      await until(() => saved, 'the download'); // its chunk loads on the click
    } finally {
      delete (proto as Partial<HTMLAnchorElement>).click;
    }
    // What the document holds: test/ui/consent-id.test.ts.
    expect(saved!.name).to.match(/^temoin-\d{4}-\d{2}-\d{2}-[0-9a-f]{8}\.html$/);
    const doc = new DOMParser().parseFromString(await saved!.text, 'text/html');
    expect(doc.title).to.equal('Reçu de consentement — Ville de Test');
    expect(doc.body.textContent).to.contain('Vidéos intégrées\u00a0: oui');
    const exact = JSON.parse(doc.getElementById('temoin-receipt')!.textContent) as { receipt: Receipt };
    expect(exact.receipt).to.include({
      principal: f.win.temoin.get()!.id,
      receiptId: f.win.temoin.get()!.receiptId,
      event: 'updated',
    });
    expect(entries[0]!.textContent).not.to.contain('Reçu', 'no collector: nothing is on its way anywhere');
  });

  it('names each control apart for a screen reader: receipts of the same minute, providers’ policies, each category’s services', async () => {
    const base = (await (await fetch('/test/fixtures/config.json')).json()) as {
      categories: { services?: { id: string; privacyUrl?: string }[] }[];
    };
    for (const c of base.categories) for (const s of c.services ?? []) s.privacyUrl = `https://${s.id}.test/privacy`;
    const f = await openUI({ config: { categories: base.categories } });
    await bannerShown(f);
    expect(sameNames(banner(f)), 'the banner').to.deep.equal([]);
    // Two decisions of the same minute, a second or more apart (the minute begun long enough ago).
    await until(() => Date.now() % 60000 < 55000, 'the start of a minute', 6000);
    await f.win.temoin.rejectAll();
    await timeToShow(1100);
    await f.win.temoin.set({ media: true });
    await f.win.temoin.showPreferences();
    await preferencesShown(f);
    const history = part(preferences(f), 'temoin-history');
    await until(() => history.shadowRoot?.querySelectorAll('li').length == 2, 'two entries');
    const [newer, older] = [...history.shadowRoot!.querySelectorAll('li')].map((li) => li.textContent);
    expect(newer!.replace(/version.*/s, ''), 'the same minute').to.equal(older!.replace(/version.*/s, ''));
    for (const details of preferences(f).shadowRoot!.querySelectorAll('details')) details.open = true;
    expect(sameNames(preferences(f)), 'the preference center').to.deep.equal([]);
    // Each name starts with what the control shows (WCAG 2.5.3, label in name).
    const links = [...preferences(f).shadowRoot!.querySelectorAll('a[aria-label]')];
    expect(links.map((a) => a.getAttribute('aria-label'))).to.include(
      'Politique de confidentialité du fournisseur, Video',
    );
    for (const el of preferences(f).shadowRoot!.querySelectorAll('a[aria-label], summary'))
      expect(el.getAttribute('aria-label')!.startsWith(el.textContent.trim()), el.textContent).to.equal(true);
    await expectAccessible(f, 'preference center with providers’ policies');
    const axe = (f.win as unknown as { axe: { run(c: unknown, o: unknown): Promise<{ violations: unknown[] }> } }).axe;
    const same = await axe.run(f.doc, { runOnly: { type: 'rule', values: ['identical-links-same-purpose'] } });
    expect(same.violations).to.deep.equal([]);
  });

  it('shows each receipt’s number in the site’s register once the collector acknowledged it', async () => {
    const { url } = (await (await fetch('/__collector/start?store=sqlite', { method: 'POST' })).json()) as {
      url: string;
    };
    try {
      await fetch('/__collector/down', { method: 'POST' });
      const f = await openUI({ config: { collector: url } });
      await f.win.temoin.ready;
      await f.win.temoin.rejectAll();
      await f.win.temoin.showPreferences();
      await preferencesShown(f);
      const history = part(preferences(f), 'temoin-history');
      await until(
        () =>
          history.shadowRoot!.querySelector('li')?.textContent.includes('Reçu en attente d’envoi au registre du site'),
        'waiting',
      );
      await fetch('/__collector/up', { method: 'POST' });
      f.win.dispatchEvent(new Event('online'));
      await until(async () => (await f.win.temoin.history())[0]?.receipt?.ack, 'the acknowledgement');
      await f.win.temoin.showPreferences(); // the history reloads on opening
      await until(
        () => history.shadowRoot!.querySelector('li')?.textContent.includes('Reçu nº 1 au registre du site'),
        'the number',
      );
      await expectAccessible(f, 'history with a receipt');
    } finally {
      await fetch('/__collector/stop', { method: 'POST' });
    }
  });

  it('is captured for the README at 1280 and 375 px', async () => {
    for (const [width, height] of [
      [375, 740],
      [1280, 800],
    ] as const) {
      await setViewport({ width, height });
      await cleanOrigin();
      const f = await openUI({ fullscreen: true });
      await f.win.temoin.ready;
      await f.win.temoin.showPreferences();
      await preferencesShown(f);
      preferences(f).shadowRoot!.querySelector('details')!.open = true;
      await settled(f);
      await screenshot(`preferences-${width}`);
    }
  });
});

describe('manage control', () => {
  beforeEach(cleanOrigin);
  afterEach(() => setViewport({ width: 800, height: 600 }));

  it('is accessible, and appears for a returning visitor without the UI being downloaded', async () => {
    const f = await returning({}, true);
    await until(() => manageButton(f)?.shadowRoot?.querySelector('button'), 'the manage button');
    expect(manageButton(f)!.hidden).to.equal(false);
    const loaded = f.win.performance.getEntriesByType('resource').map((e) => e.name);
    expect(loaded.filter((n) => n.includes('temoin-ui') || n.includes('temoin-decisions'))).to.deep.equal([]);
    await expectAccessible(f, 'manage control');
  });

  it('is made only once a decision is in force', async () => {
    const f = await openUI();
    await bannerShown(f);
    await f.win.temoin.ready;
    expect(manageButton(f), 'while the visitor is asked').to.equal(null);
    part(banner(f), '[part~="reject"]').click();
    const button = await until(() => manageButton(f)?.shadowRoot?.querySelector('button'), 'the manage button');
    expect(manageButton(f)!.hidden).to.equal(false);
    expect(button.getAttribute('aria-haspopup')).to.equal('dialog');
    expect(button.getAttribute('part')).to.equal('button');
  });

  it('withdraws in as few clicks as consenting, and trackers stop on the next load', async () => {
    let f = await returning();
    await until(async () => (await pathsFrom('analytics.test')).includes('/ui-stats.js'), 'analytics');
    // Consenting took one click on the banner; withdrawing: open, then reject.
    const reloaded = nextLoad(f);
    (await until(() => manageButton(f)?.shadowRoot?.querySelector('button'), 'manage')).click();
    await preferencesShown(f);
    part(preferences(f), '[part~="reject"]').click();
    f = await reloaded;
    const before = (await requests()).filter((r) => r.host == 'analytics.test').length;
    await f.win.temoin.ready;
    await timeToShow(300);
    expect((await requests()).filter((r) => r.host == 'analytics.test').length).to.equal(before);
    expect(f.win.temoin.granted('analytics')).to.equal(false);
  });

  it('says the choice is saved on the page a withdrawal reloads, once, in the language read; not for the API', async () => {
    let f = await returning({}, true);
    await f.win.temoin.ready;
    await f.win.temoin.showPreferences();
    await preferencesShown(f);
    part(preferences(f), '[part="language"]').click();
    await until(() => part(preferences(f), 'h2').textContent == 'Cookie settings', 'English');
    let reloaded = nextLoad(f);
    part(preferences(f), '[part~="reject"]').click();
    f = await reloaded;
    const region = await savedStatus(f);
    await until(() => region.textContent == 'Your choices are saved.', 'the confirmation, after the reload');
    expect(region.lang).to.equal('en');
    expect(f.win.temoin.granted('analytics')).to.equal(false);
    // Once: the next load says nothing, and downloads what any returning visit does.
    reloaded = nextLoad(f);
    f.win.location.reload();
    f = await reloaded;
    await f.win.temoin.ready;
    await timeToShow(700);
    expect(f.doc.querySelector('temoin-status')).to.equal(null);
    expect(fetchedFiles(f)).to.deep.equal(['temoin.js']);
    // A withdrawal the page's own script makes is not the visitor's in our interface: nothing said.
    await f.win.temoin.set({ analytics: true });
    reloaded = nextLoad(f);
    await f.win.temoin.set({ analytics: false });
    f = await reloaded;
    await f.win.temoin.ready;
    await timeToShow(700);
    expect(f.doc.querySelector('temoin-status')).to.equal(null);
    expect(fetchedFiles(f)).to.deep.equal(['temoin.js']);
  });

  it("can give way to the site's own data-temoin-open link", async () => {
    const f = await returning({ config: { manageButton: false } });
    await f.win.temoin.ready;
    // Made, the manage control would be in the page by now.
    await timeToShow(100);
    expect(manageButton(f)).to.equal(null);
    f.doc.getElementById('own-link')!.click();
    await preferencesShown(f);
  });

  it("keeps room at the page's end on a phone: the last button scrolls clear of it, focused or not", async () => {
    await setViewport({ width: 375, height: 667 });
    const f = await returning({ fullscreen: true });
    const manage = await until(() => manageButton(f)?.shadowRoot?.querySelector('button'), 'the manage button');
    const last = f.doc.getElementById('bottom-button')!;
    const clear = () => last.getBoundingClientRect().bottom <= manage.getBoundingClientRect().top;
    f.win.scrollTo(0, f.doc.documentElement.scrollHeight);
    expect(clear(), 'scrolled to the end').to.equal(true);
    // Focus from the top of the page: the browser scrolls it into view above the button.
    f.win.scrollTo(0, 0);
    last.focus();
    expect(clear(), 'focused').to.equal(true);
    // The site may take the room back; and a page without the button has none.
    f.doc.documentElement.style.setProperty('--temoin-manage-room', '0px');
    expect(getComputedStyle(f.doc.documentElement).paddingBottom).to.equal('0px');
    f.doc.documentElement.style.removeProperty('--temoin-manage-room');
    expect(getComputedStyle(f.doc.documentElement).paddingBottom).to.equal('56px');
    await f.win.temoin.reset();
    await until(() => manageButton(f)!.hidden, 'the button hidden once no decision is in force');
    expect(getComputedStyle(f.doc.documentElement).paddingBottom).to.equal('0px');
  });

  it('speaks the language the visitor switched to in the preference center', async () => {
    const f = await returning();
    const manage = await until(() => manageButton(f)?.shadowRoot?.querySelector('button'), 'the manage button');
    expect(manage.textContent).to.equal('Gérer mes témoins');
    manage.click();
    await preferencesShown(f);
    part(preferences(f), '[part="language"]').click();
    await until(() => part(preferences(f), 'h2').textContent == 'Cookie settings', 'English');
    part(preferences(f), '[part="close"]').click();
    await until(() => manage.textContent == 'Manage cookies', 'the English label');
    expect(manage.lang).to.equal('en');
    // Made by a decision taken in English, on a first visit: in English too.
    await cleanOrigin();
    const first = await openUI();
    await bannerShown(first);
    part(banner(first), '[part~="customize"]').click();
    await preferencesShown(first);
    part(preferences(first), '[part="language"]').click();
    await until(() => part(preferences(first), 'h2').textContent == 'Cookie settings', 'English');
    part(preferences(first), '[part~="reject"]').click();
    const made = await until(() => manageButton(first)?.shadowRoot?.querySelector('button'), 'the manage button');
    await until(() => made.textContent == 'Manage cookies', 'the English label');
    expect(made.lang).to.equal('en');
  });

  it('sits in the corner the config names', async () => {
    const f = await returning({ config: { manageButton: 'bottom-right' } });
    const button = await until(() => manageButton(f)?.shadowRoot?.querySelector('button'), 'the manage button');
    expect(button.getBoundingClientRect().right).to.be.greaterThan(f.win.innerWidth - 40);
  });
});
