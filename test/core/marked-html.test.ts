// Markup the editor already marked keeps its marks when a page script writes it as HTML
// (document.write, innerHTML, outerHTML, insertAdjacentHTML, createContextualFragment): its own
// category and service, its own saved type; it runs, or loads, on consent like the page's own
// markup. What is left unmarked is still held; an unmarked script that the browser never runs
// (innerHTML, outerHTML, insertAdjacentHTML) stays as it is, consent or not.
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
  outer: (f) => {
    const html = f.win.__markup('outer');
    const slot = f.doc.createElement('div');
    f.doc.body.append(slot);
    slot.outerHTML = html;
    return html;
  },
  // With a custom element that parses HTML of its own as it comes in the page, within the first.
  nested: (f) => {
    const html = f.win.__markup('nested');
    if (!f.win.customElements.get('x-widget')) {
      const Base = f.win.HTMLElement;
      f.win.customElements.define(
        'x-widget',
        class extends Base {
          connectedCallback() {
            this.innerHTML = '<b>widget</b>';
          }
        },
      );
    }
    const box = f.doc.createElement('div');
    f.doc.body.append(box);
    box.innerHTML = '<x-widget></x-widget>' + html;
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
  if (runsScripts(way)) await until(() => ran().includes(`ads.test/${way}-unmarked.js`), 'the unmarked script');
  else await expectNeverRun(f, way);
  expect(f.win.__errors).to.deep.equal([]);
}

/** Whether the browser runs the scripts of HTML written this way; innerHTML and the like never do. */
const runsScripts = (way: string) => way == 'write' || way == 'fragment';

/** The unmarked script, written where the browser never runs it, is neither requested nor run. */
async function expectNeverRun(f: Page, way: string): Promise<void> {
  await timeToShow(300);
  expect(f.win.__ran ?? []).to.not.include(`ads.test/${way}-unmarked.js`);
  expect(await pathsFrom('ads.test')).to.not.include(`/${way}-unmarked.js`);
  const script = f.doc.getElementById(`${way}-unmarked`) as HTMLScriptElement;
  expect([script.type, script.dataset.category]).to.deep.equal(['', undefined]);
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

  it('innerHTML, during the first parse: its unmarked script runs neither before consent nor after it', async () => {
    const f = (await open('marked-html')) as Page;
    await f.win.temoin.ready;
    await timeToShow(300);
    expect((await requests()).filter((r) => r.host.endsWith('.test'))).to.deep.equal([]);
    await f.win.temoin.acceptAll();
    await until(() => f.win.__ran?.includes('parsing-inline'), 'the marked inline script');
    await expectNeverRun(f, 'parsing');
    // Nor is the editor told that it loaded before consent.
    expect(f.win.__warnings.filter((w) => w.includes('parsing-unmarked'))).to.deep.equal([]);
  });

  it('for a returning visitor who consented: scripts written where the browser runs them run at once, the others never', async () => {
    const first = await open('marked-html');
    await first.win.temoin.ready;
    await first.win.temoin.acceptAll();
    first.frame.remove();
    const f = (await open('marked-html')) as Page;
    await f.win.temoin.ready;
    await until(() => f.win.__ran?.includes('ads.test/write-unmarked.js'), 'the script document.write wrote');
    for (const way of ['inner', 'outer', 'adjacent', 'fragment']) ways[way]!(f);
    await until(() => f.win.__ran?.includes('ads.test/fragment-unmarked.js'), "the fragment's script");
    for (const way of ['parsing', 'inner', 'outer', 'adjacent']) await expectNeverRun(f, way);
    expect(f.win.__errors).to.deep.equal([]);
  });
});
