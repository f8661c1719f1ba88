// A switch per service in the interface: the preference center's switches, from the keyboard
// alone, accessible in their new states; the placeholder allowing its own service; the history.
import { emulateMedia, sendKeys, setViewport } from '@web/test-runner-commands';
import { expect } from 'chai';
import type { CategoryConfig } from '../../src/core/config.js';
import { cleanOrigin, pathsFrom, timeToShow, until, type Fixture } from '../support/fixture.js';
import {
  banner,
  bannerShown,
  deepActive,
  expectAccessible,
  openUI,
  part,
  preferences,
  preferencesShown,
  tabTo,
} from '../support/ui.js';

/** The test config, with media made of two services: `video` (the fixture's embeds) and `tube`. */
let categories: CategoryConfig[];
before(async () => {
  const base = (await (await fetch('/test/fixtures/config.json')).json()) as { categories: CategoryConfig[] };
  categories = base.categories.map((c) =>
    c.id == 'media'
      ? {
          ...c,
          services: [
            c.services![0]!,
            {
              id: 'tube',
              name: 'Tube',
              provider: 'Tube inc.',
              purpose: 'Vidéos',
              hosts: ['tube.test'],
              hostedOutsideQuebec: true,
            },
          ],
        }
      : c,
  );
});
const page = () => openUI({ config: { categories } });

const control = (f: Fixture, selector: string) => part<HTMLButtonElement>(preferences(f), selector);
const state = (f: Fixture, selector: string) => control(f, selector).getAttribute('aria-checked');
const tube = '[part~="service-switch"][aria-labelledby="service-media/tube"]';
const video = '[part~="service-switch"][aria-labelledby="service-media/video"]';

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

describe('a switch per service', () => {
  beforeEach(cleanOrigin);

  it('lets a visitor grant one service of a category from the keyboard alone', async () => {
    const f = await page();
    await bannerShown(f);
    await tabTo(f, (el) => el.textContent == 'Personnaliser', 'customize');
    await sendKeys({ press: 'Enter' });
    await preferencesShown(f);
    // Only the category of several services has switches per service, each named by its service.
    expect(preferences(f).shadowRoot!.querySelectorAll('[part~="service-switch"]')).to.have.length(2);
    expect(control(f, '#category-media').getAttribute('role')).to.equal('checkbox');
    expect(control(f, '#category-analytics').getAttribute('role')).to.equal('switch');
    expect(part(preferences(f), '#service-media\\/tube').textContent).to.equal('Tube');

    await tabTo(
      f,
      (el) => el.localName == 'summary' && el.textContent.startsWith('Services (2)'),
      'the media services',
    );
    await sendKeys({ press: 'Enter' });
    await tabTo(f, (el) => el == control(f, tube), 'the tube switch');
    await sendKeys({ press: 'Space' });
    await until(() => state(f, tube) == 'true', 'Space turns the service on');
    expect([state(f, video), state(f, '#category-media')]).to.deep.equal(['false', 'mixed']);

    await tabTo(f, (el) => el.textContent == 'Enregistrer mes choix', 'save');
    await sendKeys({ press: 'Enter' });
    await until(() => f.win.temoin.get(), 'the saved choices');
    expect(f.win.temoin.get()).to.deep.include({
      choices: { necessary: true, analytics: false, marketing: false, media: false },
      services: ['tube'],
      method: 'preferences',
    });
    expect([f.win.temoin.granted('media', 'tube'), f.win.temoin.granted('media', 'video')]).to.deep.equal([
      true,
      false,
    ]);
    // The video embeds, of the refused neighbour, stay blocked.
    await timeToShow(300);
    expect(await pathsFrom('www.video.test')).to.deep.equal([]);
    // Focus left the closed dialog for the manage button: the banner's button that opened it is gone.
    expect(deepActive(f.doc), 'focus left the closed dialog').to.equal(
      f.doc.querySelector('temoin-manage')!.shadowRoot!.querySelector('button'),
    );
  });

  it('shows all, some or none on the category’s switch, accessible and at 3:1 in light and dark', async () => {
    const f = await page();
    await f.win.temoin.ready;
    await f.win.temoin.set({ media: { tube: true } });
    await f.win.temoin.showPreferences();
    await preferencesShown(f);
    for (const details of preferences(f).shadowRoot!.querySelectorAll('details')) details.open = true;
    await preferences(f).requestUpdate();
    expect([state(f, '#category-media'), state(f, tube), state(f, video)]).to.deep.equal(['mixed', 'true', 'false']);
    // Partly on at a glance: a bar across the track, not a thumb nearly at the "on" end, and how
    // many, in words, beside it and in the control's description.
    const bar = getComputedStyle(control(f, '#category-media'), '::before');
    expect(parseFloat(bar.width), 'a bar, wider than tall').to.be.at.least(4 * parseFloat(bar.height));
    expect(bar.transform, 'not moved toward "on"').to.equal('none');
    const some = control(f, '[part~="some"]');
    expect(some.textContent).to.equal('Services acceptés\u00a0: 1 sur 2');
    expect(control(f, '#category-media').getAttribute('aria-describedby')?.split(' ')).to.include(some.id);
    const dialog = part(preferences(f), 'dialog');
    for (const colorScheme of ['light', 'dark'] as const) {
      await emulateMedia({ colorScheme });
      const mixed = getComputedStyle(control(f, '#category-media'));
      const thumb = getComputedStyle(control(f, '#category-media'), '::before').backgroundColor;
      const what = `mixed switch, ${colorScheme}`;
      expect(contrast(mixed.borderTopColor, getComputedStyle(dialog).backgroundColor), what).to.be.at.least(3);
      expect(contrast(thumb, mixed.backgroundColor), what).to.be.at.least(3);
    }
    await emulateMedia({ colorScheme: 'light' });
    banner(f).remove();
    await expectAccessible(f, 'a category granted in part, its services on and off');

    // The mixed control turns every service on; once all are on, every one off.
    control(f, '#category-media').click();
    await preferences(f).requestUpdate();
    expect([state(f, '#category-media'), state(f, tube), state(f, video)]).to.deep.equal(['true', 'true', 'true']);
    expect(preferences(f).shadowRoot!.querySelector('[part~="some"]'), 'no count once all are on').to.equal(null);
    control(f, '#category-media').click();
    await preferences(f).requestUpdate();
    expect([state(f, '#category-media'), state(f, tube), state(f, video)]).to.deep.equal(['false', 'false', 'false']);
    // The last service turned on makes the category whole.
    control(f, tube).click();
    control(f, video).click();
    await preferences(f).requestUpdate();
    expect(state(f, '#category-media')).to.equal('true');
  });

  it('tells the history a decision per service', async () => {
    const f = await page();
    await f.win.temoin.ready;
    await f.win.temoin.set({ media: { video: true } });
    await f.win.temoin.showPreferences();
    await preferencesShown(f);
    const history = await until(
      () => preferences(f).shadowRoot!.querySelector('temoin-history')?.shadowRoot?.querySelector('.choices'),
      'the history',
    );
    // One choice a line: joined by « et », they ran into titles that have one (newcomer44).
    expect([...history.children].map((line) => line.textContent)).to.include.members([
      'Vidéos intégrées – Video\u00a0: oui',
      'Vidéos intégrées – Tube\u00a0: non',
    ]);
  });

  it('opens the preference center with one service switched on, and nothing for an unknown one', async () => {
    const f = await page();
    await bannerShown(f);
    await f.win.temoin.showPreferences('media/tube');
    await preferencesShown(f);
    expect([state(f, tube), state(f, video), state(f, '#category-media')]).to.deep.equal(['true', 'false', 'mixed']);
    preferences(f).close();
    await f.win.temoin.showPreferences('media/nope');
    await preferencesShown(f);
    expect([state(f, tube), state(f, video), state(f, '#category-media')]).to.deep.equal(['false', 'false', 'false']);
    expect(f.win.temoin.get(), 'nothing saved').to.equal(null);
    // The page's own button, beside an embed no placeholder stands for (a post a script draws).
    preferences(f).close();
    const button = f.doc.body.appendChild(f.doc.createElement('button'));
    button.dataset.temoinOpen = 'media/tube';
    button.innerHTML = '<span>Afficher la publication</span>';
    button.querySelector('span')!.click();
    await preferencesShown(f);
    expect([state(f, tube), state(f, video), state(f, '#category-media')]).to.deep.equal(['true', 'false', 'mixed']);
    expect(f.win.temoin.get(), 'nothing saved').to.equal(null);
  });

  it('shows the service it switched on, on a phone too, where it was below the fold', async () => {
    await setViewport({ width: 375, height: 667 });
    try {
      const f = await openUI({ config: { categories }, fullscreen: true });
      await bannerShown(f);
      await f.win.temoin.showPreferences('media/tube');
      await preferencesShown(f);
      await new Promise(requestAnimationFrame);
      const body = part(preferences(f), '.body').getBoundingClientRect();
      const at = control(f, tube).getBoundingClientRect();
      expect(
        at.top >= body.top && at.bottom <= body.bottom,
        `switch at ${at.top}-${at.bottom}, body ${body.top}-${body.bottom}`,
      ).to.equal(true);
      expect(deepActive(f.doc)?.id, 'focus on the title').to.equal('title');
    } finally {
      await setViewport({ width: 800, height: 600 });
    }
  });

  it('has the placeholder allow its own service, not the whole category', async () => {
    const f = await page();
    await f.win.temoin.ready;
    // A visitor who has decided (before any decision, "always allow" opens the preference center).
    await f.win.temoin.rejectAll();
    const placeholder = await until(
      () => f.doc.querySelector('temoin-placeholder')?.shadowRoot?.querySelector('[part~="always"]'),
      'a placeholder',
    );
    expect(placeholder.textContent).to.equal('Toujours autoriser «\u202fVideo\u202f»');
    (placeholder as HTMLElement).click();
    await until(() => f.win.temoin.get()?.method == 'placeholder', 'the decision');
    expect(f.win.temoin.get()).to.deep.include({ services: ['video'], method: 'placeholder' });
    expect(f.win.temoin.granted('media')).to.equal(false);
    await until(async () => (await pathsFrom('www.video.test')).length == 2, 'both video embeds');
    await until(() => !f.doc.querySelector('temoin-placeholder'), 'no placeholder left');
  });
});
