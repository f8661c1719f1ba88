// What a page's code can do to a script whose src is held (see blocking-vectors2.test.ts): give it a
// type, take its type away, give it text, in any order. It stays held, and runs as the page asked
// once released.
import { expect } from 'chai';
import { cleanOrigin, open, pathsFrom, port, timeToShow, until } from '../support/fixture.js';

let n = 0;
/** A URL of the refused host `ads.test`, new each time: no cache may answer in the server's place. */
const ads = (file: string) => `http://ads.test:${port}/${file}?n=${++n}`;

describe("blocking: a held script's type", () => {
  beforeEach(cleanOrigin);

  it('keeps it held whatever type the page gives it, and runs its src with the type the page gave last', async () => {
    const f = await open('empty');
    await f.win.temoin.ready;
    const { doc } = f;
    const inline = (name: string) => `(window.__ran ||= []).push('inline:${name}')`;
    /** A script given a held src, then what `then` does to it, put in the page. */
    const built = (name: string, then: (s: HTMLScriptElement) => void, type?: string) => {
      const s = doc.createElement('script');
      if (type != null) s.type = type;
      s.src = ads(name + '.js');
      then(s);
      doc.body.append(s);
      return s;
    };
    const scripts = {
      property: built('property', (s) => {
        s.type = 'text/javascript';
        s.text = inline('property');
      }),
      attribute: built('attribute', (s) => {
        s.textContent = inline('attribute');
        s.setAttribute('type', 'text/javascript');
      }),
      removed: built(
        'removed',
        (s) => {
          s.removeAttribute('type');
          s.append(doc.createTextNode(inline('removed')));
        },
        'text/javascript',
      ),
      empty: built('empty', (s) => {
        s.type = '';
        s.text = inline('empty');
      }),
      module: built('module', (s) => {
        s.text = inline('module');
        s.type = 'module';
      }),
      namespaced: built('namespaced', (s) => {
        s.setAttributeNS(null, 'type', 'text/javascript');
        s.text = inline('namespaced');
      }),
      // Put in the page held and empty, then given a type and text.
      later: built('later', () => {}),
    };
    scripts.later.type = 'text/javascript';
    scripts.later.text = inline('later');
    await timeToShow(300);
    expect(f.win.__ran ?? [], 'before consent').to.deep.equal([]);
    expect(await pathsFrom('ads.test')).to.deep.equal([]);
    await f.win.temoin.set({ marketing: true });
    const names = Object.keys(scripts);
    await until(() => f.win.__ran?.length == names.length, 'each src');
    await timeToShow(300);
    expect([...f.win.__ran!].sort()).to.deep.equal(names.map((name) => `ads.test/${name}.js`).sort());
    expect((await pathsFrom('ads.test')).sort()).to.deep.equal(names.map((name) => `/${name}.js`).sort());
    // Released with the type the page gave last (none where it took it away).
    expect(Object.values(scripts).map((s) => s.getAttribute('type'))).to.deep.equal([
      'text/javascript',
      'text/javascript',
      null,
      '',
      'module',
      'text/javascript',
      'text/javascript',
    ]);
  });
});

describe("blocking: a held script's type, through every path to it", () => {
  beforeEach(cleanOrigin);

  it("keeps it held through attribute nodes, toggleAttribute, removeAttributeNS and an SVG script's type", async () => {
    const f = await open('empty');
    await f.win.temoin.ready;
    const { doc } = f;
    const svgNS = 'http://www.w3.org/2000/svg';
    const svg = doc.createElementNS(svgNS, 'svg');
    doc.body.append(svg);
    const js = 'text/javascript';
    /** An attribute node `name` with `value`. */
    const attr = (name: string, value: string) => Object.assign(doc.createAttribute(name), { value });
    /** A script given a held src and inline text, then `then`, put in the page. */
    const built = (name: string, then: (s: HTMLScriptElement) => unknown, svgScript?: boolean) => {
      const s = (svgScript ? doc.createElementNS(svgNS, 'script') : doc.createElement('script')) as HTMLScriptElement;
      s.setAttribute(svgScript ? 'href' : 'src', ads(name + '.js'));
      s.textContent = `(window.__ran ||= []).push('inline:${name}')`;
      then(s);
      (svgScript ? svg : doc.body).append(s);
      return s;
    };
    // Each with the type the page gave it last: null where it took it away.
    const scripts: [HTMLScriptElement, string | null][] = [
      [built('removedNS', (s) => s.removeAttributeNS(null, 'type')), null],
      [built('toggled', (s) => s.toggleAttribute('type')), null],
      [built('toggledOff', (s) => s.toggleAttribute('type', false)), null],
      [built('toggledOn', (s) => s.toggleAttribute('type', true)), null],
      [built('svg', (s) => (s.type = js), true), js],
      [built('removedItem', (s) => s.attributes.removeNamedItem('type')), null],
      [built('removedItemNS', (s) => s.attributes.removeNamedItemNS(null, 'type')), null],
      [built('setItem', (s) => s.attributes.setNamedItem(attr('type', js))), js],
      [built('setItemNS', (s) => s.attributes.setNamedItemNS(attr('type', js))), js],
      [built('setNode', (s) => s.setAttributeNode(attr('type', js))), js],
      [built('setNodeNS', (s) => s.setAttributeNodeNS(attr('type', js))), js],
      [built('value', (s) => (s.getAttributeNode('type')!.value = js)), js],
      [built('nodeValue', (s) => (s.getAttributeNode('type')!.nodeValue = js)), js],
      [built('textContent', (s) => (s.getAttributeNode('type')!.textContent = js)), js],
    ];
    await timeToShow(300);
    expect(f.win.__ran ?? [], 'before consent').to.deep.equal([]);
    expect(await pathsFrom('ads.test')).to.deep.equal([]);
    await f.win.temoin.set({ marketing: true });
    await until(() => f.win.__ran?.length == scripts.length, 'each src');
    await timeToShow(300);
    const names = scripts.map(([s]) => new URL(s.getAttribute('src') ?? s.getAttribute('href')!).pathname);
    expect([...f.win.__ran!].sort()).to.deep.equal(names.map((path) => 'ads.test' + path).sort());
    expect(scripts.map(([s]) => s.getAttribute('type'))).to.deep.equal(scripts.map(([, type]) => type));
  });
});

describe("blocking: a script's type is no URL, an XLink type no script's type", () => {
  beforeEach(cleanOrigin);

  it("marks what an HTML string's scripts load, not their type, under a base of another origin", async () => {
    // The config still loading, every URL of another origin is held: a type read as a URL was too.
    const f = await open('url-config', { configurl: '/__config.json?delay=400', early: true });
    const { doc } = f;
    const base = doc.createElement('base');
    base.href = `http://cdn.other.test:${port}/`;
    doc.head.prepend(base);
    const parsed = (html: string) => {
      const div = doc.createElement('div');
      div.append(doc.createRange().createContextualFragment(html));
      return div.innerHTML;
    };
    const src = `http://cdn.other.test:${port}/a.js`;
    expect([
      parsed('<script type="module">1</script>'),
      parsed('<script type="application/ld+json">{}</script>'),
      parsed(`<script src="${src}" type="module"></script>`),
    ]).to.deep.equal([
      '<script type="module">1</script>',
      '<script type="application/ld+json">{}</script>',
      // Its own type kept for its release, not the one it waits with.
      `<script src="${src}" type="text/plain" data-category="?" data-type="module"></script>`,
    ]);
  });

  it('runs a released SVG script the page gave an XLink type (xlink:type), with its own type', async () => {
    const f = await open('empty');
    await f.win.temoin.ready;
    const { doc } = f;
    const xlink = 'http://www.w3.org/1999/xlink';
    const svg = doc.createElementNS('http://www.w3.org/2000/svg', 'svg');
    doc.body.append(svg);
    const s = doc.createElementNS('http://www.w3.org/2000/svg', 'script');
    s.setAttributeNS(xlink, 'xlink:href', ads('xlink.js'));
    s.setAttributeNS(xlink, 'xlink:type', 'simple');
    svg.append(s);
    await f.win.temoin.set({ marketing: true });
    await until(() => f.win.__ran?.length, 'the released script');
    expect([f.win.__ran, s.getAttribute('type'), s.getAttributeNS(xlink, 'type')]).to.deep.equal([
      ['ads.test/xlink.js'],
      null,
      'simple',
    ]);
  });
});

describe('blocking: what only looks like a held script or URL', () => {
  beforeEach(cleanOrigin);

  it("leaves a page's own script typed `held` (a data block) as it is: its allowed src never runs", async () => {
    const f = await open('empty');
    await f.win.temoin.ready;
    const s = f.doc.createElement('script');
    s.type = 'held';
    s.src = '/__own.js?name=held';
    f.doc.body.append(s);
    await timeToShow(300);
    expect([f.win.__ran ?? [], s.getAttribute('type')]).to.deep.equal([[], 'held']);
  });

  it('sets at once an attribute that only ends in `:src` (it loads nothing)', async () => {
    const f = await open('empty');
    await f.win.temoin.ready;
    const img = f.doc.createElement('img');
    const url = ads('bind.gif');
    img.setAttribute('x-bind:src', url);
    img.setAttributeNS('urn:x', 'x:srcset', url);
    expect([img.getAttribute('x-bind:src'), img.getAttributeNS('urn:x', 'srcset')]).to.deep.equal([url, url]);
  });

  it('marks the HTML of a method given more arguments than the browser reads', async () => {
    const f = await open('empty');
    await f.win.temoin.ready;
    const { doc } = f;
    const div = doc.createElement('div');
    doc.body.append(div);
    // Called as a page's code may, past what the methods' types declare.
    type Loose = (...args: unknown[]) => unknown;
    (div.setHTMLUnsafe as Loose).call(div, `<img src="${ads('unsafe.gif')}">`, {});
    (div.insertAdjacentHTML as Loose).call(div, 'beforeend', `<img src="${ads('adjacent.gif')}">`, 'more');
    const range = doc.createRange();
    doc.body.append(
      (range.createContextualFragment as Loose).call(range, `<img src="${ads('range.gif')}">`, 0) as Node,
    );
    await timeToShow(300);
    expect(await pathsFrom('ads.test')).to.deep.equal([]);
    // What the page gave is parsed all the same, and a call with too few arguments still throws.
    expect(div.querySelectorAll('img[data-src]').length).to.equal(2);
    expect(() => (div.insertAdjacentHTML as Loose).call(div, 'beforeend'))
      .to.throw()
      .with.property('name', 'TypeError');
  });
});
