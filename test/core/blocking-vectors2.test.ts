// More run-time paths to a refused host (see blocking-vectors.test.ts): scripts with both a src and
// inline text, HTML written with document.write in pieces, an XMLHttpRequest aborted while the
// config loads.
import { expect } from 'chai';
import { cleanOrigin, open, pathsFrom, port, timeToShow, until } from '../support/fixture.js';

let n = 0;
/** A URL of the refused host `ads.test`, new each time: no cache may answer in the server's place. */
const ads = (file: string) => `http://ads.test:${port}/${file}?n=${++n}`;

describe('blocking: a script with a src and inline text', () => {
  beforeEach(cleanOrigin);

  it('loads its src once released, once, in order, and never runs its text, as a browser does', async () => {
    const f = await open('empty');
    await f.win.temoin.ready;
    const { doc } = f;
    const inline = (name: string) => `(window.__ran ||= []).push('inline:${name}')`;
    const write = (html: string) => doc.body.append(doc.createRange().createContextualFragment(html));
    // Marked, written by a script; then one marked analytics whose src is marketing's.
    write(
      `<script type="text/plain" data-category="marketing" src="${ads('marked.js')}">${inline('marked')}</script>` +
        `<script type="text/plain" data-category="marketing">${inline('after-marked')}</script>` +
        `<script type="text/plain" data-category="analytics" src="${ads('other.js')}">${inline('other')}</script>`,
    );
    // Unmarked, written by a script: marked by the blocker.
    write(`<script src="${ads('written.js')}">${inline('written')}</script>`);
    // Built by a script, its text given after its src; and one given a type after its src.
    const built = doc.createElement('script');
    built.src = ads('built.js');
    built.text = inline('built');
    const typed = doc.createElement('script');
    typed.src = ads('typed.js');
    typed.type = 'module';
    doc.body.append(built, typed);
    // Its src held, then one that loads at once: it runs now, its text ignored.
    const changed = doc.createElement('script');
    changed.src = ads('changed.js');
    changed.src = `/__own.js?name=changed`;
    changed.text = inline('changed');
    doc.body.append(changed);
    await until(() => f.win.__ran?.includes('own:changed'), 'the script whose src changed');
    await f.win.temoin.set({ analytics: true });
    await timeToShow(300);
    expect(f.win.__ran, 'before consent to marketing').to.deep.equal(['own:changed']);
    expect(await pathsFrom('ads.test')).to.deep.equal([]);
    await f.win.temoin.set({ marketing: true });
    await until(async () => (await pathsFrom('ads.test')).length == 5, 'the five srcs');
    await until(() => f.win.__ran!.length == 7, 'each script');
    await timeToShow(300);
    // The marked ones in document order; those a script built as their src is set.
    const marked = ['ads.test/marked.js', 'inline:after-marked', 'ads.test/written.js'];
    expect(f.win.__ran!.filter((name) => marked.includes(name))).to.deep.equal(marked);
    expect([...f.win.__ran!].sort()).to.deep.equal(
      ['own:changed', 'marked', 'after-marked', 'written', 'other', 'built', 'typed']
        .map((name) => (name.includes(':') ? name : name == 'after-marked' ? 'inline:' + name : `ads.test/${name}.js`))
        .sort(),
    );
    expect(typed.type).to.equal('module');
    expect((await pathsFrom('ads.test')).sort()).to.deep.equal([
      '/built.js',
      '/marked.js',
      '/other.js',
      '/typed.js',
      '/written.js',
    ]);
  });
});

describe('blocking: document.write in pieces', () => {
  beforeEach(cleanOrigin);

  it('holds a tag written in pieces whole, as the parser joins them, and loads it once on consent', async () => {
    const f = await open('write-pieces');
    await f.win.temoin.ready;
    await timeToShow(300);
    const { doc } = f;
    expect(await pathsFrom('ads.test')).to.deep.equal([]);
    // Whole, and marked: no piece of a tag left as text; the one no call ends is dropped, not
    // joined with the page's markup after it.
    expect([...doc.body.children].map((el) => el.id || el.localName)).to.deep.equal([
      'before',
      'script',
      'first',
      'attrs',
      'script',
      'host',
      'open',
      'line',
      'done',
      'between',
      'script',
      'after',
    ]);
    expect(
      [...doc.body.childNodes].filter((node) => node.nodeType == node.TEXT_NODE && node.textContent!.trim()),
    ).to.deep.equal([]);
    expect(doc.getElementById('attrs')!.getAttribute('width')).to.equal('1');
    expect(doc.getElementById('line')!.getAttribute('alt')).to.equal('');
    expect(doc.getElementById('after')!.textContent).to.equal('Après');
    await f.win.temoin.set({ marketing: true });
    const paths = ['/first.gif', '/attrs.gif', '/script.js', '/host.gif', '/open.gif', '/line.gif'];
    await until(async () => (await pathsFrom('ads.test')).length >= paths.length, 'each URL');
    await until(() => f.win.__ran?.includes('ads.test/script.js'), 'the script');
    await timeToShow(300);
    expect((await pathsFrom('ads.test')).sort()).to.deep.equal(paths.sort());
    expect(f.win.__ran).to.deep.equal(['ads.test/script.js']);
  });

  it("writes a Trusted Types page's TrustedHTML pieces as it gave them: trusted, not a string its policies refuse", async () => {
    // The page's default policy refuses HTML naming another host; its own policy's pieces are trusted.
    const f = await open('write-trusted');
    expect((f.win as unknown as { __wrote: string }).__wrote).to.equal('ok');
    expect(f.doc.getElementById('link')!.getAttribute('href')).to.equal('https://example.org/page');
  });
});

describe('blocking: an XMLHttpRequest aborted while the config loads', () => {
  beforeEach(cleanOrigin);

  /** Sends a request with `xhr`, aborts it at once, and lists the events it fires (`readyState` in each) and its state after. */
  const abortedAtOnce = async (xhr: XMLHttpRequest, url: string) => {
    const seen: string[] = [];
    // Not `loadstart`, which Témoin fires as it sends one it held (not yet), nor the upload's events.
    for (const type of ['readystatechange', 'progress', 'abort', 'error', 'load', 'loadend'])
      xhr.addEventListener(type, (e) => seen.push(`${type} ${xhr.readyState} ${(e as ProgressEvent).loaded}`));
    xhr.open('POST', url);
    xhr.send('corps');
    xhr.abort();
    seen.push(`after ${xhr.readyState} ${xhr.status}`);
    await timeToShow(600);
    xhr.open('GET', url);
    seen.push(`opened again ${xhr.readyState}`);
    return seen;
  };

  it('fires what the browser fires for one it sent: readystatechange (done), abort, loadend, then unsent', async () => {
    // Without Témoin, in this page: a request that waits for its answer.
    const expected = await abortedAtOnce(new XMLHttpRequest(), '/__slow.js?delay=300');
    expect(expected).to.include.members(['abort 4 0', 'after 0 0']);
    const f = await open('url-config', { configurl: '/__config.json?delay=400' });
    const seen = await abortedAtOnce(new f.win.XMLHttpRequest(), `http://cdn.other.test:${port}/aborted`);
    await f.win.temoin.ready;
    await timeToShow(200);
    expect(seen).to.deep.equal(expected);
    expect(await pathsFrom('cdn.other.test')).to.deep.equal([]);
  });
});
