// The confirmation said once a choice is saved (src/ui/saved-status.ts), as a visitor who wants
// to change their mind at once meets it: it must hide none of the page's controls, the footer's
// "manage cookies" link at the page's end included, and go away when the visitor moves on.
import { sendKeys, setViewport } from '@web/test-runner-commands';
import { expect } from 'chai';
import { cleanOrigin, timeToShow, until, type Fixture } from '../support/fixture.js';
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

/** The visitor has read down to the page's end, where sites put their "manage cookies" link. */
function readToEnd(f: Fixture): void {
  const footer = f.doc.createElement('footer');
  footer.innerHTML =
    '<p><a href="#" data-temoin-open id="footer-link">Gérer mes témoins</a> · <a href="#top">Haut de page</a></p>';
  f.doc.body.append(footer);
  f.win.scrollTo(0, f.doc.documentElement.scrollHeight);
}

describe('saved status', () => {
  beforeEach(cleanOrigin);
  afterEach(() => setViewport({ width: 800, height: 600 }));

  for (const [width, height] of [
    [375, 667],
    [1280, 800],
  ] as const) {
    it(`leaves the page's links and buttons at its end in sight and in reach while it says so, at ${width} × ${height}`, async () => {
      await setViewport({ width, height });
      const f = await openUI({ fullscreen: true });
      await bannerShown(f);
      readToEnd(f);
      part(banner(f), '[part~="reject"]').click();
      const region = await savedStatus(f);
      await until(() => region.textContent, 'the confirmation');
      f.win.scrollTo(0, f.doc.documentElement.scrollHeight);
      await settled(f);
      const box = region.getBoundingClientRect();
      const manage = f.doc.querySelector('temoin-manage')!.shadowRoot!.querySelector('button')!;
      const controls = [...f.doc.querySelectorAll<HTMLElement>('a, button'), manage].filter(
        (el) => el.getBoundingClientRect().bottom > 0,
      );
      for (const el of controls) {
        const r = el.getBoundingClientRect();
        const overlaps = r.left < box.right && box.left < r.right && r.top < box.bottom && box.top < r.bottom;
        expect(overlaps, `the status over ${el.id || el.textContent}`).to.equal(false);
      }
      const link = f.doc.getElementById('footer-link')!.getBoundingClientRect();
      const hit = f.doc.elementFromPoint(link.left + link.width / 2, link.top + link.height / 2);
      expect(hit?.id, 'a tap at the footer link’s centre').to.equal('footer-link');
      await expectAccessible(f, `the saved status at the page's end, ${width} × ${height}`);
      await screenshot(`saved-status-page-end-${width}x${height}`);
    });
  }

  it('hides the confirmation on Escape or the next click, and sits beside a manage button on the right', async () => {
    await setViewport({ width: 375, height: 667 });
    const f = await openUI({ fullscreen: true, config: { manageButton: 'bottom-right' } });
    await bannerShown(f);
    part(banner(f), '[part~="reject"]').click();
    const region = await savedStatus(f);
    await until(() => region.textContent, 'the confirmation');
    const manage = f.doc.querySelector('temoin-manage')!.shadowRoot!.querySelector('button')!;
    const [box, button] = [region.getBoundingClientRect(), manage.getBoundingClientRect()];
    expect(box.right, 'left of the button').to.be.at.most(button.left);
    expect(box.bottom, 'in its strip').to.equal(button.bottom);
    await sendKeys({ press: 'Escape' });
    await until(() => region.textContent == '', 'hidden by Escape', 1000);
    // Said again after the next choice; a click anywhere hides it.
    void f.win.temoin.showPreferences();
    const dialog = await preferencesShown(f);
    part(preferences(f), '[part~="accept"]').click();
    await until(() => !dialog.open && region.textContent, 'the confirmation again');
    f.doc.body.click();
    await until(() => region.textContent == '', 'hidden by a click', 1000);
  });

  it('is placed again beside the manage button when the phone turns, while it shows', async () => {
    // A site's longer label: in portrait, no room for both in the button's strip, so above it.
    await setViewport({ width: 375, height: 667 });
    const f = await openUI({
      fullscreen: true,
      config: { strings: { fr: { manage: 'Gérer mes préférences de témoins' } } },
    });
    await bannerShown(f);
    part(banner(f), '[part~="reject"]').click();
    const region = await savedStatus(f);
    await until(() => region.textContent, 'the confirmation');
    const manage = f.doc.querySelector('temoin-manage')!.shadowRoot!.querySelector('button')!;
    expect(region.getBoundingClientRect().bottom, 'above the button').to.be.at.most(manage.getBoundingClientRect().top);
    // Landscape: room enough beside it, in its strip, where it hides none of the page above.
    await setViewport({ width: 667, height: 375 });
    await settled(f);
    const [box, button] = [region.getBoundingClientRect(), manage.getBoundingClientRect()];
    expect(region.textContent, 'still said').to.not.equal('');
    expect(box.left, 'right of the button').to.be.at.least(button.right);
    expect(box.bottom, 'in its strip').to.equal(button.bottom);
    await screenshot('saved-status-turned-667x375');
  });

  it('says what "always allow" changed above the manage button on a phone, in three lines at most, naming the button as it reads', async () => {
    await setViewport({ width: 375, height: 667 });
    const config = { reloadOnWithdraw: false, strings: { fr: { manage: 'Mes témoins' } } };
    const first = await openUI({ fullscreen: true, config });
    await bannerShown(first);
    await first.win.temoin.rejectAll({ method: 'banner' });
    first.frame.remove();
    // A returning visitor who refused everything: the placeholders' own module.
    const f = await openUI({ fullscreen: true, config });
    const always = await until(
      () => f.doc.querySelector('temoin-placeholder')?.shadowRoot?.querySelector<HTMLElement>('[part~="always"]'),
      'a placeholder',
    );
    always.click();
    const region = await savedStatus(f);
    await until(() => region.textContent.includes('«\u202fMes témoins\u202f»'), 'the confirmation');
    await settled(f);
    const manage = f.doc.querySelector('temoin-manage')!.shadowRoot!.querySelector('button')!;
    const [box, button] = [region.getBoundingClientRect(), manage.getBoundingClientRect()];
    // Beside the button, in its strip's width, it took seven lines and hid the page above the strip.
    expect(box.bottom, 'above the button').to.be.at.most(button.top);
    const line = parseFloat(getComputedStyle(region).lineHeight);
    expect(box.height, 'three lines at most').to.be.at.most(3 * line + 12);
    await expectAccessible(f, 'the confirmation after "always allow", above the manage button');
    await screenshot('saved-status-always-allowed-375x667');
    // Three lines hide some of the page: a control the keyboard reaches there hides it, one elsewhere does not.
    const control = (top: number) => {
      const b = f.doc.body.appendChild(f.doc.createElement('button'));
      b.textContent = 'Un bouton de la page';
      b.style.cssText = `position:fixed;left:${box.left + 20}px;top:${top}px`;
      return b;
    };
    control(10).focus();
    await timeToShow(300);
    expect(region.textContent, 'a control clear of it').to.not.equal('');
    control(box.top + 4).focus();
    await until(() => region.textContent == '', 'hidden by a control focused under it', 1000);
  });

  for (const returning of [false, true])
    it(`keeps saying what "always allow" changed when the page gets focus back with the embed it gave focus to${returning ? ', for a returning visitor' : ''}`, async () => {
      // The demo's map, keyboard only: the placeholder gives focus to its embed, at the screen's
      // foot, where the confirmation would show above the manage button (it covered the embed's
      // lower part: it goes to the top edge now), and the page gets focus back, as a top-level
      // page does when the embed's document comes in from another site (or the visitor comes back
      // to the tab): the browser focuses the same embed again, no move of the visitor's. The
      // confirmation was hidden a few milliseconds after it showed, before a screen reader said it.
      // A returning visitor's confirmation comes with its module, once the embed has focus.
      await setViewport({ width: 375, height: 667 });
      const config = { reloadOnWithdraw: false };
      if (returning) {
        const first = await openUI({ config });
        await first.win.temoin.ready;
        await first.win.temoin.rejectAll({ method: 'banner' });
        first.frame.remove();
      }
      const f = await openUI({ fullscreen: true, config });
      if (!returning) {
        await bannerShown(f);
        part(banner(f), '[part~="reject"]').click();
        await savedStatus(f);
      }
      const placeholder = await until(() => f.doc.querySelectorAll('temoin-placeholder')[1], 'the map’s placeholder');
      const embed = f.doc.getElementById('video-2') as HTMLIFrameElement;
      const loaded = new Promise((resolve) => embed.addEventListener('load', resolve, { once: true }));
      part(placeholder, '[part~="always"]').focus();
      f.win.scrollBy(0, placeholder.getBoundingClientRect().bottom - (f.win.innerHeight - 70));
      await sendKeys({ press: 'Enter' });
      const region = await savedStatus(f);
      await until(() => region.textContent.includes('Video'), 'the confirmation');
      await loaded;
      expect(f.doc.activeElement, 'focus on the embed').to.equal(embed);
      const [box, frame] = [region.getBoundingClientRect(), embed.getBoundingClientRect()];
      expect(frame.bottom, 'the embed at the screen’s foot').to.be.above(f.win.innerHeight - 100);
      expect(box.bottom < frame.top || frame.bottom < box.top, 'the focused embed clear of the confirmation').to.equal(
        true,
      );
      const again = new Promise((resolve) => f.doc.addEventListener('focusin', resolve, { once: true }));
      f.win.focus();
      expect(await again, 'the embed focused again').to.have.property('target', embed);
      await timeToShow(300);
      expect(region.textContent, 'still said').to.contain('Video');
      // A control the visitor does move to under it hides it, in a widget of the page's that stops focusin.
      const widget = f.doc.body.appendChild(f.doc.createElement('div'));
      widget.addEventListener('focusin', (e) => e.stopPropagation());
      const button = widget.appendChild(f.doc.createElement('button'));
      button.textContent = 'Un bouton de la page';
      button.style.cssText = `position:fixed;left:${box.left + 20}px;top:${box.top + 4}px`;
      button.focus();
      await until(() => region.textContent == '', 'hidden by a control focused under it', 1000);
    });

  it('hides neither the element with focus nor another placeholder’s buttons, on a phone', async () => {
    await setViewport({ width: 375, height: 667 });
    const config = { reloadOnWithdraw: false };
    const first = await openUI({ config });
    await first.win.temoin.ready;
    await first.win.temoin.rejectAll({ method: 'banner' });
    first.frame.remove();
    const f = await openUI({ fullscreen: true, config });
    // Below the videos, an embed of another category: its placeholder stays when the videos load.
    const other = f.doc.createElement('iframe');
    Object.assign(other, { title: 'Statistiques', width: 300, height: 150 });
    other.dataset.category = 'analytics';
    other.dataset.src = 'http://analytics.test:1/embed.html';
    f.doc.getElementById('video-2')!.after(other);
    const stays = await until(() => {
      const p = other.previousElementSibling;
      return p?.localName == 'temoin-placeholder' ? (p as HTMLElement) : undefined;
    }, 'its placeholder');
    // Its buttons just above the manage button's strip, where the confirmation's three lines go.
    f.win.scrollBy(0, stays.getBoundingClientRect().bottom - (f.win.innerHeight - 70));
    const always = part(f.doc.querySelector('temoin-placeholder'), '[part~="always"]');
    always.focus();
    await sendKeys({ press: 'Enter' });
    const region = await savedStatus(f);
    await until(() => region.textContent.includes('Video'), 'the confirmation');
    const box = region.getBoundingClientRect();
    for (const button of stays.shadowRoot!.querySelectorAll('button')) {
      const r = button.getBoundingClientRect();
      const overlaps = r.left < box.right && box.left < r.right && r.top < box.bottom && box.top < r.bottom;
      expect(overlaps, `the confirmation over « ${button.textContent} »`).to.equal(false);
    }
    await screenshot('saved-status-clear-of-placeholder-375x667');
  });

  it('names the page’s own "manage cookies" link as a visitor sees and hears it, in its language, where the page has no manage button', async () => {
    const config = { manageButton: false, reloadOnWithdraw: false };
    const first = await openUI({ config });
    await first.win.temoin.ready;
    await first.win.temoin.rejectAll({ method: 'banner' });
    first.frame.remove();
    /** What the confirmation says once "always allow" is clicked, the page's own link made of `link`, after a closed menu's link. */
    const said = async (link: string, lang?: string) => {
      const f = await openUI({ config });
      const own = f.doc.getElementById('own-link')!;
      own.innerHTML = link;
      if (lang) own.lang = lang;
      own.insertAdjacentHTML('beforebegin', '<nav hidden><a href="#" data-temoin-open>Témoins (menu)</a></nav>');
      const always = await until(
        () => f.doc.querySelector('temoin-placeholder')?.shadowRoot?.querySelector<HTMLElement>('[part~="always"]'),
        'a placeholder',
      );
      always.click();
      const region = await savedStatus(f);
      await until(() => region.textContent, 'the confirmation');
      const quote = region.querySelector('span');
      const result = { text: region.textContent, lang: quote?.lang };
      await f.win.temoin.rejectAll();
      f.frame.remove();
      return result;
    };
    expect((await said('\n  Préférences   <b>de témoins</b>\n')).text).to.equal(
      'Vos choix sont enregistrés\u00a0: vous autorisez désormais «\u202fVideo\u202f». Pour changer d’avis\u00a0: «\u202fPréférences de témoins\u202f».',
    );
    // A link that says too much to be quoted: the built-in label.
    expect(
      (await said('Cliquez ici pour modifier en tout temps vos préférences en matière de témoins')).text,
    ).to.contain('«\u202fGérer mes témoins\u202f»');
    // Neither an icon hidden from screen readers nor text hidden from everyone: what is seen and heard.
    expect(
      (await said('<span aria-hidden="true">⚙ </span>Mes témoins<span style="visibility:hidden"> secrets</span>')).text,
    ).to.contain('«\u202fMes témoins\u202f»');
    // An icon link, named by its label.
    expect((await said('<svg width="16" height="16" aria-hidden="true"></svg>')).text).to.contain(
      '«\u202fGérer mes témoins\u202f»',
    );
    // In its own language: here, the page's; then a link in English on the French page.
    expect((await said('Mes témoins')).lang, 'the page’s language').to.equal('fr');
    const english = await said('Cookie settings', 'en');
    expect(english.text).to.contain('«\u202fCookie settings\u202f»');
    expect(english.lang, 'the link’s language').to.equal('en');
  });

  it('says what "always allow" changed in a browser without checkVisibility (Safari before 17.4), naming the page’s link', async () => {
    const config = { manageButton: false, reloadOnWithdraw: false };
    const first = await openUI({ config });
    await first.win.temoin.ready;
    await first.win.temoin.rejectAll({ method: 'banner' });
    first.frame.remove();
    const f = await openUI({ config });
    Reflect.deleteProperty(f.win.Element.prototype, 'checkVisibility');
    f.doc.getElementById('own-link')!.textContent = 'Mes témoins';
    const always = await until(
      () => f.doc.querySelector('temoin-placeholder')?.shadowRoot?.querySelector<HTMLElement>('[part~="always"]'),
      'a placeholder',
    );
    always.click();
    const region = await savedStatus(f);
    await until(() => region.textContent, 'the confirmation');
    expect(region.textContent).to.contain('«\u202fMes témoins\u202f»');
  });

  describe('without a manage button', () => {
    /** Says the confirmation on a page without a manage button, at 375 × 667, as read to its end or not. */
    async function said(end: boolean) {
      await setViewport({ width: 375, height: 667 });
      const f = await openUI({ fullscreen: true, config: { manageButton: false } });
      await bannerShown(f);
      if (end) readToEnd(f);
      part(banner(f), '[part~="accept"]').click();
      const region = await savedStatus(f);
      await until(() => region.textContent, 'the confirmation');
      await settled(f);
      const box = region.getBoundingClientRect();
      const hidden = [...f.doc.querySelectorAll<HTMLElement>('a, button')].filter((el) => {
        const r = el.getBoundingClientRect();
        return r.left < box.right && box.left < r.right && r.top < box.bottom && box.top < r.bottom;
      });
      return { f, box, hidden: hidden.map((el) => el.id || el.textContent) };
    }

    it('shows centred on the bottom edge, where the banner was, when it hides nothing there', async () => {
      const { f, box, hidden } = await said(false);
      expect(hidden).to.deep.equal([]);
      expect(box.bottom, 'on the bottom edge').to.equal(f.win.innerHeight - 12);
      expect(Math.abs((box.left + box.right) / 2 - f.doc.documentElement.clientWidth / 2), 'centred').to.be.below(1);
      await expectAccessible(f, 'the saved status without a manage button');
      await screenshot('saved-status-no-button-375x667');
    });

    it('stays where it is as the page scrolls under it while it hides nothing there', async () => {
      const { f, box } = await said(false);
      // A page longer than the screen, with links the bottom edge passes over as it scrolls.
      const long = f.doc.createElement('div');
      long.innerHTML = '<p style="height:300px">Texte</p><p><a href="#top">Haut</a></p>'.repeat(6);
      f.doc.body.append(long);
      const region = await savedStatus(f);
      const tops: number[] = [];
      for (let i = 0; i < 8; i++) {
        f.win.scrollBy(0, 40);
        await settled(f);
        const now = region.getBoundingClientRect();
        tops.push(now.top);
        const links = [...long.querySelectorAll('a')].map((a) => a.getBoundingClientRect());
        const hides = links.some(
          (r) => r.left < now.right && now.left < r.right && r.top < now.bottom && now.top < r.bottom,
        );
        expect(hides, `over a link after ${(i + 1) * 40} px`).to.equal(false);
      }
      // It moved once, when a link came under it, and stayed there: it did not go back and forth.
      const moves = tops.filter((top, i) => top != (i ? tops[i - 1] : box.top)).length;
      expect(moves, `its tops: ${box.top}, ${tops.join(', ')}`).to.equal(1);
    });

    it('moves off the top edge too when a placeholder’s text is there, hiding neither it nor the page’s links', async () => {
      await setViewport({ width: 375, height: 667 });
      const f = await openUI({ fullscreen: true, config: { manageButton: false } });
      await bannerShown(f);
      // A sticky header with an embed still blocked, and a sticky footer with the page's links.
      const header = f.doc.createElement('div');
      header.style.cssText = 'position:fixed;top:0;left:0;right:0;background:#fff';
      const embed = header.appendChild(f.doc.createElement('iframe'));
      Object.assign(embed, { title: 'Statistiques', width: 340, height: 150 });
      embed.dataset.category = 'analytics';
      embed.dataset.src = 'http://analytics.test:1/embed.html';
      const footer = f.doc.createElement('p');
      footer.style.cssText = 'position:fixed;bottom:0;left:0;right:0;margin:0;padding:8px;background:#fff';
      footer.innerHTML = '<a href="#" id="footer-link">Gérer mes témoins</a> · <a href="#top">Haut de page</a>';
      f.doc.body.append(header, footer);
      const placeholder = await until(() => {
        const p = embed.previousElementSibling;
        return p?.localName == 'temoin-placeholder' ? (p as HTMLElement) : undefined;
      }, 'its placeholder');
      part(banner(f), '[part~="reject"]').click();
      const region = await savedStatus(f);
      await until(() => region.textContent, 'the confirmation');
      await settled(f);
      const box = region.getBoundingClientRect();
      const kept = [...placeholder.shadowRoot!.querySelectorAll<HTMLElement>('p, button'), ...footer.children];
      for (const el of kept) {
        const r = el.getBoundingClientRect();
        const overlaps = r.left < box.right && box.left < r.right && r.top < box.bottom && box.top < r.bottom;
        expect(overlaps, `the confirmation over « ${el.textContent} »`).to.equal(false);
      }
      expect(box.top >= 0 && box.bottom <= f.win.innerHeight, 'on screen').to.equal(true);
      await screenshot('saved-status-below-placeholder-375x667');
    });

    it("moves to the top edge when the bottom one would hide the page's links, at the page's end", async () => {
      const { f, box, hidden } = await said(true);
      expect(hidden, 'links and buttons under it').to.deep.equal([]);
      expect(box.top, 'on the top edge').to.equal(12);
      await screenshot('saved-status-no-button-page-end-375x667');
      // The footer's link, at the bottom edge, takes a tap at its centre.
      const link = f.doc.getElementById('footer-link')!.getBoundingClientRect();
      expect(f.doc.elementFromPoint(link.left + link.width / 2, link.top + link.height / 2)?.id).to.equal(
        'footer-link',
      );
    });
  });
});
