// The banner: accessible, French first, three equal choices, not a cookie wall.
import { emulateMedia, sendKeys, sendMouse, setViewport } from '@web/test-runner-commands';
import { expect } from 'chai';
import type { TemoinConfig } from '../../src/core/config.js';
import { cleanOrigin, fetchedFiles, open, pathsFrom, timeToShow, until, type Fixture } from '../support/fixture.js';
import {
  banner,
  bannerShown,
  deepActive,
  expectAccessible,
  openUI,
  part,
  preferencesShown,
  savedStatus,
  screenshot,
  settled,
  tabTo,
} from '../support/ui.js';

describe('banner', () => {
  beforeEach(cleanOrigin);
  afterEach(() => setViewport({ width: 800, height: 600 }));

  it('says in French what is collected and why, with three choices of equal weight', async () => {
    const f = await openUI({ config: { policyUrl: { fr: '/confidentialite', en: '/privacy' } } });
    const region = await bannerShown(f);
    expect(region.getAttribute('role')).to.equal('dialog');
    expect(part(banner(f), '#title').textContent).to.equal('Vos choix en matière de témoins');
    const text = part(banner(f), '#text').textContent.replace(/\s+/g, ' ');
    expect(text)
      .to.contain('pour la mesure d’audience, la publicité et les contenus intégrés')
      .and.contain('des renseignements sur votre appareil, ce que vous consultez et votre activité sur d’autres sites');
    expect(part<HTMLAnchorElement>(banner(f), '[part="policy-link"]').getAttribute('href')).to.equal(
      '/confidentialite',
    );
    const buttons = [...banner(f).shadowRoot!.querySelectorAll<HTMLButtonElement>('.action')];
    expect(buttons.map((b) => b.textContent)).to.deep.equal(['Tout accepter', 'Tout refuser', 'Personnaliser']);
    const boxes = buttons.map((b) => b.getBoundingClientRect());
    expect(new Set(boxes.map((b) => Math.round(b.width))).size, 'same width').to.equal(1);
    expect(new Set(boxes.map((b) => Math.round(b.height))).size, 'same height').to.equal(1);
    const styles = buttons.map((b) => getComputedStyle(b));
    expect(
      new Set(styles.map((s) => s.backgroundColor + s.color + s.fontWeight + s.fontSize)).size,
      'same look',
    ).to.equal(1);
    expect(boxes[0]!.height).to.be.at.least(24);
  });

  it('shows while a slow page is still loading, and the embeds parsed later get placeholders', async () => {
    const f = await open('slow', { config: { ui: '/dist/temoin-ui.js' }, early: true });
    await bannerShown(f);
    // The page's own slow script still holds the parser.
    expect(f.doc.readyState).to.equal('loading');
    expect(f.doc.getElementById('after')).to.equal(null);
    const placeholder = await until(
      () => f.doc.querySelector('#video-late')?.previousElementSibling?.localName == 'temoin-placeholder',
      'a placeholder for the embed parsed after the banner showed',
      10000,
    );
    expect(placeholder).to.equal(true);
    expect(f.doc.querySelectorAll('temoin-banner')).to.have.length(1);
    expect(banner(f).hasAttribute('open')).to.equal(true);
    expect(await pathsFrom('www.video.test')).to.deep.equal([]);
  });

  it('speaks English on an English page', async () => {
    const f = await openUI({ lang: 'en' });
    await bannerShown(f);
    expect(part(banner(f), '#title').textContent).to.equal('Your cookie choices');
  });

  it('takes any string from the config', async () => {
    const f = await openUI({ config: { strings: { fr: { acceptAll: 'J’accepte tout' } } } });
    await bannerShown(f);
    expect(part(banner(f), '[part~="accept"]').textContent).to.equal('J’accepte tout');
  });

  it('accepts all: records the decision, runs the scripts, closes', async () => {
    const f = await openUI();
    await bannerShown(f);
    part(banner(f), '[part~="accept"]').click();
    await until(() => f.win.temoin.get(), 'the decision');
    expect(f.win.temoin.get()!.method).to.equal('banner');
    expect(Object.values(f.win.temoin.get()!.choices).every(Boolean)).to.equal(true);
    await until(async () => (await pathsFrom('analytics.test')).includes('/ui-stats.js'), 'the analytics script');
    expect(banner(f).hasAttribute('open')).to.equal(false);
  });

  it('says the choice is saved once it closes, in a status region of the page, shown a moment', async () => {
    await setViewport({ width: 375, height: 667 });
    const f = await openUI({ fullscreen: true });
    await bannerShown(f);
    // Its code comes with the first choice, not with the banner.
    expect(f.doc.querySelector('temoin-status')).to.equal(null);
    expect(fetchedFiles(f)).to.not.include('temoin-ui-status.js');
    part(banner(f), '[part~="reject"]').click();
    // At the page's level: neither in the banner, hidden once closed, nor in the preference
    // center, whose dialog makes the rest of the page inert; put there empty, then said.
    const region = await savedStatus(f);
    expect(f.doc.querySelector('temoin-status')!.parentElement).to.equal(f.doc.body);
    await until(() => region.textContent == 'Vos choix sont enregistrés.', 'the confirmation');
    expect(banner(f).hasAttribute('open')).to.equal(false);
    expect(region.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })).to.equal(true);
    const box = region.getBoundingClientRect();
    expect(box.height, 'drawn').to.be.greaterThan(20);
    const manage = await until(
      () => f.doc.querySelector('temoin-manage')?.shadowRoot?.querySelector('button'),
      'the manage button',
    );
    const button = manage.getBoundingClientRect();
    expect(box.left, 'beside the manage button').to.be.at.least(button.right);
    expect(box.bottom, 'in the strip the page keeps clear for it').to.equal(button.bottom);
    await expectAccessible(f, 'the saved status');
    await screenshot('saved-status-375x667');
    await until(() => region.textContent == '', 'gone after a few seconds', 7000);
  });

  it('rejects all: records the refusal and nothing optional loads', async () => {
    const f = await openUI();
    await bannerShown(f);
    part(banner(f), '[part~="reject"]').click();
    await until(() => f.win.temoin.get(), 'the decision');
    expect(f.win.temoin.get()!.choices).to.deep.equal({
      necessary: true,
      analytics: false,
      marketing: false,
      media: false,
    });
    await timeToShow(300);
    expect(await pathsFrom('analytics.test')).to.deep.equal([]);
    expect(banner(f).hasAttribute('open')).to.equal(false);
  });

  it('customize opens the preference center; closing it keeps the banner', async () => {
    const f = await openUI();
    await bannerShown(f);
    part(banner(f), '[part~="customize"]').click();
    const dialog = await preferencesShown(f);
    dialog.close();
    expect(banner(f).hasAttribute('open')).to.equal(true);
    expect(f.win.temoin.get()).to.equal(null);
  });

  it('closes with the close button or Escape, recording and granting nothing', async () => {
    let f = await openUI();
    await bannerShown(f);
    part(banner(f), '.close').click();
    expect(banner(f).hasAttribute('open')).to.equal(false);
    expect(f.win.temoin.get()).to.equal(null);
    expect(f.win.temoin.granted('analytics')).to.equal(false);

    // One page at a time, so the key goes to this banner.
    f.frame.remove();
    f = await openUI();
    const region = await bannerShown(f);
    await until(() => deepActive(f.doc) == region, 'focus in the banner');
    await sendKeys({ press: 'Escape' });
    expect(banner(f).hasAttribute('open')).to.equal(false);
    expect(f.win.temoin.get()).to.equal(null);
  });

  it('works from the keyboard alone: accept, reject, customize, and gives focus to the manage button after each', async () => {
    const onManageButton = (f: Fixture) => {
      const button = f.doc.querySelector('temoin-manage')?.shadowRoot?.querySelector('button');
      return !!button && deepActive(f.doc) == button;
    };
    let f = await openUI();
    await bannerShown(f);
    await tabTo(f, (el) => el.textContent == 'Tout accepter', 'accept');
    await sendKeys({ press: 'Enter' });
    await until(() => f.win.temoin.get()?.choices.analytics, 'acceptance');
    // The banner gone, focus does not fall to <body>: the manage button, which changes it back, has it.
    await until(() => onManageButton(f), 'focus on the manage button');

    await cleanOrigin();
    f = await openUI();
    await bannerShown(f);
    await tabTo(f, (el) => el.textContent == 'Tout refuser', 'reject');
    await sendKeys({ press: 'Enter' });
    await until(() => f.win.temoin.get(), 'refusal');
    expect(f.win.temoin.get()!.choices.analytics).to.equal(false);
    await until(() => onManageButton(f), 'focus on the manage button after a refusal');

    await cleanOrigin();
    f = await openUI();
    await bannerShown(f);
    await tabTo(f, (el) => el.textContent == 'Personnaliser', 'customize');
    await sendKeys({ press: 'Enter' });
    await preferencesShown(f);
    await tabTo(f, (el) => el.id == 'category-media', 'the media switch');
    await sendKeys({ press: 'Space' });
    await tabTo(f, (el) => el.textContent == 'Enregistrer mes choix', 'save');
    await sendKeys({ press: 'Enter' });
    await until(() => f.win.temoin.get(), 'the saved choices');
    expect(f.win.temoin.get()!.choices).to.deep.equal({
      necessary: true,
      analytics: false,
      marketing: false,
      media: true,
    });
    expect(f.win.temoin.get()!.method).to.equal('preferences');
    expect(banner(f).hasAttribute('open')).to.equal(false);
    // The button that opened the dialog went with the banner: the WAI-ARIA dialog pattern's "another
    // element that provides logical work flow", the manage button, has focus, not <body>.
    await until(() => onManageButton(f), 'focus on the manage button after saving');
  });

  it('shows a position its layout does not take at the layout’s default', async () => {
    const f = await openUI({ config: { layout: 'box', position: 'middle' } });
    await bannerShown(f);
    expect(banner(f).getAttribute('position')).to.equal('middle');
    // Only the development build refuses such a config; the production build shows the default.
    for (const [layout, position, shown] of [
      ['box', 'top', 'bottom-right'],
      ['bar', 'middle', 'bottom'],
      ['bar', undefined, 'bottom'],
    ] as const) {
      part(banner(f), '.close').click();
      Object.assign(f.win.temoin.config!, { layout, position });
      banner(f).show();
      await bannerShown(f);
      expect(banner(f).getAttribute('layout'), `${layout} ${position}`).to.equal(layout);
      expect(banner(f).getAttribute('position'), `${layout} ${position}`).to.equal(shown);
    }
  });

  it('does not animate when the visitor prefers reduced motion', async () => {
    let f = await openUI();
    let region = await bannerShown(f);
    expect(getComputedStyle(region).animationName).to.equal('rise');
    await emulateMedia({ reducedMotion: 'reduce' });
    try {
      f = await openUI();
      region = await bannerShown(f);
      expect(getComputedStyle(region).animationName).to.equal('none');
    } finally {
      await emulateMedia({ reducedMotion: 'no-preference' });
    }
  });

  it('shows where keyboard focus is', async () => {
    const f = await openUI();
    await bannerShown(f);
    const button = await tabTo(f, (el) => el.textContent == 'Tout refuser', 'reject');
    const style = getComputedStyle(button);
    expect(style.outlineStyle).to.equal('solid');
    expect(parseFloat(style.outlineWidth)).to.be.at.least(2);
  });

  it('gives focus back to the customize button when the preference center closes', async () => {
    const f = await openUI();
    await bannerShown(f);
    await tabTo(f, (el) => el.textContent == 'Personnaliser', 'customize');
    await sendKeys({ press: 'Enter' });
    await preferencesShown(f);
    await sendKeys({ press: 'Escape' });
    await until(() => deepActive(f.doc)?.textContent == 'Personnaliser', 'focus back on customize');
  });
});

/**
 * Every layout the config offers, the default first. Each passes the same tests: axe, the phones,
 * 400 % zoom, focus never obscured, a usable page.
 */
const LAYOUTS: [string, Pick<TemoinConfig, 'layout' | 'position'>][] = [
  ['bar', {}],
  ['bar-top', { position: 'top' }],
  ['box', { layout: 'box' }],
  ['box-bottom-left', { layout: 'box', position: 'bottom-left' }],
  ['box-middle', { layout: 'box', position: 'middle' }],
];

// Phones, and a 1280 × 1024 desktop zoomed to 400 % (WCAG 1.4.10: 320 CSS px wide). The page's
// serif font in English; the narrowest in French, whose choices are longer, in a wide sans-serif
// (DejaVu Sans here, as Verdana elsewhere).
const SCREENS = [
  [320, 568, '320x568'],
  [375, 667, '375x667'],
  [375, 812, '375x812'],
  [320, 256, 'zoom-400'],
  [320, 200, 'zoom-400-short'],
  [1280, 800, '1280'],
  [320, 568, '320x568-fr', 'fr'],
  [320, 256, 'zoom-400-fr', 'fr'],
  [320, 200, 'zoom-400-short-fr', 'fr'],
] as const;

/**
 * Checks that the region is where its layout puts it: on a screen over 30rem wide, a bar 8px from
 * the bottom or top edge and centred, a box 16px from its corner or in the middle; on a narrower
 * one, the whole width, at the bottom (or top, for a top bar).
 */
function expectPlaced(f: Fixture, region: HTMLElement, config: Pick<TemoinConfig, 'layout' | 'position'>): void {
  const r = region.getBoundingClientRect();
  const [w, h] = [f.win.innerWidth, f.win.innerHeight];
  const wide = w > 480;
  const box = wide && config.layout == 'box';
  const gap = wide ? (box ? 16 : 8) : 0;
  const where = config.position ?? '';
  const near = (actual: number, expected: number, what: string) =>
    expect(actual, `${what} in ${w}×${h}: ${JSON.stringify(r)}`).to.be.closeTo(expected, 1.5);
  if (where == 'top') near(r.top, gap, 'top');
  else if (box && where == 'middle') near(r.top + r.bottom, h, 'centred vertically');
  else near(r.bottom, h - gap, 'bottom');
  if (box && where == 'bottom-left') near(r.left, gap, 'left');
  else if (box && where != 'middle') near(r.right, w - gap, 'right');
  else near(r.left + r.right, w, 'centred');
  if (!wide) near(r.width, w, 'width');
}

for (const [layout, config] of LAYOUTS) {
  describe(`banner, ${layout} layout`, () => {
    beforeEach(cleanOrigin);
    afterEach(() => setViewport({ width: 800, height: 600 }));

    it('is accessible in light and dark schemes', async () => {
      await setViewport({ width: 1280, height: 800 });
      const f = await openUI({ fullscreen: true, config });
      const region = await bannerShown(f);
      // Risen: half-way through its fade-in, its colours are not yet its own.
      await settled(f);
      expectPlaced(f, region, config);
      expect(banner(f).getAttribute('layout')).to.equal(layout.split('-')[0]);
      await expectAccessible(f, `banner, ${layout}`);
    });

    it('is not a cookie wall: the page stays usable while it is open', async () => {
      const f = await openUI({ fullscreen: true, config });
      const region = await bannerShown(f);
      await settled(f);
      const link = f.doc.getElementById('page-link')!;
      let clicked = false;
      link.addEventListener('click', (e) => {
        e.preventDefault();
        clicked = true;
      });
      // A real click where the page's first link shows: the banner covers none of it.
      const { left, top, width, height } = link.getBoundingClientRect();
      await sendMouse({ type: 'click', position: [Math.round(left + width / 2), Math.round(top + height / 2)] });
      expect(
        clicked,
        `the link at ${left},${top}, the banner ${JSON.stringify(region.getBoundingClientRect())}`,
      ).to.equal(true);
      expect(f.doc.body.hasAttribute('inert')).to.equal(false);
      expect(region.getAttribute('aria-modal')).to.equal('false');
      expect(banner(f).hasAttribute('open')).to.equal(true);
    });

    for (const [width, height, where] of [
      [800, 600, ''],
      [375, 667, ' on a phone either'],
    ] as const) {
      it(`never hides the focused element${where} (WCAG 2.4.11)`, async () => {
        await setViewport({ width, height });
        const f = await openUI({ fullscreen: true, config });
        const region = await bannerShown(f);
        await until(() => deepActive(f.doc) == region, 'focus in the banner');
        // The banner comes first in the page: Tab goes from it through the page to its last button,
        // Shift+Tab back to its first link; each element of the page that gets focus on the way is
        // clear of the banner, and on screen.
        const stops: string[] = [];
        for (const [key, last] of [
          ['Tab', 'bottom-button'],
          ['Shift+Tab', 'page-link'],
        ] as const) {
          for (let i = 0, el = deepActive(f.doc)!; el.id != last; i++) {
            if (i == 40) throw new Error(`${key} never reached #${last}`);
            if (key == 'Shift+Tab') await sendKeys({ down: 'Shift' });
            await sendKeys({ press: 'Tab' });
            if (key == 'Shift+Tab') await sendKeys({ up: 'Shift' });
            el = deepActive(f.doc)!;
            // The banner's own stops, and none (focus on <body>, between the page and the runner's).
            if (banner(f).shadowRoot!.contains(el) || el == f.doc.body) continue;
            await settled(f);
            const a = el.getBoundingClientRect();
            const b = region.getBoundingClientRect();
            const what = `${el.id || el.textContent}, ${a.top}–${a.bottom}, ${a.left}–${a.right}; banner ${b.top}–${b.bottom}, ${b.left}–${b.right}`;
            expect(a.bottom <= b.top || a.top >= b.bottom || a.right <= b.left || a.left >= b.right, what).to.equal(
              true,
            );
            // On screen, give or take the fraction of a pixel a scroll cannot move.
            expect(a.top > -1 && a.bottom < f.win.innerHeight + 1, `${what}: on screen`).to.equal(true);
            stops.push(el.id || el.textContent);
          }
        }
        // Both links, the placeholders' four buttons, the bottom button, and back.
        expect(stops.length, stops.join(' · ')).to.be.at.least(12);
        // A box in the middle stepped aside to the corner once focus went to the page.
        if (config.position == 'middle') expect(banner(f).getAttribute('position')).to.equal('bottom-right');
      });
    }

    for (const [width, height, name, lang] of SCREENS) {
      it(`shows all three choices without scrolling at ${width}×${height}${lang ? ' in French' : ''}, the text yielding`, async () => {
        await setViewport({ width, height });
        const f = await openUI({ fullscreen: true, lang, config: { policyUrl: '/confidentialite', ...config } });
        if (lang) f.doc.documentElement.style.fontFamily = 'sans-serif';
        const region = await bannerShown(f);
        await settled(f);
        expectPlaced(f, region, config);
        expect(region.scrollWidth, 'no horizontal overflow').to.be.at.most(region.clientWidth);
        for (const button of banner(f).shadowRoot!.querySelectorAll<HTMLElement>('.action')) {
          const box = button.getBoundingClientRect();
          const where = `${button.textContent} at ${box.left},${box.top}–${box.right},${box.bottom} in ${width}×${height}`;
          expect(
            box.top >= 0 && box.left >= 0 && box.bottom <= f.win.innerHeight && box.right <= f.win.innerWidth,
            where,
          ).to.equal(true);
          // No scrolling box of the banner clips it, and nothing covers it.
          for (
            let el: Element | null = button.parentElement ?? null;
            el;
            el = el.parentElement ?? (el.getRootNode() as Partial<ShadowRoot>).host ?? null
          ) {
            if (getComputedStyle(el).overflow == 'visible') continue;
            const clip = el.getBoundingClientRect();
            expect(
              box.top >= clip.top && box.bottom <= clip.bottom && box.left >= clip.left && box.right <= clip.right,
              `${where}, clipped by ${el.localName}`,
            ).to.equal(true);
          }
          expect(
            banner(f).shadowRoot!.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2),
            where,
          ).to.equal(button);
        }
        // The page stays usable: on a phone the banner takes at most 60 % of the screen.
        if (height > 400) expect(region.getBoundingClientRect().height, 'height').to.be.at.most(height * 0.6 + 1);
        // Two lines of the sentence show at least: in its own box, and above the choices.
        const text = part(banner(f), '#text');
        const shown =
          Math.min(text.getBoundingClientRect().bottom, part(banner(f), '.actions').getBoundingClientRect().top) -
          Math.max(text.getBoundingClientRect().top, region.getBoundingClientRect().top);
        expect(Math.min(shown, text.clientHeight), 'two lines of the sentence at least').to.be.at.least(
          2 * parseFloat(getComputedStyle(text).lineHeight) - 1,
        );
        // The README's pictures: every size of the default layout, a desktop and a phone of the others.
        if (layout == 'bar') await screenshot(`banner-${name}`);
        else if (name == '1280' || name == '375x667') await screenshot(`banner-${layout}-${name}`);
        if (text.scrollHeight > text.clientHeight) {
          expect(text.tabIndex, 'text that scrolls is reachable by keyboard').to.equal(0);
          await expectAccessible(f, `banner with a sentence that scrolls, ${layout}, ${width}×${height}`);
        }
      });
    }

    it('leaves most of a phone’s screen to the page: 45 % at most of 375×667, with the demo’s long French sentence', async () => {
      await setViewport({ width: 375, height: 667 });
      // The demo's config: five groups of data, three purposes and the outside-Québec sentence.
      const demo = (await (await fetch('/demo/temoin.config.json')).json()) as TemoinConfig;
      delete demo.collector;
      const f = await openUI({ fullscreen: true, config: { ...demo, ...config } });
      // The demo's font, wider than the fixture's serif.
      f.doc.documentElement.style.fontFamily = 'system-ui, sans-serif';
      const region = await bannerShown(f);
      await settled(f);
      expect(region.getBoundingClientRect().height, 'height').to.be.at.most(667 * 0.45);
      // The sentence starts with the purposes: they show unscrolled, above the choices.
      const text = part(banner(f), '#text');
      expect(text.textContent).to.match(
        /^\s*Avec votre accord, pour la mesure d’audience, la publicité et les contenus/,
      );
      expect(text.scrollTop).to.equal(0);
      expect(text.clientHeight, 'four lines of it at least').to.be.at.least(
        4 * parseFloat(getComputedStyle(text).lineHeight) - 1,
      );
    });

    it('keeps its size on a page whose root font is 62.5 %, as many sites set it', async () => {
      await setViewport({ width: 375, height: 667 });
      const f = await openUI({ fullscreen: true, config });
      f.doc.documentElement.style.fontSize = '62.5%';
      await bannerShown(f);
      const size = (selector: string) => getComputedStyle(part(banner(f), selector)).fontSize;
      expect([size('h2'), size('#text'), size('.action')]).to.deep.equal(['16px', '14px', '16px']);
    });

    it('gives the page its own padding back when it closes', async () => {
      const f = await openUI({ config });
      await bannerShown(f);
      const side = config.position == 'top' ? 'paddingTop' : 'paddingBottom';
      await until(() => f.doc.body.style[side].startsWith('calc('), 'room for the banner');
      part(banner(f), '.close').click();
      expect(f.doc.body.style[side]).to.equal('');
      f.doc.body.style[side] = '7px';
      await f.win.temoin.reset();
      await bannerShown(f);
      await until(() => f.doc.body.style[side].startsWith('calc('), 'room for the banner');
      part(banner(f), '.close').click();
      expect(f.doc.body.style[side]).to.equal('7px');
    });
  });
}
