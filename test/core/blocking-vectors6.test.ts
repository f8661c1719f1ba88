// The blocker's last documented leaks, closed: an SVG image's `href` given by SMIL animation, an
// attribute node's value given through Node's own setters, and a script held as markup that page
// code gives another type. Each is held before consent (no request reaches the stand-in vendor
// host), and loads, or runs once, on consent.
import { expect } from 'chai';
import { cleanOrigin, open, pathsFrom, port, timeToShow, until, type Fixture } from '../support/fixture.js';

let n = 0;
/** A URL of the refused host `ads.test`, new each time: no cache may answer in the server's place. */
const ads = (file: string) => `http://ads.test:${port}/${file}?n=${++n}`;
const svgNS = 'http://www.w3.org/2000/svg';
const xlink = 'http://www.w3.org/1999/xlink';

/** The distinct paths requested from `ads.test`, sorted: an animation asks again and again. */
const adsPaths = async () => [...new Set(await pathsFrom('ads.test'))].sort();

/** Waits until each of `paths` was requested from `ads.test`, then checks nothing else was. */
async function loadedOnConsent(paths: string[]): Promise<void> {
  await until(async () => (await adsPaths()).length >= paths.length, paths.join(', '));
  await timeToShow(300);
  expect(await adsPaths()).to.deep.equal([...paths].sort());
}

/** An SVG in the page that declares the `xlink` prefix, as pages that animate `xlink:href` write it. */
function svgIn(f: Fixture): SVGSVGElement {
  const svg = f.doc.body.appendChild(f.doc.createElementNS(svgNS, 'svg'));
  svg.setAttributeNS('http://www.w3.org/2000/xmlns/', 'xmlns:xlink', xlink);
  return svg;
}

/** An SVG image in `svg` (or a filter image, drawn by a rectangle), given the animation `anim`. */
function animated(svg: SVGSVGElement, anim: Element, filter?: boolean): void {
  const doc = svg.ownerDocument;
  let image: Element;
  if (filter) {
    const f = svg.appendChild(doc.createElementNS(svgNS, 'filter'));
    f.id = `f${++n}`;
    image = f.appendChild(doc.createElementNS(svgNS, 'feImage'));
    svg.appendChild(doc.createElementNS(svgNS, 'rect')).setAttribute('filter', `url(#${f.id})`);
  } else image = svg.appendChild(doc.createElementNS(svgNS, 'image'));
  image.setAttribute('width', '10');
  image.setAttribute('height', '10');
  image.append(anim);
}

describe('blocking: SMIL animation of an SVG image URL', () => {
  beforeEach(cleanOrigin);

  it('holds what <set> and <animate> give href and xlink:href, by setAttribute, until consent', async () => {
    const f = await open('empty');
    await f.win.temoin.ready;
    const { doc } = f;
    const svg = svgIn(f);
    /** An animation `tag` of `attributeName` with `attrs`, `URL` in a value being the file's. */
    const anim = (tag: string, attributeName: string, file: string, attrs: Record<string, string>) => {
      const el = doc.createElementNS(svgNS, tag);
      el.setAttribute('attributeName', attributeName);
      for (const [name, value] of Object.entries(attrs)) el.setAttributeNS(null, name, value.replace('URL', ads(file)));
      return el;
    };
    animated(svg, anim('set', 'href', 'set.gif', { to: 'URL' }));
    animated(svg, anim('set', 'xlink:href', 'set-xlink.gif', { to: 'URL' }));
    animated(svg, anim('set', 'href', 'set-fe.gif', { to: 'URL' }), true);
    animated(svg, anim('animate', 'href', 'values.gif', { values: '/own.gif; URL', dur: '0.2s', fill: 'freeze' }));
    animated(svg, anim('animate', 'xlink:href', 'values-xlink.gif', { values: 'URL', dur: '1s' }));
    animated(svg, anim('animate', 'href', 'from.gif', { from: 'URL', to: '/own.gif', dur: '5s' }));
    animated(svg, anim('animate', 'href', 'to.gif', { from: '/own.gif', to: 'URL', dur: '0.2s', fill: 'freeze' }));
    // An animation that names its target by `href` rather than by being its child.
    const target = svg.appendChild(doc.createElementNS(svgNS, 'image'));
    target.id = 'target';
    target.setAttribute('width', '10');
    target.setAttribute('height', '10');
    svg.append(anim('set', 'href', 'targeted.gif', { href: '#target', to: 'URL' }));
    await timeToShow(500);
    expect(await adsPaths()).to.deep.equal([]);
    await f.win.temoin.set({ marketing: true });
    await loadedOnConsent(
      ['set', 'set-xlink', 'set-fe', 'values', 'values-xlink', 'from', 'to', 'targeted'].map((name) => `/${name}.gif`),
    );
  });

  it('holds what they give in an HTML string and by attribute node, until consent', async () => {
    const f = await open('empty');
    await f.win.temoin.ready;
    const { doc } = f;
    const div = doc.body.appendChild(doc.createElement('div'));
    div.innerHTML =
      `<svg xmlns:xlink="${xlink}"><image width="10" height="10"><set attributeName="href" to="${ads('html-set.gif')}"/></image>` +
      `<image width="10" height="10"><animate attributeName="xlink:href" values="/own.gif;${ads('html-animate.gif')}" dur="0.2s" fill="freeze"/></image></svg>`;
    const svg = svgIn(f);
    const attr = (name: string, value: string) => Object.assign(doc.createAttribute(name), { value });
    const set = doc.createElementNS(svgNS, 'set');
    set.setAttribute('attributeName', 'href');
    set.setAttributeNode(attr('to', ads('node.gif')));
    animated(svg, set);
    const animate = doc.createElementNS(svgNS, 'animate');
    animate.setAttribute('attributeName', 'href');
    animate.setAttribute('dur', '1s');
    animate.attributes.setNamedItem(attr('values', ads('item.gif')));
    animated(svg, animate);
    const valued = doc.createElementNS(svgNS, 'set');
    valued.setAttribute('attributeName', 'href');
    valued.setAttribute('to', '');
    valued.getAttributeNode('to')!.value = ads('value.gif');
    animated(svg, valued);
    await timeToShow(500);
    expect(await adsPaths()).to.deep.equal([]);
    expect(div.querySelector('set')!.hasAttribute('to')).to.equal(false);
    await f.win.temoin.set({ marketing: true });
    // Given back on consent. Chromium may not start again an animation that began without them
    // (released markup's, mostly): it may load them, or not.
    const given = () => [
      div.querySelector('set')!.getAttribute('to'),
      div.querySelector('animate')!.getAttribute('values'),
      set.getAttribute('to'),
      animate.getAttribute('values'),
      valued.getAttribute('to'),
    ];
    await until(() => given().every(Boolean), 'the values given back');
    expect(given().map((v) => v!.replace(/.*\/|\?.*/g, ''))).to.deep.equal([
      'html-set.gif',
      'html-animate.gif',
      'node.gif',
      'item.gif',
      'value.gif',
    ]);
    await timeToShow(300);
    for (const path of await adsPaths())
      expect(['/html-set.gif', '/html-animate.gif', '/node.gif', '/item.gif', '/value.gif']).to.include(path);
  });

  // Chromium does not animate a string by `by` (it cannot be added to): nothing to hold.
  it('sends nothing for an <animate> by', async () => {
    const f = await open('empty');
    await f.win.temoin.set({ marketing: true });
    const animate = f.doc.createElementNS(svgNS, 'animate');
    animate.setAttribute('attributeName', 'href');
    animate.setAttribute('by', ads('by.gif'));
    animate.setAttribute('dur', '0.2s');
    animated(svgIn(f), animate);
    await timeToShow(500);
    expect(await adsPaths()).to.deep.equal([]);
  });

  it('leaves the animations of other attributes to run at once', async () => {
    const f = await open('empty');
    await f.win.temoin.ready;
    const set = f.doc.createElementNS(svgNS, 'set');
    set.setAttribute('attributeName', 'width');
    set.setAttribute('to', '20');
    const svg = svgIn(f);
    animated(svg, set);
    await until(() => (svg.querySelector('image') as SVGImageElement).width.animVal.value == 20, 'the width');
  });
});

describe("blocking: an attribute node's value given through Node's own setters", () => {
  beforeEach(cleanOrigin);

  it("holds the URL until consent, and puts the page's node in place", async () => {
    const f = await open('empty');
    await f.win.temoin.ready;
    const { doc } = f;
    const { Node } = f.win;
    const nodes = ['nodeValue', 'textContent'].map((name) => {
      const img = doc.createElement('img');
      img.setAttribute('src', '');
      const node = img.getAttributeNode('src')!;
      Object.getOwnPropertyDescriptor(Node.prototype, name)!.set!.call(node, ads(name + '.gif'));
      return [img, node] as const;
    });
    await timeToShow(300);
    expect(await adsPaths()).to.deep.equal([]);
    await f.win.temoin.set({ marketing: true });
    await loadedOnConsent(['/nodeValue.gif', '/textContent.gif']);
    expect(nodes.map(([img, node]) => img.getAttributeNode('src') == node)).to.deep.equal([true, true]);
  });

  it('sets the text of other nodes as the browser does', async () => {
    const f = await open('empty');
    await f.win.temoin.ready;
    const { doc } = f;
    const p = doc.body.appendChild(doc.createElement('p'));
    p.textContent = 'a';
    p.firstChild!.nodeValue = 'b';
    const comment = p.appendChild(doc.createComment('c'));
    comment.textContent = 'd';
    const alt = doc.createAttribute('alt');
    alt.textContent = 'e';
    expect([p.textContent, comment.nodeValue, alt.value, doc.textContent]).to.deep.equal(['b', 'd', 'e', null]);
  });
});

describe('blocking: a script held as markup that page code gives another type', () => {
  beforeEach(cleanOrigin);

  /** The ways page code may give a script a type, or take its type away (`Node`: the page's own). */
  const retypes: Record<string, (s: HTMLScriptElement, N: typeof Node) => void> = {
    property: (s) => (s.type = 'text/javascript'),
    setAttribute: (s) => s.setAttribute('type', 'module'),
    removeAttribute: (s) => s.removeAttribute('type'),
    toggleAttribute: (s) => s.toggleAttribute('type'),
    removeNamedItem: (s) => s.attributes.removeNamedItem('type'),
    nodeValue: (s) => (s.getAttributeNode('type')!.nodeValue = ''),
    nodeSetter: (s, N) =>
      Object.getOwnPropertyDescriptor(N.prototype, 'textContent')!.set!.call(s.getAttributeNode('type'), 'module'),
  };

  it('runs none of them before consent, put in the page again or given text, and each once on consent', async () => {
    const f = await open('empty');
    await f.win.temoin.ready;
    const { doc } = f;
    const ways = Object.keys(retypes);
    // Scripts written in an HTML string that runs them: Témoin's markup, as in the page's HTML.
    const fragment = doc
      .createRange()
      .createContextualFragment(
        ways
          .map(
            (way) =>
              `<script type="text/plain" data-category="marketing" src="${ads(way + '.js')}"></script>` +
              `<script type="text/plain" data-category="marketing">(window.__ran ||= []).push('inline-${way}')</script>`,
          )
          .join(''),
      );
    doc.body.append(fragment);
    const scripts = [...doc.body.querySelectorAll<HTMLScriptElement>('script[data-category]')];
    ways.forEach((way, i) => {
      for (const [j, script] of scripts.slice(2 * i, 2 * i + 2).entries()) {
        retypes[way]!(script, f.win.Node);
        // Either is what makes the browser look at a script again.
        if ((i + j) % 2) doc.body.append(script);
        else script.append(' ');
      }
    });
    await timeToShow(500);
    expect([await adsPaths(), f.win.__ran ?? []]).to.deep.equal([[], []]);
    await f.win.temoin.set({ marketing: true });
    await until(() => (f.win.__ran?.length ?? 0) >= 2 * ways.length, 'every script');
    await timeToShow(300);
    expect(f.win.__ran!.sort()).to.deep.equal(ways.flatMap((way) => [`ads.test/${way}.js`, `inline-${way}`]).sort());
  });

  it("keeps the page's markup script held, re-typed and put in again, and runs it once on consent", async () => {
    const f = await open('markup');
    await f.win.temoin.ready;
    const { doc } = f;
    const pixel = doc.querySelector<HTMLScriptElement>('script[data-category="marketing"]')!;
    pixel.type = 'text/javascript';
    doc.head.append(pixel);
    await timeToShow(500);
    expect(await adsPaths()).to.deep.equal([]);
    await f.win.temoin.set({ marketing: true });
    await until(() => f.win.__ran?.includes('ads.test/pixel.js'), 'the pixel');
    await timeToShow(300);
    expect(f.win.__ran!.filter((name) => name == 'ads.test/pixel.js')).to.have.length(1);
  });

  it("leaves a granted category's marked script, and a released one, to the page", async () => {
    const f = await open('markup');
    await f.win.temoin.set({ marketing: true });
    await until(() => f.win.__ran?.includes('ads.test/pixel.js'), 'the pixel');
    const released = f.doc.querySelector<HTMLScriptElement>('script[src*="pixel.js"]')!;
    released.type = 'module';
    expect(released.type).to.equal('module');
    const granted = f.doc.createRange().createContextualFragment(
      // The page's policy asks for its nonce.
      `<script type="text/plain" data-category="marketing" nonce="t3m0in">(window.__ran ||= []).push('granted')</script>`,
    ).firstChild as HTMLScriptElement;
    granted.type = '';
    f.doc.body.append(granted);
    await until(() => f.win.__ran?.includes('granted'), 'the granted one');
    await timeToShow(300);
    expect(f.win.__ran!.filter((name) => name == 'granted' || name == 'ads.test/pixel.js')).to.have.length(2);
  });
});
