// The README's snippet, markup and example config, run as written in Chromium: the docs cannot
// drift from the code.
import { expect } from 'chai';
import { validateConfig } from '../../src/core/config.js';
import { expandTemplates } from '../../src/templates/expand.js';
import { cleanOrigin, until, type FixtureWindow } from '../support/fixture.js';

describe('the README', () => {
  beforeEach(cleanOrigin);

  it('has an example config that is valid', async () => {
    const config = (await (await fetch('/__readme/temoin/config.json')).json()) as unknown;
    expect(() => validateConfig(expandTemplates(config))).not.to.throw();
  });

  it('has a snippet and markup that run: the config loads, and marked content waits for consent', async () => {
    const frame = document.createElement('iframe');
    frame.src = '/__readme/page.html';
    const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
    document.body.append(frame);
    await loaded;
    const win = frame.contentWindow as FixtureWindow;
    expect(await win.temoin.ready).to.equal(null);
    expect(win.__errors).to.deep.equal([]);
    expect(win.temoin.config!.controller).to.deep.equal({
      name: { fr: 'Ville de Démo', en: 'Demo City' },
      contact: 'vie.privee@ville.example',
    });
    const held = win.document.querySelectorAll('[data-category]');
    expect(held.length).to.be.greaterThan(3);
    for (const el of held) {
      expect(el.matches('script[type="text/plain"], [data-src]'), el.outerHTML.slice(0, 80)).to.equal(true);
    }
    // Accepted, the marked snippets run as written: gtag() is there for the one that calls it.
    const thrown: string[] = [];
    win.addEventListener('error', (e) => thrown.push(e.message));
    await win.temoin.acceptAll();
    const dataLayer = () => ((win as unknown as { dataLayer?: ArrayLike<unknown>[] }).dataLayer ?? []).map((a) => a[0]);
    await until(() => dataLayer().includes('config'), "the snippet's gtag('config', …)");
    expect(thrown).to.deep.equal([]);
    frame.remove();
  });
});
