// Placeholders stand in for blocked embeds, and load only what the visitor asks for.
import { setViewport } from '@web/test-runner-commands';
import { expect } from 'chai';
import { cleanOrigin, fetchedFiles, open, pathsFrom, timeToShow, until, type Fixture } from '../support/fixture.js';
import type { DataKind, ValidConfig } from '../../src/core/config.js';
import { PACKS, translator, type Translator } from '../../src/ui/i18n/index.js';
import {
  banner,
  bannerShown,
  expectAccessible,
  openUI,
  part,
  preferences,
  preferencesShown,
  savedStatus,
  screenshot,
  settled,
} from '../support/ui.js';

const placeholders = (f: Fixture) => [...f.doc.querySelectorAll('temoin-placeholder')];

async function withPlaceholders(fullscreen = false): Promise<Fixture> {
  const f = await openUI({ fullscreen, config: { manageButton: false } });
  await until(
    () => placeholders(f).length == 2 && placeholders(f).every((p) => p.shadowRoot?.querySelector('button')),
    'two placeholders',
  );
  return f;
}

/** The empty page, for a returning visitor who refused everything: no embed, no UI yet. */
async function returningRefused(): Promise<Fixture> {
  const ui = { ui: '/dist/temoin-ui.js', manageButton: false, reloadOnWithdraw: false };
  const first = await open('empty', { config: ui });
  await first.win.temoin.ready;
  await first.win.temoin.rejectAll();
  first.frame.remove();
  const f = await open('empty', { config: ui });
  await f.win.temoin.ready;
  return f;
}

describe('placeholder', () => {
  beforeEach(cleanOrigin);
  afterEach(() => setViewport({ width: 800, height: 600 }));

  it('is accessible in light and dark schemes', async () => {
    const f = await withPlaceholders();
    // The banner's chunk may come after the placeholders: it is taken out once shown.
    await bannerShown(f);
    banner(f).remove();
    await expectAccessible(f, 'placeholders');
  });

  it('takes the place and size of each blocked embed, naming the service and category', async () => {
    const f = await withPlaceholders(true);
    const [first] = placeholders(f);
    const embed = f.doc.getElementById('video-1')!;
    expect(first!.nextElementSibling).to.equal(embed);
    expect(getComputedStyle(embed).display).to.equal('none');
    const box = first!.getBoundingClientRect();
    expect(Math.round(box.width)).to.equal(400);
    expect(box.height).to.be.at.least(225);
    expect(part(first!, '[part="text"]').textContent).to.equal(
      'Ce contenu de Video (Video inc.) est bloqué\u00a0: il a besoin de votre accord pour «\u202fVidéos intégrées\u202f». ' +
        'S’il est chargé, il pourrait recueillir des renseignements sur votre appareil.',
    );
    expect(await pathsFrom('www.video.test')).to.deep.equal([]);
  });

  it('takes the embed’s whole box at any aspect ratio, a fluid width staying fluid', async () => {
    await setViewport({ width: 1000, height: 800 });
    const f = await withPlaceholders(true);
    const video = `data-category="media" data-service="video" data-src="http://www.video.test:${location.port}/sized.html"`;
    const cases: [markup: string, width: number, height: number][] = [
      [`<iframe title="a" width="560" height="315" ${video}></iframe>`, 560, 315],
      [`<iframe title="b" width="300" height="600" ${video}></iframe>`, 300, 600],
      [
        `<div style="width: 700px"><iframe title="c" width="560" height="315" style="width: 100%; height: auto; aspect-ratio: 16 / 9" ${video}></iframe></div>`,
        700,
        393.75,
      ],
      [
        `<div style="width: 640px"><iframe title="d" style="width: 100%; border: 0" height="360" ${video}></iframe></div>`,
        640,
        360,
      ],
      [
        `<div style="width: 600px"><div style="position: relative; padding-top: 56.25%"><iframe title="e" style="position: absolute; inset: 0; width: 100%; height: 100%; border: 0" ${video}></iframe></div></div>`,
        600,
        337.5,
      ],
    ];
    const added = cases.map(([markup]) => {
      const wrapper = f.doc.createElement('section');
      wrapper.innerHTML = markup;
      f.doc.body.append(wrapper);
      return wrapper;
    });
    await until(() => placeholders(f).length == 2 + cases.length, 'a placeholder for each embed');
    await settled(f);
    for (const [i, [markup, width, height]] of cases.entries()) {
      const p = added[i]!.querySelector('temoin-placeholder')!;
      const box = p.getBoundingClientRect();
      expect(
        [box.width, box.height].map((n) => Math.round(n * 4) / 4),
        markup,
      ).to.deep.equal([width, height]);
      expect(part(p, '[part="text"]').textContent, markup)
        .to.contain('Video (Video inc.)')
        .and.contain('des renseignements sur votre appareil');
      expect(p.shadowRoot!.querySelectorAll('[part~="once"], [part~="always"]'), markup).to.have.length(2);
    }
    // Fluid stays fluid: the responsive embed's placeholder follows its container, ratio kept.
    (added[2]!.firstElementChild as HTMLElement).style.width = '480px';
    (added[3]!.firstElementChild as HTMLElement).style.width = '500px';
    await settled(f);
    expect(added[2]!.querySelector('temoin-placeholder')!.getBoundingClientRect().height).to.equal(270);
    expect(added[3]!.querySelector('temoin-placeholder')!.getBoundingClientRect().width).to.equal(500);
    // A fixed size in a narrower column keeps its height, as the embed does once loaded under the
    // usual `iframe { max-width: 100% }`: the page does not move when it loads.
    added[0]!.style.width = '340px';
    const embed = added[0]!.querySelector('iframe')!;
    Object.assign(embed.style, { maxWidth: '100%', border: '0' });
    await settled(f);
    const narrowed = added[0]!.querySelector('temoin-placeholder')!.getBoundingClientRect();
    expect([Math.round(narrowed.width), narrowed.height]).to.deep.equal([340, 315]);
    embed.style.display = '';
    const loaded = embed.getBoundingClientRect();
    expect([Math.round(loaded.width), loaded.height]).to.deep.equal([340, 315]);
    embed.style.display = 'none';
    f.doc.querySelector('temoin-banner')!.remove();
    await expectAccessible(f, 'placeholders of every size');
  });

  it("loads its embed's service once, for this page view: its other embed too, nothing else; nothing granted nor stored", async () => {
    const f = await withPlaceholders();
    part(placeholders(f)[0]!, '[part~="once"]').click();
    await until(async () => (await pathsFrom('www.video.test')).length == 2, 'both videos of the service');
    await until(() => placeholders(f).length == 0, 'no placeholder left');
    // The analytics script, another category's, would be requested by now.
    await timeToShow(300);
    expect(await pathsFrom('analytics.test')).to.deep.equal([]);
    expect(f.win.temoin.granted('media', 'video')).to.equal(false);
    expect(f.win.temoin.get()).to.equal(null);
    expect(getComputedStyle(f.doc.getElementById('video-1')!).display).to.not.equal('none');
    expect(getComputedStyle(f.doc.getElementById('video-2')!).display).to.not.equal('none');
  });

  for (const width of [375, 1280]) {
    it(`keeps an inline frame's line as it is once loaded, at ${width} px: the video beside it does not move`, async () => {
      await setViewport({ width, height: 800 });
      const f = await withPlaceholders(true);
      await bannerShown(f);
      banner(f).remove();
      const src = `http://www.video.test:${location.port}/inline.html`;
      f.doc.body.insertAdjacentHTML(
        'afterbegin',
        `<p id="line">Avant <iframe title="Vidéo" width="320" height="270" frameborder="0" data-category="media" data-service="video" data-src="${src}"></iframe> après <video width="100" height="60" style="background: #333"></video> et la suite du texte.</p>`,
      );
      await until(() => placeholders(f).length == 3, 'its placeholder');
      const line = f.doc.getElementById('line')!;
      const layout = () => {
        const p = line.getBoundingClientRect();
        const v = line.querySelector('video')!.getBoundingClientRect();
        return [p.height, v.left - p.left, v.top - p.top];
      };
      await settled(f);
      await screenshot(`placeholder-inline-${width}`);
      const held = layout();
      part(line.querySelector('temoin-placeholder'), '[part~="once"]').click();
      await until(() => !line.querySelector('temoin-placeholder'), 'the frame, loaded');
      await settled(f);
      await screenshot(`placeholder-inline-${width}-loaded`);
      expect(held).to.deep.equal(layout());
    });
  }

  /** On a phone, the "always allow" button of a placeholder whose service is named `name`. */
  const alwaysOnPhone = async (name: string) => {
    await setViewport({ width: 320, height: 640 });
    const base = (await (await fetch('/test/fixtures/config.json')).json()) as {
      categories: { id: string; services?: { name: string }[] }[];
    };
    base.categories.find((c) => c.id == 'media')!.services![0]!.name = name;
    const f = await openUI({ fullscreen: true, config: { manageButton: false, categories: base.categories } });
    const always = await until(
      () => placeholders(f)[0]?.shadowRoot?.querySelector<HTMLElement>('[part~="always"]'),
      'a placeholder',
    );
    await settled(f);
    return { f, always };
  };

  it('keeps a service’s name on one line in its button on a phone, the rest of the label wrapping (« Google Maps »)', async () => {
    const { f, always } = await alwaysOnPhone('Google Maps');
    const text = always.firstChild!;
    const top = (word: string) => {
      const range = f.doc.createRange();
      const at = text.textContent!.indexOf(word);
      range.setStart(text, at);
      range.setEnd(text, at + word.length);
      return range.getClientRects()[0]!.top;
    };
    // From the phone's whole width down to a narrow column, wherever the label's lines break.
    const broken = [];
    for (let width = 300; width >= 180; width -= 2) {
      placeholders(f)[0]!.style.width = `${width}px`;
      if (top('Maps') != top('Google')) broken.push(width);
      expect(always.scrollWidth, `nothing overflows at ${width} px`).to.be.at.most(always.clientWidth);
    }
    expect(broken, '« Google Maps » broken at these widths').to.deep.equal([]);
    const line = parseFloat(getComputedStyle(always).lineHeight);
    expect(always.getBoundingClientRect().height, 'the rest of the label wraps').to.be.above(line * 1.5);
    await screenshot('placeholder-google-maps-320');
  });

  it('breaks a service’s name too long for the column rather than letting its button overflow (review44a)', async () => {
    const { f, always } = await alwaysOnPhone('Google Maps Platform Embed API for Business');
    const overflows = [];
    for (let width = 300; width >= 180; width -= 10) {
      placeholders(f)[0]!.style.width = `${width}px`;
      const box = placeholders(f)[0]!.getBoundingClientRect();
      const button = always.getBoundingClientRect();
      if (always.scrollWidth > always.clientWidth || button.right > box.right || button.left < box.left)
        overflows.push(width);
    }
    expect(overflows, 'the button overflows at these widths').to.deep.equal([]);
  });

  it('always allows the category: every embed of it loads and the placeholders go', async () => {
    const f = await withPlaceholders();
    await f.win.temoin.set({ analytics: true });
    part(placeholders(f)[1]!, '[part~="always"]').click();
    await until(async () => {
      const paths = await pathsFrom('www.video.test');
      return paths.includes('/one.html') && paths.includes('/two.html');
    }, 'both videos');
    expect(f.win.temoin.granted('media')).to.equal(true);
    expect(f.win.temoin.get()!.method).to.equal('placeholder');
    expect(f.win.temoin.granted('analytics'), 'the rest of the decision kept').to.equal(true);
    await until(() => placeholders(f).length == 0, 'no placeholder left');
  });

  it('before any decision, "always allow" opens the preference center with the service on: nothing is refused unasked', async () => {
    const f = await withPlaceholders();
    await bannerShown(f);
    part(placeholders(f)[1]!, '[part~="always"]').click();
    const dialog = await preferencesShown(f);
    const switches = (selector: string) =>
      [...dialog.querySelectorAll(selector)].map(
        (s) => `${s.id || s.getAttribute('aria-labelledby')}=${s.getAttribute('aria-checked')}`,
      );
    expect(switches('.switch[part="switch"]')).to.deep.equal([
      'category-necessary=true',
      'category-analytics=false',
      'category-marketing=false',
      'category-media=true',
    ]);
    expect(part(preferences(f), '#category-media').closest('li')!.querySelector('details')!.open).to.equal(true);
    expect(f.win.temoin.get(), 'nothing recorded yet').to.equal(null);
    expect(banner(f).hasAttribute('open')).to.equal(true);
    await timeToShow(200);
    expect(await pathsFrom('www.video.test')).to.deep.equal([]);
    part(preferences(f), '[part~="save"]').click();
    await until(() => f.win.temoin.get(), 'the decision');
    expect(f.win.temoin.get()!.method).to.equal('preferences');
    expect(f.win.temoin.granted('media')).to.equal(true);
    await until(async () => (await pathsFrom('www.video.test')).length == 2, 'both videos');
  });

  it('after a refusal, "always allow" says the saved choice changed and where to change it back, as the banner does (WCAG 4.1.3)', async () => {
    const told = (lang: 'fr' | 'en') =>
      lang == 'fr'
        ? 'Vos choix sont enregistrés\u00a0: vous autorisez désormais «\u202fVideo\u202f». Pour changer d’avis\u00a0: «\u202fGérer mes témoins\u202f».'
        : // The page's own link, as it reads (the fixture's is in French on every page).
          'Your choices are saved: you now always allow “Video”. To change your mind: “Gérer mes témoins”.';
    // A withdrawal through the API here reloads no page.
    const page = (lang?: string) => openUI({ lang, config: { manageButton: false, reloadOnWithdraw: false } });
    const always = (f: Fixture) =>
      until(() => placeholders(f)[0]?.shadowRoot?.querySelector<HTMLElement>('[part~="always"]'), 'a placeholder');
    // Everything refused on the banner; on the same page, the UI module's placeholders.
    const first = await page();
    await bannerShown(first);
    part(banner(first), '[part~="reject"]').click();
    const said = await savedStatus(first);
    await until(() => said.textContent == 'Vos choix sont enregistrés.', 'the banner’s confirmation');
    (await always(first)).click();
    await until(() => said.textContent == told('fr'), 'the placeholder’s confirmation, on the same page');
    expect(first.win.temoin.granted('media', 'video')).to.equal(true);
    await first.win.temoin.rejectAll();
    first.frame.remove();
    // A returning visitor who refused: the placeholders' own module, without the UI, in each language.
    for (const lang of ['fr', 'en'] as const) {
      const f = await page(lang);
      (await always(f)).click();
      await until(() => placeholders(f).length == 0, 'the embeds loaded');
      const region = await savedStatus(f);
      await until(() => region.textContent == told(lang), `the confirmation (${lang})`);
      expect(region.lang, lang).to.equal(lang);
      expect(f.win.temoin.get()!.method).to.equal('placeholder');
      expect(fetchedFiles(f), `${lang}: no UI module for it`).not.to.include('temoin-ui.js');
      await expectAccessible(f, `the confirmation after "always allow" (${lang})`);
      expect(f.win.temoin.granted('analytics'), `${lang}: the rest stays refused`).to.equal(false);
      await f.win.temoin.rejectAll();
      f.frame.remove();
    }
  });

  it('gives the focus to the embed it loads: a keyboard visitor goes on from there, not from the top of the page (WCAG 2.4.3)', async () => {
    for (const choice of ['once', 'always']) {
      const f = await openUI({ config: { manageButton: false, reloadOnWithdraw: false } });
      await until(() => placeholders(f)[1]?.shadowRoot?.querySelector('button'), 'two placeholders');
      await f.win.temoin.rejectAll();
      // The second, so that the focus is not where the page starts either.
      const p = placeholders(f)[1] as HTMLElement & { embed: HTMLElement };
      const button = part(p, `[part~="${choice}"]`);
      button.focus();
      button.click();
      await until(() => !p.isConnected, `the embed loaded (${choice})`);
      await until(() => f.doc.activeElement == p.embed, `the focus on the embed (${choice})`).catch(() => {
        expect(f.doc.activeElement?.outerHTML, choice).to.equal(p.embed.outerHTML);
      });
      // Seen where it is (2.4.7): Chromium draws no focus ring on a frame; the page's outline back once it leaves.
      const ring = getComputedStyle(p.embed);
      expect(
        [ring.outlineStyle, parseFloat(ring.outlineWidth)],
        `the ring on the focused embed (${choice})`,
      ).to.deep.equal(['solid', 2]);
      f.doc.getElementById('page-link')!.focus();
      // The frame's blur may come a moment later: focus leaves another process's document.
      await until(() => getComputedStyle(p.embed).outlineStyle == 'none', `no ring once focus left (${choice})`);
      f.frame.remove();
    }
  });

  it('comes for an embed the page adds later, inside other markup, and goes with it', async () => {
    const f = await withPlaceholders();
    const wrapper = f.doc.createElement('div');
    wrapper.innerHTML =
      '<figure><iframe id="video-3" title="Vidéo 3" width="320" height="180" data-category="media" data-service="video"></iframe></figure>';
    wrapper.querySelector('iframe')!.dataset.src = `http://www.video.test:${location.port}/three.html`;
    f.doc.body.append(wrapper);
    await until(() => placeholders(f).length == 3, 'a third placeholder');
    expect(f.doc.getElementById('video-3')!.previousElementSibling!.localName).to.equal('temoin-placeholder');
    // Moved in the page, it stays; and still gives the embed its display back when released.
    const third = f.doc.getElementById('video-3')!;
    f.doc.body.prepend(third.previousElementSibling!);
    expect(placeholders(f)).to.have.length(3);
    (f.doc.body.firstElementChild as HTMLElementTagNameMap['temoin-placeholder']).release();
    expect(getComputedStyle(third).display).to.not.equal('none');
    wrapper.remove();
    await until(() => placeholders(f).length == 2, 'the third placeholder gone');
    expect(await pathsFrom('www.video.test')).to.deep.equal([]);
  });

  it('comes for an embed a script makes and gives a src, which loads once its service is granted', async () => {
    const f = await withPlaceholders();
    const frame = f.doc.createElement('iframe');
    frame.title = 'Vidéo 4';
    frame.src = `http://www.video.test:${location.port}/four.html`;
    f.doc.body.append(frame);
    await until(() => placeholders(f).length == 3, 'a placeholder for the held iframe');
    expect(frame.previousElementSibling!.localName).to.equal('temoin-placeholder');
    expect(frame.getAttribute('src')).to.equal(null);
    await f.win.temoin.set({ media: true });
    await until(async () => (await pathsFrom('www.video.test')).includes('/four.html'), 'the iframe, once granted');
    await until(() => placeholders(f).length == 0, 'the placeholders gone');
    // A URL that may load, set later, wipes the blocker's mark: nothing old comes back.
    const other = f.doc.createElement('iframe');
    await f.win.temoin.set({ media: false });
    other.src = `http://www.video.test:${location.port}/five.html`;
    expect(other.dataset.category).to.equal('media/video');
    other.src = 'about:blank';
    expect(other.dataset.src).to.equal(undefined);
    expect(other.matches('[data-category][data-src]'), 'no longer held').to.equal(false);
  });

  it('comes for an iframe already in the page that a script gives a blocked src, on a page with no embed yet', async () => {
    const f = await returningRefused();
    // An empty iframe of the markup, and one a script put in the page before giving it a URL.
    f.doc.body.insertAdjacentHTML('beforeend', '<iframe id="empty" title="Vidéo 6" width="320" height="180"></iframe>');
    const inPage = f.doc.getElementById('empty') as HTMLIFrameElement;
    const added = f.doc.createElement('iframe');
    added.title = 'Vidéo 7';
    f.doc.body.append(added);
    await timeToShow(100);
    expect(fetchedFiles(f), 'no placeholder needed yet').to.deep.equal(['temoin.js']);
    inPage.src = `http://www.video.test:${location.port}/six.html`;
    added.setAttribute('src', `http://www.video.test:${location.port}/seven.html`);
    await until(() => placeholders(f).length == 2, 'a placeholder for each');
    expect([inPage, added].map((e) => e.previousElementSibling!.localName)).to.deep.equal([
      'temoin-placeholder',
      'temoin-placeholder',
    ]);
    expect(part(placeholders(f)[0]!, '[part="text"]').textContent).to.contain('Ce contenu de Video (Video inc.)');
    expect(inPage.getAttribute('src')).to.equal(null);
    // Once the placeholders are there, a third iframe of the page given a URL gets one too.
    const third = f.doc.createElement('iframe');
    third.title = 'Vidéo 8';
    f.doc.body.append(third);
    await timeToShow(50);
    third.src = `http://www.video.test:${location.port}/eight.html`;
    await until(() => placeholders(f).length == 3, 'a third placeholder');
    await timeToShow(200);
    expect(await pathsFrom('www.video.test')).to.deep.equal([]);
    // Released as the others on consent: the placeholders go, the iframes load. Their documents
    // are waited for, not only their requests: Chromium drops a URL given to an iframe whose last
    // one is still being committed in another process, Témoin or not.
    const loaded = [inPage, added, third].map(
      (e) => new Promise((load) => e.addEventListener('load', load, { once: true })),
    );
    await f.win.temoin.set({ media: true });
    await until(async () => (await pathsFrom('www.video.test')).length == 3, 'the three iframes, once granted');
    await Promise.all(loaded);
    expect((await pathsFrom('www.video.test')).sort()).to.deep.equal(['/eight.html', '/seven.html', '/six.html']);
    await until(() => placeholders(f).length == 0, 'the placeholders gone');
    expect(getComputedStyle(inPage).display).to.not.equal('none');
    // Taken back without a reload, then given another URL: held again, with a placeholder that loads it.
    await f.win.temoin.set({ media: false });
    inPage.src = `http://www.video.test:${location.port}/nine.html`;
    const once = await until(
      () => placeholders(f)[0]?.shadowRoot?.querySelector<HTMLElement>('[part~="once"]'),
      'a placeholder again',
    );
    expect(placeholders(f)[0]!.nextElementSibling).to.equal(inPage);
    once.click();
    await until(async () => (await pathsFrom('www.video.test')).includes('/nine.html'), 'the iframe, loaded once');
  });

  it('is not fetched for an embed a script gives a blocked src outside the page; comes once the embed is put in', async () => {
    const f = await returningRefused();
    // Made and given a URL by each way, and one inside markup not in the page either.
    const frame = f.doc.createElement('iframe');
    frame.title = 'Vidéo 10';
    frame.src = `http://www.video.test:${location.port}/ten.html`;
    const embed = f.doc.createElement('embed');
    embed.setAttribute('src', `http://www.video.test:${location.port}/eleven.html`);
    const box = f.doc.createElement('div');
    box.append(embed);
    await timeToShow(300);
    expect(fetchedFiles(f), 'no placeholder needed yet').to.deep.equal(['temoin.js']);
    f.doc.body.append(frame, box);
    await until(() => placeholders(f).length == 2, 'a placeholder for each, once in the page');
    expect(fetchedFiles(f)).to.deep.equal(['temoin-ui-placeholders-fr.js', 'temoin-ui-placeholders.js', 'temoin.js']);
    expect([frame, embed].map((e) => e.previousElementSibling!.localName)).to.deep.equal([
      'temoin-placeholder',
      'temoin-placeholder',
    ]);
    expect(await pathsFrom('www.video.test')).to.deep.equal([]);
  });

  it('comes for an embed a script holds in a shadow root, open or closed, and goes once it may load', async () => {
    const f = await returningRefused();
    const roots = (['open', 'closed'] as const).map((mode) => {
      const host = f.doc.createElement('div');
      f.doc.body.append(host);
      return host.attachShadow({ mode });
    });
    // Given a URL by a script, and written marked in an HTML string.
    const frame = f.doc.createElement('iframe');
    frame.title = 'Vidéo 12';
    frame.src = `http://www.video.test:${location.port}/twelve.html`;
    roots[0]!.append(frame);
    roots[1]!.innerHTML = `<iframe title="Vidéo 13" data-category="media" data-service="video" data-src="http://www.video.test:${location.port}/thirteen.html"></iframe>`;
    const inRoot = (root: ShadowRoot) => root.querySelector('temoin-placeholder');
    await until(() => roots.every(inRoot), 'a placeholder in each shadow root');
    expect(roots.map((root) => inRoot(root)!.nextElementSibling!.localName)).to.deep.equal(['iframe', 'iframe']);
    expect(part(inRoot(roots[1]!), '[part="text"]').textContent).to.contain('Ce contenu de Video (Video inc.)');
    expect(placeholders(f), 'none in the page itself').to.deep.equal([]);
    expect(await pathsFrom('www.video.test')).to.deep.equal([]);
    // One more, given its URL once the placeholders are there.
    const later = f.doc.createElement('iframe');
    later.title = 'Vidéo 14';
    roots[1]!.append(later);
    later.setAttribute('src', `http://www.video.test:${location.port}/fourteen.html`);
    await until(() => roots[1]!.querySelectorAll('temoin-placeholder').length == 2, 'a second placeholder there');
    await f.win.temoin.set({ media: true });
    await until(async () => (await pathsFrom('www.video.test')).length == 3, 'the three iframes, once granted');
    await until(() => !roots.some(inRoot), 'the placeholders gone');
  });

  it("speaks the page's language", async () => {
    const f = await openUI({ lang: 'en', config: { manageButton: false } });
    const p = await until(() => placeholders(f)[0]?.shadowRoot?.querySelector('[part="text"]'), 'a placeholder');
    expect(p.textContent).to.contain('This content from Video (Video inc.) is blocked');
  });

  it('comes without the UI module (no Lit) for a returning visitor; a first visit takes it from the UI, never fetching the write path', async () => {
    const first = await openUI({ config: { manageButton: false } });
    await bannerShown(first);
    await until(() => placeholders(first).length == 2, 'two placeholders');
    await first.win.temoin.ready;
    await timeToShow(300);
    expect(fetchedFiles(first), 'a first visit').to.deep.equal([
      'temoin-check.js',
      'temoin-ui-fr.js',
      'temoin-ui.js',
      'temoin.js',
    ]);
    await first.win.temoin.rejectAll({ method: 'banner' });
    first.frame.remove();
    const returning = await openUI({ config: { manageButton: false } });
    await until(
      () =>
        placeholders(returning).length == 2 &&
        placeholders(returning).every((p) => p.shadowRoot?.querySelector('button')),
      'two placeholders',
    );
    await timeToShow(300);
    expect(fetchedFiles(returning), 'a returning visitor').to.deep.equal([
      'temoin-ui-placeholders-fr.js',
      'temoin-ui-placeholders.js',
      'temoin.js',
    ]);
    expect(returning.doc.querySelector('temoin-banner')).to.equal(null);
    await expectAccessible(returning, 'placeholders without the UI module');
  });

  it("a returning visitor's placeholders fetch only their own strings, which say in every language what the banner's pack says", async () => {
    const first = await openUI({ config: { manageButton: false } });
    await bannerShown(first);
    await first.win.temoin.rejectAll({ method: 'banner' });
    first.frame.remove();
    for (const lang of Object.keys(PACKS)) {
      const f = await openUI({ lang, config: { manageButton: false } });
      const shown = await until(
        () =>
          placeholders(f).length == 2 && placeholders(f)[1]!.shadowRoot?.querySelector('button')
            ? placeholders(f)[0]
            : null,
        `placeholders (${lang})`,
      );
      expect(fetchedFiles(f), lang).to.deep.equal([
        `temoin-ui-placeholders-${lang}.js`,
        'temoin-ui-placeholders.js',
        'temoin.js',
      ]);
      // The same embed's placeholder told by the banner's whole pack, as on a first visit, for the
      // service as configured, then collecting every kind of data, then two kinds in two groups.
      const pack = await PACKS[lang]!();
      const whole = translator(f.win.temoin.config!, lang, pack);
      const kinds = Object.keys(pack)
        .filter((key) => key.startsWith('data.'))
        .map((key) => key.slice(5));
      for (const data of [undefined, kinds, ['location', 'identifier']]) {
        const config = JSON.parse(JSON.stringify(f.win.temoin.config)) as ValidConfig;
        if (data) config.categories.find((c) => c.id == 'media')!.services[0]!.data = data as DataKind[];
        const told = (t: Translator) => {
          const p = f.doc.createElement('temoin-placeholder');
          Object.assign(p, { temoin: { config }, embed: shown.nextElementSibling, t });
          return p.shadowRoot!.textContent;
        };
        expect(told(shown.t), `${lang} ${data?.join(', ')}`).to.equal(told(whole));
      }
      const text = shown.shadowRoot!.textContent;
      // What the service collects, and both buttons.
      expect(text, lang)
        .to.contain(pack.placeholderData.split('{')[0])
        .and.contain(pack.loadOnce)
        .and.contain(pack.alwaysAllow.split('{')[0]);
      f.frame.remove();
    }
  });
});
