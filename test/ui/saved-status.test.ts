// The confirmation said once a choice is saved (src/ui/saved-status.ts), as a visitor who wants
// to change their mind at once meets it: it must hide none of the page's controls, the footer's
// "manage cookies" link at the page's end included, and go away when the visitor moves on.
import { sendKeys, setViewport } from '@web/test-runner-commands';
import { expect } from 'chai';
import { cleanOrigin, until } from '../support/fixture.js';
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
      // The visitor has read down to the page's end, where sites put their "manage cookies" link.
      const end = f.doc.createElement('footer');
      end.innerHTML =
        '<p><a href="#" data-temoin-open id="footer-link">Gérer mes témoins</a> · <a href="#top">Haut</a></p>';
      f.doc.body.append(end);
      f.win.scrollTo(0, f.doc.documentElement.scrollHeight);
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
});
