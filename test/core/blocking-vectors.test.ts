// The rarer run-time paths to a refused host (the common ones are in blocking.test.ts): SVG scripts
// and images, srcdoc frames, EventSource and WebSocket, and the lesser URL attributes. Nothing may reach the host before consent; on consent, each loads once.
import { expect } from 'chai';
import { cleanOrigin, open, pathsFrom, port, requests, timeToShow, until, type Fixture } from '../support/fixture.js';

const SVG = 'http://www.w3.org/2000/svg';
const XLINK = 'http://www.w3.org/1999/xlink';
let n = 0;
/** A URL of the refused host `ads.test`, new each time: no cache may answer in the server's place. */
const ads = (file: string) => `http://ads.test:${port}/${file}?n=${++n}`;

const trackers = async () => (await requests()).filter((r) => /(^|\.)(analytics|ads|video)\.test$/.test(r.host));

/**
 * Runs `tryAll` in a page where marketing is refused: no request may reach a tracker host. Then
 * grants marketing, and waits for each of `paths` on `ads.test`.
 */
async function heldThenReleased(tryAll: (f: Fixture) => unknown, paths: string[]): Promise<Fixture> {
  const f = await open('empty');
  await f.win.temoin.ready;
  await tryAll(f);
  await timeToShow(300);
  expect(await trackers()).to.deep.equal([]);
  await f.win.temoin.set({ marketing: true });
  let seen: string[] = [];
  await until(async () => {
    seen = await pathsFrom('ads.test');
    return paths.every((p) => seen.includes(p));
  }, 'each path').catch((e: unknown) => {
    throw new Error(`${String(e)}: ${paths.filter((p) => !seen.includes(p)).join(', ')} never requested`);
  });
  return f;
}

/** An `<svg>` put in the page, for SVG elements to go in. */
const svgIn = (doc: Document) => doc.body.appendChild(doc.createElementNS(SVG, 'svg'));

describe('blocking the rarer run-time paths', () => {
  beforeEach(cleanOrigin);

  it("holds an SVG script's href, however set or written, and runs it once on consent", async () => {
    const names = ['svg-attr.js', 'svg-xlink.js', 'svg-late.js'];
    const f = await heldThenReleased(
      ({ doc }) => {
        const svg = svgIn(doc);
        const script = () => doc.createElementNS<'script'>(SVG, 'script');
        const a = script();
        a.setAttribute('href', ads('svg-attr.js'));
        const b = script();
        b.setAttributeNS(XLINK, 'xlink:href', ads('svg-xlink.js'));
        svg.append(a, b);
        svg.appendChild(script()).setAttribute('href', ads('svg-late.js'));
        // Chromium runs the SVG script of neither HTML string, and must not on consent either.
        doc.body.append(
          doc.createRange().createContextualFragment(`<svg><script href="${ads('never.js')}"></script></svg>`),
        );
        doc.body.insertAdjacentHTML('beforeend', `<svg><script href="${ads('never-inner.js')}"></script></svg>`);
      },
      names.map((name) => '/' + name),
    );
    await until(() => names.every((name) => f.win.__ran?.includes('ads.test/' + name)), 'the SVG scripts run');
    await timeToShow(200);
    expect(await pathsFrom('ads.test')).to.not.include.members(['/never.js', '/never-inner.js']);
    expect(f.win.__ran!.sort()).to.deep.equal(names.map((name) => 'ads.test/' + name).sort());
  });

  it('holds a srcdoc frame that names a refused host, set or written, and loads it on consent', () =>
    heldThenReleased(
      ({ doc }) => {
        const frame = () => doc.body.appendChild(doc.createElement('iframe'));
        frame().srcdoc = `<img src="${ads('srcdoc-prop.gif')}">`;
        frame().setAttribute('srcdoc', `<script src="${ads('srcdoc-attr.js')}"></script>`);
        frame().srcdoc = `<script>new Image().src = '${ads('srcdoc-script.gif')}'</script>`;
        doc.body.insertAdjacentHTML('beforeend', `<iframe srcdoc="<img src='${ads('srcdoc-html.gif')}'>"></iframe>`);
        // One that names no refused host is left alone.
        const free = frame();
        free.srcdoc = `<img alt="" src="/free.gif">`;
        expect(free.getAttribute('srcdoc')).to.equal('<img alt="" src="/free.gif">');
      },
      ['/srcdoc-prop.gif', '/srcdoc-attr.js', '/srcdoc-script.gif', '/srcdoc-html.gif'],
    ));

  it("holds an SVG image's or feImage's href, however set or written", () =>
    heldThenReleased(
      ({ doc }) => {
        const svg = svgIn(doc);
        const el = (tag: string) => svg.appendChild(doc.createElementNS(SVG, tag)) as SVGImageElement;
        el('image').setAttribute('href', ads('image-attr.gif'));
        el('image').setAttributeNS(XLINK, 'xlink:href', ads('image-xlink.gif'));
        el('feImage').setAttribute('href', ads('feimage-attr.gif'));
        doc.body.insertAdjacentHTML(
          'beforeend',
          `<svg><image href="${ads('image-html.gif')}"/><image xlink:href="${ads('image-html-xlink.gif')}"/>` +
            `<feImage href="${ads('feimage-html.gif')}"/></svg>`,
        );
      },
      ['attr', 'xlink', 'html', 'html-xlink']
        .map((name) => `/image-${name}.gif`)
        .concat('/feimage-attr.gif', '/feimage-html.gif'),
    ));

  it('fails an EventSource or WebSocket to a refused host as Chromium fails one CSP refuses, and opens them once granted', async () => {
    const f = await open('empty');
    await f.win.temoin.ready;
    const events = new f.win.EventSource(ads('events'));
    const socket = new f.win.WebSocket(`ws://ads.test:${port}/socket`);
    expect(events).to.be.instanceOf(f.win.EventSource);
    expect(socket).to.be.instanceOf(f.win.WebSocket);
    expect([f.win.WebSocket.OPEN, f.win.EventSource.CLOSED]).to.deep.equal([1, 2]);
    // An error, then closed for good (no retry); a socket closes as one that never connected.
    const failed = await Promise.all([
      new Promise((resolve) => events.addEventListener('error', () => resolve(events.readyState))),
      new Promise((resolve) => socket.addEventListener('close', (e) => resolve(e.code))),
    ]);
    expect(failed).to.deep.equal([2, 1006]);
    await timeToShow(300);
    expect(await trackers()).to.deep.equal([]);

    await f.win.temoin.set({ marketing: true });
    new f.win.EventSource(ads('events-granted')).addEventListener('error', function () {
      this.close();
    });
    new f.win.WebSocket(`ws://ads.test:${port}/socket-granted`);
    await until(async () => {
      const seen = await pathsFrom('ads.test');
      return seen.includes('/events-granted') && seen.includes('/socket-granted');
    }, 'the sockets once granted');
  });

  it('fails a socket opened while the config loads, even to a host it then allows', async () => {
    const f = await open('sockets');
    expect(await (f.win as unknown as { __failed: Promise<unknown> }).__failed).to.deep.equal([1006, 2]);
    await f.win.temoin.ready;
    new f.win.WebSocket(`ws://cdn.other.test:${port}/later`);
    await until(
      async () => (await pathsFrom('cdn.other.test')).includes('/later'),
      'the socket opened once the config is known',
    );
    expect(await pathsFrom('cdn.other.test')).to.deep.equal(['/later']);
  });

  it("holds a link's ping, set or written, until granted", async () => {
    const f = await heldThenReleased(({ doc }) => {
      const a = doc.body.appendChild(doc.createElement('a'));
      a.ping = ads('ping-prop');
      doc.body.insertAdjacentHTML(
        'beforeend',
        `<a ping="/same-origin ${ads('ping-html')}"></a><map name="m"><area shape="rect" coords="0,0,9,9" ping="${ads('ping-area')}"></map>`,
      );
      for (const link of doc.querySelectorAll<HTMLAnchorElement | HTMLAreaElement>('a,area')) {
        link.href = '#pinged';
        link.click();
      }
    }, []);
    for (const link of f.doc.querySelectorAll<HTMLElement>('a,area')) link.click();
    await until(async () => {
      const seen = await pathsFrom('ads.test');
      return ['/ping-prop', '/ping-html', '/ping-area'].every((path) => seen.includes(path));
    }, 'the pings once granted');
  });

  it('finds a host an HTML string writes with a named entity, as the parser reads it', () =>
    heldThenReleased(
      ({ doc }) => {
        doc.body.insertAdjacentHTML(
          'beforeend',
          `<img alt="" src="${ads('named-entity.gif').replace('.test', '&period;test')}">`,
        );
      },
      ['/named-entity.gif'],
    ));

  it('keeps a srcdoc frame written in an HTML string a frame: its document never reaches the page', () =>
    heldThenReleased(
      ({ doc, win }) => {
        doc.body.insertAdjacentHTML(
          'beforeend',
          `<iframe id="written" srcdoc="<b id=inside>frame</b><img src='${ads('written.gif')}'>"></iframe>`,
        );
        doc.body.append(
          doc
            .createRange()
            .createContextualFragment(
              `<iframe sandbox srcdoc="<script>parent.__escaped = 1</script><img src='${ads('sandboxed.gif')}'>"></iframe>`,
            ),
        );
        expect([doc.getElementById('written')?.localName, doc.getElementById('inside')]).to.deep.equal([
          'iframe',
          null,
        ]);
        expect(doc.querySelectorAll('iframe')).to.have.length(2);
        expect((win as unknown as { __escaped?: number }).__escaped).to.equal(undefined);
      },
      ['/written.gif', '/sandboxed.gif'],
    ));

  it('holds, in strict mode, every srcdoc frame: any code in it could reach any host unseen', async () => {
    const f = await open('empty', { config: { undeclared: 'block' } });
    await f.win.temoin.ready;
    const frame = f.doc.body.appendChild(f.doc.createElement('iframe'));
    // JSON's escaped slashes, as PHP writes them, in an event handler: no host to see.
    const url = JSON.stringify(`http://undeclared.test:${port}/strict.gif`).replaceAll('/', '\\/');
    frame.srcdoc = `<svg/onload="new Image().src = ${url.replaceAll('"', '&quot;')}">`;
    await timeToShow(400);
    expect(await pathsFrom('undeclared.test')).to.deep.equal([]);
    expect(frame.hasAttribute('srcdoc')).to.equal(false);
    expect(f.win.__warnings.join('\n')).to.contain('a srcdoc frame is blocked in strict mode');
  });

  it('finds a refused host in a srcdoc however deep its entities, and after a textarea end tag', () =>
    heldThenReleased(
      ({ doc }) => {
        const frame = () => doc.body.appendChild(doc.createElement('iframe'));
        const nested = ads('nested.gif').replace('.test', '&amp;#46;test');
        frame().srcdoc = `<iframe srcdoc="<img src='${nested}'>"></iframe>`;
        frame().srcdoc = `<textarea></textarea><img src="${ads('after-textarea.gif')}">`;
      },
      ['/nested.gif', '/after-textarea.gif'],
    ));

  it('holds sockets and SVG links however their URL is spelled', () =>
    heldThenReleased(
      ({ doc, win }) => {
        // The URL parser strips the leading space and the tab.
        new win.WebSocket(` ws://ads.test:${port}/space`);
        new win.WebSocket(`w\ts://ads.test:${port}/tab`);
        const svg = new win.DOMParser().parseFromString(
          `<svg xmlns="${SVG}" xmlns:x="${XLINK}"><image x:href="${ads('prefixed.gif')}" width="1" height="1"/></svg>`,
          'image/svg+xml',
        );
        doc.body.append(doc.importNode(svg.documentElement, true));
        // XHTML's elements are named in lower case.
        const xhtml = new win.DOMParser().parseFromString(
          `<html xmlns="http://www.w3.org/1999/xhtml"><body><img alt="" src="${ads('xhtml.gif')}"/></body></html>`,
          'application/xhtml+xml',
        );
        doc.body.append(doc.importNode(xhtml.querySelector('img')!, true));
      },
      ['/prefixed.gif', '/xhtml.gif'],
    ));

  it('leaves alone an SVG attribute of another namespace named href: it loads nothing', async () => {
    const f = await open('empty');
    await f.win.temoin.ready;
    const svg = new f.win.DOMParser().parseFromString(
      `<svg xmlns="${SVG}" xmlns:f="urn:other"><image href="/ok.gif" f:href="${ads('other-ns.gif')}"/></svg>`,
      'image/svg+xml',
    );
    const image = f.doc.body.appendChild(f.doc.importNode(svg.documentElement, true)).firstElementChild!;
    await f.win.temoin.set({ marketing: true });
    await timeToShow(300);
    expect(image.getAttribute('href')).to.equal('/ok.gif');
    expect(await pathsFrom('ads.test')).to.deep.equal([]);
  });
});

describe('HTML strings: the quick test lets no host through', () => {
  beforeEach(cleanOrigin);
  // Each string also holds what the quick test lets pass (`&amp;`, `&nbsp;`, `%20`): what hides the
  // host must still send it to the full parse.
  const harmless = '<p>Parcs&nbsp;&amp;&nbsp;loisirs</p><a href="/recherche?q=a%20b%2Fc&amp;p=2">Suite</a>';

  it('finds a refused host hidden by an entity, with or without its semicolon, or a percent escape', () =>
    heldThenReleased(
      ({ doc }) => {
        const hidden = {
          'no-semicolon.gif': '&#46',
          'hex-no-semicolon.gif': '&#x2E',
          'named.gif': '&period;',
          'percent-lower.gif': '%2e',
          'percent-upper.gif': '%2E',
          // U+FF0E, a full stop IDNA maps to `.`, in UTF-8.
          'percent-utf8.gif': '%EF%BC%8E',
        };
        for (const [file, dot] of Object.entries(hidden))
          doc.body.insertAdjacentHTML(
            'beforeend',
            `${harmless}<img alt="" src="${ads(file).replace('.test', dot + 'test')}">`,
          );
        // `&amp;` in a srcdoc is an `&` the frame's own parser reads again.
        doc.body.insertAdjacentHTML(
          'beforeend',
          `${harmless}<iframe srcdoc="<img src='${ads('srcdoc.gif').replace('.test', '&amp;#46;test')}'>"></iframe>`,
        );
      },
      [
        '/no-semicolon.gif',
        '/hex-no-semicolon.gif',
        '/named.gif',
        '/percent-lower.gif',
        '/percent-upper.gif',
        '/percent-utf8.gif',
        '/srcdoc.gif',
      ],
    ));

  it('finds a refused host with a tab or a new line in it, which the URL parser drops', () =>
    heldThenReleased(
      ({ doc }) => {
        doc.body.insertAdjacentHTML('beforeend', `<img alt="" src="${ads('tab.gif').replace('.test', '.te\tst')}">`);
        doc.body.insertAdjacentHTML('beforeend', `<img alt="" src="${ads('newline.gif').replace('ads.', 'a\nds.')}">`);
        doc.body
          .appendChild(doc.createElement('img'))
          .setAttribute('src', ads('attribute.gif').replace('.test', '.t\re\tst'));
      },
      ['/tab.gif', '/newline.gif', '/attribute.gif'],
    ));

  it('finds a refused host written with characters IDNA maps or drops', () =>
    heldThenReleased(
      ({ doc }) => {
        const written: Record<string, [string, string]> = {
          // Full-width letters, an ideographic full stop, a mathematical bold letter, a soft hyphen.
          'fullwidth.gif': ['ads.', '\uff41ds.'],
          'ideographic.gif': ['.test', '\u3002test'],
          'bold.gif': ['ads.', '\u{1d41a}ds.'],
          'soft-hyphen.gif': ['ads.', 'a\xadds.'],
        };
        for (const [file, [plain, mapped]] of Object.entries(written))
          doc.body.insertAdjacentHTML('beforeend', `${harmless}<img alt="" src="${ads(file).replace(plain, mapped)}">`);
      },
      ['/fullwidth.gif', '/ideographic.gif', '/bold.gif', '/soft-hyphen.gif'],
    ));

  it('holds, in strict mode, every URL that is not plainly same-origin, and only those', async () => {
    const f = await open('empty', { config: { undeclared: 'block' } });
    await f.win.temoin.ready;
    // Without a port, as on a site (its `:` alone would send a URL to the full parse): the marks
    // say what was held.
    const host = 'undeclared.test';
    const written = [
      `<img alt="" src="//${host}/protocol-relative.gif">`,
      `<img alt="" src="/\\${host}/backslash.gif">`,
      `<img alt="" src=//${host}/unquoted.gif>`,
      `<img alt="" src='//${host}/single-quoted.gif'>`,
      `<img alt="" src=" //${host}/spaced.gif">`,
      `<img alt="" src="/&#47;${host}/entity.gif">`,
      `<img alt="" src="/same-origin.gif" srcset="/same-origin.gif 1x, //${host}/srcset.gif 2x">`,
      `<link rel="preload" as="image" href="//${host}/link.gif">`,
      `<video poster="//${host}/poster.gif"></video>`,
      `<svg><image href="//${host}/svg.gif" /></svg>`,
    ];
    const write = (html: string) => {
      const box = f.doc.body.appendChild(f.doc.createElement('div'));
      box.innerHTML = html;
      return box;
    };
    for (const html of written)
      for (const before of ['', harmless])
        expect(write(before + html).querySelector('[data-category="!"]'), html).to.not.equal(null);
    // A base the page set makes every relative URL cross-origin.
    const base = f.doc.head.appendChild(f.doc.createElement('base'));
    base.href = `http://${host}/`;
    expect(write(`${harmless}<img alt="" src="/based.gif">`).querySelector('[data-category="!"]')).to.not.equal(null);
    base.remove();
    const plain = write(`${harmless}<img alt="" src="/plain.gif?a=1&amp;b=2"><img alt="" src="page.gif#x">`);
    expect(plain.querySelectorAll('[data-category]')).to.have.length(0);
    expect([...plain.querySelectorAll('img')].map((img) => img.getAttribute('src'))).to.deep.equal([
      '/plain.gif?a=1&b=2',
      'page.gif#x',
    ]);
    await timeToShow(300);
    expect(await pathsFrom(host)).to.deep.equal([]);
  });
});
