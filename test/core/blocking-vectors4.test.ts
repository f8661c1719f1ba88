// Paths to a URL that do not go through an element's URL property or `setAttribute`: the `Audio`
// constructor, attribute nodes, SVG's `href.baseVal`. Each is held before consent, as the others
// are (blocking-vectors.test.ts), and loads on consent. And a page's own script typed `held`.
import { expect } from 'chai';
import { cleanOrigin, open, pathsFrom, port, timeToShow, until } from '../support/fixture.js';

let n = 0;
/** A URL of the refused host `ads.test`, new each time: no cache may answer in the server's place. */
const ads = (file: string) => `http://ads.test:${port}/${file}?n=${++n}`;
const svgNS = 'http://www.w3.org/2000/svg';
const xlink = 'http://www.w3.org/1999/xlink';

/** Waits until `paths` were requested from `ads.test`, then checks nothing else was. */
async function loadedOnConsent(paths: string[]): Promise<void> {
  const sorted = [...paths].sort();
  await until(async () => (await pathsFrom('ads.test')).length >= paths.length, paths.join(', '));
  await timeToShow(300);
  expect((await pathsFrom('ads.test')).sort()).to.deep.equal(sorted);
}

describe('blocking: new Audio(url)', () => {
  beforeEach(cleanOrigin);

  it("holds the URL until consent, and is still the browser's Audio", async () => {
    const f = await open('empty');
    await f.win.temoin.ready;
    const { Audio, HTMLAudioElement } = f.win;
    const audio = new Audio(ads('audio.mp3'));
    await timeToShow(300);
    expect(await pathsFrom('ads.test')).to.deep.equal([]);
    expect([
      audio instanceof Audio,
      audio instanceof HTMLAudioElement,
      Audio.prototype == HTMLAudioElement.prototype,
      Audio.name,
      Audio.length,
      audio.preload,
      new Audio().hasAttribute('src'),
      new Audio(undefined).hasAttribute('src'),
      new Audio('/own.mp3').getAttribute('src'),
    ]).to.deep.equal([true, true, true, 'Audio', 0, 'auto', false, false, '/own.mp3']);
    // Called without `new`, it throws as the browser's does.
    expect(() => (Audio as unknown as () => unknown)()).to.throw(f.win.TypeError);
    await f.win.temoin.set({ marketing: true });
    await loadedOnConsent(['/audio.mp3']);
  });
});

describe('blocking: a URL given by attribute node', () => {
  beforeEach(cleanOrigin);

  it('holds what setAttributeNode, setNamedItem and an attached node carry, and loads it on consent', async () => {
    const f = await open('empty');
    await f.win.temoin.ready;
    const { doc } = f;
    /** An attribute node `name` with `value`. */
    const attr = (name: string, value: string) => Object.assign(doc.createAttribute(name), { value });
    /** An image whose `src` attribute node, attached with no URL yet, gets one by `set`. */
    const attached = (set: (node: Attr, url: string) => void, file: string) => {
      const img = doc.createElement('img');
      img.setAttribute('src', '');
      set(img.getAttributeNode('src')!, ads(file));
      return img;
    };
    const node = attr('src', ads('setNode.gif'));
    const img = doc.createElement('img');
    img.setAttributeNode(node);
    doc.createElement('img').setAttributeNodeNS(attr('src', ads('setNodeNS.gif')));
    // Elements with no attribute yet: their map is empty.
    new f.win.Image().attributes.setNamedItem(attr('src', ads('setItem.gif')));
    new f.win.Image().attributes.setNamedItemNS(attr('srcset', ads('setItemNS.gif')));
    attached((a, url) => (a.value = url), 'value.gif');
    attached((a, url) => (a.nodeValue = url), 'nodeValue.gif');
    attached((a, url) => (a.textContent = url), 'textContent.gif');
    const frame = doc.createElement('iframe');
    frame.setAttributeNode(attr('src', ads('frame.html')));
    doc.body.append(frame);
    const script = doc.createElement('script');
    script.setAttributeNode(attr('src', ads('script.js')));
    doc.body.append(script);
    const svg = doc.body.appendChild(doc.createElementNS(svgNS, 'svg'));
    const image = svg.appendChild(doc.createElementNS(svgNS, 'image'));
    image.setAttributeNodeNS(Object.assign(doc.createAttributeNS(xlink, 'xlink:href'), { value: ads('xlink.gif') }));
    await timeToShow(300);
    expect(await pathsFrom('ads.test')).to.deep.equal([]);
    // A frame waits with its placeholder, as one given its `src` otherwise.
    expect(frame.dataset.category).to.equal('marketing/pixel');
    await f.win.temoin.set({ marketing: true });
    await loadedOnConsent(
      ['setNode', 'setNodeNS', 'setItem', 'setItemNS', 'value', 'nodeValue', 'textContent', 'xlink']
        .map((name) => `/${name}.gif`)
        .concat('/frame.html', '/script.js'),
    );
    expect(f.win.__ran).to.deep.equal(['ads.test/script.js']);
    // The page's own node is the one in place.
    expect([img.getAttributeNode('src') == node, node.ownerElement == img]).to.deep.equal([true, true]);
  });

  it('sets at once what is allowed, and returns what it replaces', async () => {
    const f = await open('empty');
    await f.win.temoin.ready;
    const { doc } = f;
    const img = doc.createElement('img');
    img.setAttribute('src', '/own.gif');
    const old = img.getAttributeNode('src');
    const node = Object.assign(doc.createAttribute('src'), { value: '/other.gif' });
    expect([img.setAttributeNode(node) == old, img.getAttribute('src')]).to.deep.equal([true, '/other.gif']);
  });
});

describe("blocking: an SVG element's href.baseVal", () => {
  beforeEach(cleanOrigin);

  it('holds the URL of an image, a filter image and a script until consent', async () => {
    const f = await open('empty');
    await f.win.temoin.ready;
    const { doc } = f;
    const svg = doc.body.appendChild(doc.createElementNS(svgNS, 'svg'));
    const image = svg.appendChild(doc.createElementNS(svgNS, 'image'));
    image.href.baseVal = ads('image.gif');
    const filter = svg.appendChild(doc.createElementNS(svgNS, 'filter'));
    filter.id = 'f';
    const feImage = filter.appendChild(doc.createElementNS(svgNS, 'feImage'));
    feImage.href.baseVal = ads('feImage.gif');
    svg.appendChild(doc.createElementNS(svgNS, 'rect')).setAttribute('filter', 'url(#f)');
    const script = doc.createElementNS(svgNS, 'script');
    script.href.baseVal = ads('script.js');
    svg.append(script);
    // Another SVG string of an element's is no URL: set at once.
    feImage.result.baseVal = 'photo';
    await timeToShow(300);
    expect(await pathsFrom('ads.test')).to.deep.equal([]);
    expect([feImage.getAttribute('result'), image.hasAttribute('href')]).to.deep.equal(['photo', false]);
    await f.win.temoin.set({ marketing: true });
    await loadedOnConsent(['/image.gif', '/feImage.gif', '/script.js']);
    expect(f.win.__ran).to.deep.equal(['ads.test/script.js']);
  });
});

describe("blocking: a page's own script typed `held`", () => {
  beforeEach(cleanOrigin);

  it('never runs its blocked src: released, it is `held` again, a data block', async () => {
    const f = await open('empty');
    await f.win.temoin.ready;
    const { doc } = f;
    const before = doc.createElement('script');
    before.type = 'held';
    before.src = ads('before.js');
    doc.body.append(before);
    const after = doc.createElement('script');
    after.src = ads('after.js');
    after.setAttribute('type', 'held');
    doc.body.append(after);
    await f.win.temoin.set({ marketing: true });
    await until(() => !before.type.startsWith('held/'), 'the release');
    await timeToShow(300);
    expect(f.win.__ran ?? []).to.deep.equal([]);
    expect([before.type, after.type]).to.deep.equal(['held', 'held']);
  });

  it("runs a copy of a waiting script as the original would run: the type it copies is Témoin's mark", async () => {
    const f = await open('empty');
    await f.win.temoin.ready;
    const { doc } = f;
    const scripts = [null, 'module'].map((type) => {
      const s = doc.createElement('script');
      if (type) s.type = type;
      s.src = ads(`original-${type}.js`);
      return s;
    });
    // A library that copies a script's attributes, as some loaders do, while it waits.
    const copies = scripts.map((s, i) => {
      const copy = doc.createElement('script');
      for (const { name, value } of s.attributes) copy.setAttribute(name, value);
      copy.src = ads(`copy${i}.js`);
      doc.body.append(copy);
      return copy;
    });
    await f.win.temoin.set({ marketing: true });
    await until(() => f.win.__ran?.length == 2, 'both copies');
    expect(copies.map((s) => s.getAttribute('type'))).to.deep.equal([null, 'module']);
  });
});

describe("blocking: an element named as an object's own property", () => {
  beforeEach(cleanOrigin);

  it('sets the attributes of <constructor> and <__proto__>, by method and in HTML strings', async () => {
    const f = await open('empty');
    await f.win.temoin.ready;
    const { doc } = f;
    const div = doc.body.appendChild(doc.createElement('div'));
    div.innerHTML = '<constructor src="/a"></constructor>';
    const proto = doc.createElementNS('urn:x', '__proto__');
    proto.setAttribute('src', '/b');
    expect([div.innerHTML, proto.getAttribute('src')]).to.deep.equal(['<constructor src="/a"></constructor>', '/b']);
  });
});
