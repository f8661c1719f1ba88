// SMIL animations of an SVG image's URL, past those of blocking-vectors6: a host the URL parser
// joins in an animation's `values`, and the paths that add an animation without setAttribute.
import { expect } from 'chai';
import { cleanOrigin, open, pathsFrom, port, timeToShow, until } from '../support/fixture.js';

let n = 0;
/** A URL of the refused host `ads.test`, new each time: no cache may answer in the server's place. */
const ads = (file: string) => `http://ads.test:${port}/${file}?n=${++n}`;
const svgNS = 'http://www.w3.org/2000/svg';

/** The distinct paths requested from `ads.test`, sorted: an animation asks again and again. */
const adsPaths = async () => [...new Set(await pathsFrom('ads.test'))].sort();

describe('blocking: SMIL values the URL parser joins', () => {
  beforeEach(cleanOrigin);

  it("holds an <animate>'s values with a tab or a new line inside a host, until consent", async () => {
    const f = await open('empty');
    await f.win.temoin.ready;
    const { doc } = f;
    const svg = doc.body.appendChild(doc.createElementNS(svgNS, 'svg'));
    // Chromium splits them by `;`; the URL parser drops a tab or a new line anywhere in each.
    for (const [file, cut] of [
      ['tab.gif', '\t'],
      ['newline.gif', '\n'],
    ] as const) {
      const image = svg.appendChild(doc.createElementNS(svgNS, 'image'));
      image.setAttribute('width', '10');
      image.setAttribute('height', '10');
      const animate = image.appendChild(doc.createElementNS(svgNS, 'animate'));
      animate.setAttribute('attributeName', 'href');
      // Again and again: given back on consent, it loads on the next turn.
      animate.setAttribute('dur', '0.4s');
      animate.setAttribute('repeatCount', 'indefinite');
      animate.setAttribute('values', '/own.gif; ' + ads(file).replace('ads.test', `ads.te${cut}st`));
    }
    await timeToShow(600);
    expect(await adsPaths()).to.deep.equal([]);
    await f.win.temoin.set({ marketing: true });
    await until(async () => (await adsPaths()).length == 2, 'both images on consent');
    expect(await adsPaths()).to.deep.equal(['/newline.gif', '/tab.gif']);
  });
});

describe('blocking: SMIL animations added without setAttribute', () => {
  beforeEach(cleanOrigin);

  it("holds an outerHTML's, a DOMParser document's and one begun by beginElement(), until consent", async () => {
    const f = await open('empty');
    await f.win.temoin.ready;
    const { doc } = f;
    const div = doc.body.appendChild(doc.createElement('div'));
    div.innerHTML = `<svg><image width="10" height="10"><set attributeName="href" to="/own.gif"/></image></svg>`;
    div.querySelector('set')!.outerHTML = `<set attributeName="href" to="${ads('outer.gif')}"/>`;
    const parsed = new f.win.DOMParser().parseFromString(
      `<svg xmlns="${svgNS}"><image width="10" height="10"><set attributeName="href" to="${ads('parsed.gif')}"/></image></svg>`,
      'image/svg+xml',
    );
    doc.body.append(doc.importNode(parsed.documentElement, true));
    const image = doc.body
      .appendChild(doc.createElementNS(svgNS, 'svg'))
      .appendChild(doc.createElementNS(svgNS, 'image'));
    image.setAttribute('width', '10');
    image.setAttribute('height', '10');
    const set = doc.createElementNS(svgNS, 'set');
    set.setAttribute('attributeName', 'href');
    set.setAttribute('begin', 'indefinite');
    set.setAttribute('to', ads('begin.gif'));
    image.append(set);
    set.beginElement();
    await timeToShow(600);
    expect(await adsPaths()).to.deep.equal([]);
  });
});
