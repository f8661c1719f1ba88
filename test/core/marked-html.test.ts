// Markup the editor already marked keeps its marks when a page script writes it as HTML
// (document.write, innerHTML, insertAdjacentHTML, createContextualFragment): its own category and
// service, its own saved type; it runs, or loads, on consent like the page's own markup. What is
// left unmarked is still held.
import { expect } from 'chai';
import { cleanOrigin, open, pathsFrom, requests, timeToShow, until, type Fixture } from '../support/fixture.js';

type Page = Fixture & { win: Fixture['win'] & { __markup: (way: string) => string; __written: string } };

const marked = ['src', 'data-src', 'module', 'inline', 'img', 'iframe', 'embed'];

/**
 * Each way of writing HTML, and the markup it wrote: the fixture writes with document.write as it
 * is parsed, before the config is known on a first visit, after it for a returning visitor.
 */
const ways: Record<string, (f: Page) => string> = {
  write: (f) => f.win.__written,
  inner: (f) => {
    const html = f.win.__markup('inner');
    const box = f.doc.createElement('div');
    box.innerHTML = html;
    f.doc.body.append(box);
    return html;
  },
  adjacent: (f) => {
    const html = f.win.__markup('adjacent');
    f.doc.body.insertAdjacentHTML('beforeend', html);
    return html;
  },
  fragment: (f) => {
    const html = f.win.__markup('fragment');
    f.doc.body.append(f.doc.createRange().createContextualFragment(html));
    return html;
  },
};

async function writeAndConsent(f: Page, way: string): Promise<void> {
  const html = ways[way]!(f);
  await timeToShow(300);
  // The markup as written, parsed here, where no blocker rewrites it.
  const written = document.createElement('template');
  written.innerHTML = html;
  for (const id of marked) {
    expect(f.doc.getElementById(`${way}-${id}`)?.outerHTML, id).to.equal(
      written.content.getElementById(`${way}-${id}`)!.outerHTML,
    );
  }
  // The unmarked ones are held, with the service that holds them (before the config is known: `?`).
  const image = f.doc.getElementById(`${way}-unmarked-img`)!;
  expect(image.hasAttribute('src')).to.equal(false);
  expect(image.dataset.category).to.be.oneOf(['marketing/pixel', '?']);
  expect((await requests()).filter((r) => r.host.endsWith('.test'))).to.deep.equal([]);
  const ran = () => (f.win.__ran ?? []).filter((s) => s.includes(`${way}-`));
  expect(ran()).to.deep.equal([]);

  await f.win.temoin.set({ analytics: true });
  const analytics = ['src', 'data-src', 'module'].map((s) => `analytics.test/${way}-${s}.js`);
  await until(() => analytics.every((s) => ran().includes(s)), 'the three analytics scripts');
  await timeToShow(200);
  expect(ran()).to.have.members(analytics);
  expect(f.doc.getElementById(`${way}-module`)!.getAttribute('type')).to.equal('module');
  expect((await pathsFrom('ads.test')).filter((p) => p.includes(`${way}-`))).to.deep.equal([]);

  await f.win.temoin.acceptAll();
  await until(() => ran().includes(`${way}-inline`), 'the inline marketing script');
  await until(async () => (await pathsFrom('ads.test')).includes(`/${way}-img.gif`), 'the image');
  await until(async () => (await pathsFrom('www.video.test')).includes(`/${way}-iframe.html`), 'the iframe');
  await until(async () => (await pathsFrom('www.video.test')).includes(`/${way}-embed.html`), 'the embed');
  await until(async () => (await pathsFrom('ads.test')).includes(`/${way}-unmarked.gif`), 'the unmarked image');
  // Without Témoin, a script that innerHTML or insertAdjacentHTML parses never runs.
  if (way == 'write' || way == 'fragment')
    await until(() => ran().includes(`ads.test/${way}-unmarked.js`), 'the unmarked script');
  expect(f.win.__errors).to.deep.equal([]);
}

describe('marked markup written as HTML strings', () => {
  beforeEach(cleanOrigin);

  for (const way of Object.keys(ways)) {
    it(`${way}: keeps the editor's marks, runs or loads each element on consent of its category`, async () => {
      const f = (await open('marked-html')) as Page;
      await f.win.temoin.ready;
      await writeAndConsent(f, way);
    });
  }

  it("write, for a returning visitor: keeps the editor's marks, runs or loads each element on consent", async () => {
    const first = await open('marked-html');
    await first.win.temoin.ready;
    await first.win.temoin.rejectAll();
    first.frame.remove();
    const f = (await open('marked-html')) as Page;
    await f.win.temoin.ready;
    await writeAndConsent(f, 'write');
  });
});
