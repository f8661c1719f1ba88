// Every path a tracker can take stays closed until consent, and opens in order after it.
import { expect } from 'chai';
import { cleanOrigin, open, pathsFrom, port, requests, timeToShow, until, type Fixture } from '../support/fixture.js';

/** A query that makes each URL new, so no browser cache can answer in the server's place. */
const fresh = () => `?n=${Math.random().toString(36).slice(2)}`;

const trackerHosts = (log: { host: string }[]) => log.filter((r) => /(^|\.)(analytics|ads|video)\.test$/.test(r.host));

describe('blocking markup', () => {
  beforeEach(cleanOrigin);

  it('requests nothing blocked before a decision, nor after refusal', async () => {
    const f = await open('markup');
    await f.win.temoin.ready;
    await timeToShow(400);
    expect(trackerHosts(await requests())).to.deep.equal([]);
    expect(f.win.__ran ?? []).to.deep.equal([]);

    await f.win.temoin.rejectAll();
    await timeToShow(400);
    expect(trackerHosts(await requests())).to.deep.equal([]);
    expect(f.doc.querySelector('iframe')!.getAttribute('src')).to.equal(null);
  });

  it('runs marked scripts in document order after acceptance, keeping nonce and module type', async () => {
    const f = await open('markup');
    await f.win.temoin.ready;
    await f.win.temoin.set({ analytics: true });
    await until(() => f.win.__ran?.length == 4, 'the four analytics scripts');
    expect(f.win.__ran).to.deep.equal([
      `analytics.test/first.js`,
      'inline-second',
      `analytics.test/third.js`,
      'module-string',
    ]);
    // Marketing and media stay closed while only analytics is granted.
    await timeToShow(200);
    expect(await pathsFrom('ads.test')).to.deep.equal([]);
    expect(await pathsFrom('www.video.test')).to.deep.equal([]);
  });

  it('waits only for the marked scripts the browser runs: one of another type, or nomodule, holds none after it', async () => {
    const f = await open('never-run');
    await f.win.temoin.ready;
    await f.win.temoin.set({ analytics: true });
    await until(() => f.win.__ran?.includes('analytics.test/module.js'), 'the module, deferred');
    // The slow ones before it were waited for: document order holds, the module after the classic
    // scripts, as the parser runs it.
    expect(f.win.__ran).to.deep.equal([
      'analytics.test/javascript.js',
      'analytics.test/language.js',
      'analytics.test/after.js',
      'analytics.test/module.js',
    ]);
    // Chromium fetches none of the others, as without Témoin.
    expect((await pathsFrom('analytics.test')).sort()).to.deep.equal([
      '/after.js',
      '/javascript.js',
      '/language.js',
      '/module.js',
    ]);
    expect(f.win.__errors).to.deep.equal([]);
  });

  it('loads images, iframes and media sources only when their category is granted', async () => {
    const f = await open('markup');
    await f.win.temoin.ready;
    await f.win.temoin.acceptAll();
    await until(async () => (await pathsFrom('ads.test')).includes('/tr.gif'), 'the pixel image');
    await until(async () => (await pathsFrom('www.video.test')).includes('/embed.html'), 'the video iframe');
    await until(async () => (await pathsFrom('cdn.video.test')).includes('/clip.gif'), 'the media source');
    expect(f.doc.querySelector('img')!.getAttribute('src')).to.match(
      new RegExp(`^http://ads\\.test:${port}/tr\\.gif\\?`),
    );
    expect(f.doc.querySelector('img')!.hasAttribute('data-src')).to.equal(false);
    await until(() => f.win.__ran?.includes('ads.test/pixel.js'), 'the marked marketing script');
  });

  it('keeps an unmarked parser script of a refused host from running, and runs it once granted', async () => {
    const f = await open('markup');
    await f.win.temoin.ready;
    await timeToShow(300);
    expect(f.win.__ran ?? []).to.not.include('ads.test/unmarked.js');
    // Marked as it is parsed when the config is already known; held by the guarded setters when the
    // config arrived later (a first visit validates it in the write path): either way, not run.
    const script = f.doc.querySelector<HTMLScriptElement>('script[src*="unmarked"]');
    if (script) expect([script.type, script.dataset.category]).to.deep.equal(['text/plain', 'marketing/pixel']);
    await f.win.temoin.set({ marketing: true });
    await until(() => f.win.__ran?.includes('ads.test/unmarked.js'), 'the unmarked script after consent');
  });

  it('keeps content of an unknown category blocked and says so', async () => {
    const f = await open('markup');
    await f.win.temoin.ready;
    await f.win.temoin.acceptAll();
    await until(() => f.win.__ran?.includes('ads.test/pixel.js'), 'the other scripts');
    // Released with the others, the typo's script would be requested by now.
    await timeToShow(200);
    expect(await pathsFrom('analytics.test')).to.not.include('/typo.js');
    expect(f.win.__errors.join('\n')).to.contain('data-category="typo"');
  });
});

describe('blocking at run time', () => {
  beforeEach(cleanOrigin);

  /** Tries every run-time path to the refused hosts; returns what the page saw. */
  async function tryEverything(f: Fixture) {
    const { doc, win } = f;
    const seen = { scriptLoaded: false, fetch: '', beacon: true, xhr: '' };
    const script = doc.createElement('script');
    script.src = `http://analytics.test:${port}/dynamic.js${fresh()}`;
    script.onload = () => (seen.scriptLoaded = true);
    doc.head.append(script);

    const frame = doc.createElement('iframe');
    frame.setAttribute('src', `http://www.video.test:${port}/dynamic-embed.html${fresh()}`);
    doc.body.append(frame);

    const box = doc.createElement('div');
    box.innerHTML = `<img alt="" src="http://ads.test:${port}/inner.gif${fresh()}"><p>text</p>`;
    doc.body.append(box);
    doc.body.insertAdjacentHTML('beforeend', `<img alt="" srcset="http://ads.test:${port}/srcset.gif${fresh()} 1x">`);
    doc.head.insertAdjacentHTML(
      'beforeend',
      `<link rel="preload" as="image" href="http://ads.test:${port}/link.gif${fresh()}">`,
    );
    doc.body.insertAdjacentHTML(
      'beforeend',
      `<input type="image" alt="go" src="http://ads.test:${port}/input.gif${fresh()}">`,
    );
    // Frameworks set attributes with a namespace too (none, for HTML's own).
    const namespaced = doc.createElement('img');
    namespaced.setAttributeNS(null, 'src', `http://ads.test:${port}/namespaced.gif${fresh()}`);
    doc.body.append(namespaced);

    new win.Image().src = `http://ads.test:${port}/new-image.gif${fresh()}`;

    const fetched = win.fetch(`http://ads.test:${port}/collect${fresh()}`).then(
      () => 'sent',
      (e: unknown) => (e as Error).message,
    );
    seen.beacon = win.navigator.sendBeacon(`http://analytics.test:${port}/beacon${fresh()}`, 'x');
    const xhr = new win.XMLHttpRequest();
    const xhrDone = new Promise<string>((resolve) => {
      xhr.onerror = () => resolve('error');
      xhr.onload = () => resolve('load');
    });
    xhr.open('POST', `http://analytics.test:${port}/xhr${fresh()}`);
    xhr.send('x');
    seen.fetch = await fetched;
    seen.xhr = await xhrDone;
    return { seen, script, box };
  }

  it('finds a host an HTML string writes with percent escapes, as the URL parser reads it', async () => {
    const f = await open('empty');
    await f.win.temoin.ready;
    f.doc.body.insertAdjacentHTML('beforeend', `<img alt="" src="http://ads%2Etest:${port}/escaped.gif${fresh()}">`);
    await timeToShow(300);
    expect(trackerHosts(await requests())).to.deep.equal([]);
    expect(f.doc.querySelector('img')!.dataset.category).to.equal('marketing/pixel');
  });

  it('stops scripts, iframes, images, HTML strings, fetch, beacons and XHR before the request leaves', async () => {
    const f = await open('empty');
    await f.win.temoin.ready;
    const { seen, box } = await tryEverything(f);
    await timeToShow(400);
    expect(trackerHosts(await requests())).to.deep.equal([]);
    expect(seen.fetch).to.contain('blocked');
    expect(seen.beacon).to.equal(false);
    expect(seen.xhr).to.equal('error');
    expect(seen.scriptLoaded).to.equal(false);
    expect(box.querySelector('img')!.getAttribute('data-src')).to.match(
      new RegExp(`^http://ads\\.test:${port}/inner\\.gif\\?`),
    );
  });

  it("releases what it held once granted, with the page's own handlers", async () => {
    const f = await open('empty');
    await f.win.temoin.ready;
    const { seen } = await tryEverything(f);
    await f.win.temoin.acceptAll();
    await until(() => seen.scriptLoaded, 'the onload handler of the held script');
    await until(async () => {
      const paths = (await requests()).map((r) => r.path);
      const held = [
        '/dynamic.js',
        '/dynamic-embed.html',
        '/inner.gif',
        '/srcset.gif',
        '/link.gif',
        '/namespaced.gif',
        '/input.gif',
      ];
      return [...held, '/new-image.gif'].every((p) => paths.includes(p));
    }, 'every held request');
    expect(f.win.__ran).to.include('analytics.test/dynamic.js');
    expect(await f.win.fetch(`http://ads.test:${port}/after${fresh()}`).then((r) => r.status)).to.equal(204);
  });

  it('leaves same-origin requests and hosts of no service alone', async () => {
    const f = await open('empty');
    await f.win.temoin.ready;
    new f.win.Image().src = `http://cdn.other.test:${port}/free.gif${fresh()}`;
    expect((await f.win.fetch('/__log')).ok).to.equal(true);
    await until(async () => (await pathsFrom('cdn.other.test')).includes('/free.gif'), 'the unlisted host');
  });

  it('holds cross-origin requests while a config URL loads, then decides', async () => {
    const f = await open('url-config');
    const early = f.win.fetch(`http://cdn.other.test:${port}/early${fresh()}`).then((r) => r.status);
    const blocked = f.win.fetch(`http://analytics.test:${port}/early${fresh()}`).then(
      () => 'sent',
      () => 'refused',
    );
    expect(await early).to.equal(204);
    expect(await blocked).to.equal('refused');
    expect(await pathsFrom('analytics.test')).to.deep.equal([]);
  });
});

describe('content parsed apart: templates and DOMParser', () => {
  beforeEach(cleanOrigin);

  it("holds what a template of the page loads once copied into it, and runs each copy's script once on consent", async () => {
    const f = await open('template');
    await f.win.temoin.ready;
    const widget = f.doc.querySelector<HTMLTemplateElement>('#widget')!;
    // A second copy, once the page is parsed, and the nested template's own.
    f.doc.body.append(f.doc.importNode(widget.content, true));
    f.doc.body.append(f.doc.querySelector<HTMLTemplateElement>('.widget template')!.content.cloneNode(true));
    await timeToShow(400);
    expect(trackerHosts(await requests())).to.deep.equal([]);
    expect(f.win.__ran ?? []).to.deep.equal([]);

    await f.win.temoin.acceptAll();
    await until(async () => (await pathsFrom('ads.test')).includes('/nested.gif'), "the nested template's image");
    await until(() => f.win.__ran?.length == 2, "the two copies' scripts");
    await timeToShow(300);
    expect(f.win.__ran).to.deep.equal(['analytics.test/template.js', 'analytics.test/template.js']);
    // The document's image cache answers the second copy's image.
    expect([...new Set(await pathsFrom('ads.test'))].sort()).to.deep.equal(['/nested.gif', '/template.gif']);
    expect(await pathsFrom('www.video.test')).to.deep.equal(['/template-embed.html', '/template-embed.html']);
  });

  it('holds what a template the parser fills across parts of the page loads, a nested one too', async () => {
    const f = await open('long-template');
    await f.win.temoin.ready;
    const flat = f.doc.querySelector<HTMLTemplateElement>('#flat')!;
    const outer = f.doc.querySelector<HTMLTemplateElement>('#outer')!;
    const inner = outer.content.querySelector<HTMLTemplateElement>('#inner')!;
    // Moved, not copied: what the page's scripts do with a template used once.
    f.doc.body.append(flat.content, inner.content.cloneNode(true));
    await timeToShow(400);
    expect(trackerHosts(await requests())).to.deep.equal([]);
    expect(f.win.__ran ?? []).to.deep.equal([]);

    await f.win.temoin.acceptAll();
    await until(() => f.win.__ran?.length == 2, 'the two scripts');
    await until(async () => (await pathsFrom('ads.test')).length == 4, 'the four images');
    await timeToShow(300);
    expect([...f.win.__ran!].sort()).to.deep.equal(['analytics.test/flat-later.js', 'analytics.test/nested-later.js']);
    expect((await pathsFrom('ads.test')).sort()).to.deep.equal([
      '/flat-first.gif',
      '/flat-later.gif',
      '/nested-first.gif',
      '/nested-later.gif',
    ]);
  });

  it('holds what DOMParser documents load once put in the page, and never runs their scripts', async () => {
    const f = await open('empty');
    await f.win.temoin.ready;
    const html = (name: string) =>
      `<img alt="" src="http://ads.test:${port}/${name}.gif${fresh()}"><script src="http://analytics.test:${port}/${name}.js${fresh()}"></script>`;
    const parsed = new f.win.DOMParser().parseFromString(html('parsed'), 'text/html');
    f.doc.body.append(...parsed.body.childNodes);
    f.doc.body.append(...f.win.Document.parseHTMLUnsafe(html('unsafe')).body.childNodes);
    // Scripts innerHTML parses into a template never run either, nor their copies.
    const template = f.doc.createElement('template');
    template.innerHTML = html('template-string');
    f.doc.body.append(template.content.cloneNode(true));
    await timeToShow(400);
    expect(trackerHosts(await requests())).to.deep.equal([]);

    await f.win.temoin.acceptAll();
    await until(async () => (await pathsFrom('ads.test')).length == 3, 'the three images');
    await timeToShow(400);
    expect(await pathsFrom('analytics.test')).to.deep.equal([]);
    expect(f.win.__ran ?? []).to.deep.equal([]);
  });

  it("parses XML documents as the browser does: an XSLT stylesheet, elements named as HTML's, SVG's", async () => {
    const f = await open('empty');
    await f.win.temoin.ready;
    const parse = (xml: string) => new f.win.DOMParser().parseFromString(xml, 'text/xml');
    // Its `xsl:template` is no HTML template, and XML's `IMG` loads nothing.
    const xslt = new f.win.XSLTProcessor();
    xslt.importStylesheet(
      parse(
        '<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">' +
          '<xsl:template match="/"><p><xsl:value-of select="/note"/></p></xsl:template></xsl:stylesheet>',
      ),
    );
    expect(xslt.transformToFragment(parse('<note>Bonjour</note>'), f.doc).textContent).to.equal('Bonjour');
    const img = parse(`<r><IMG src="http://ads.test:${port}/xml.gif"/></r>`).querySelector('IMG')!;
    expect(img.getAttribute('src')).to.equal(`http://ads.test:${port}/xml.gif`);
    // An HTML string's SVG element of the same name is no HTML template either.
    const box = f.doc.createElement('div');
    box.innerHTML = `<svg><template></template></svg><img alt="" src="http://ads.test:${port}/svg.gif${fresh()}">`;
    expect(box.querySelector('img')!.dataset.category).to.equal('marketing/pixel');
  });
});

describe('shadow roots', () => {
  beforeEach(cleanOrigin);

  it('holds what a script writes in a shadow root, open or closed, and releases it there on consent', async () => {
    const f = await open('empty');
    await f.win.temoin.ready;
    for (const mode of ['open', 'closed'] as const) {
      const host = f.doc.createElement('div');
      f.doc.body.append(host);
      const root = host.attachShadow({ mode });
      root.innerHTML =
        `<img alt="" src="http://ads.test:${port}/${mode}.gif${fresh()}">` +
        `<iframe title="video" src="http://www.video.test:${port}/${mode}-embed.html${fresh()}"></iframe>` +
        `<script type="text/plain" data-category="analytics" src="http://analytics.test:${port}/${mode}.js${fresh()}"></script>`;
    }
    await timeToShow(400);
    expect(trackerHosts(await requests())).to.deep.equal([]);

    await f.win.temoin.acceptAll();
    await until(async () => (await pathsFrom('ads.test')).length == 2, 'the two images');
    await until(async () => (await pathsFrom('www.video.test')).length == 2, 'the two iframes');
    await until(() => f.win.__ran?.length == 2, 'the two marked scripts');
    expect([...f.win.__ran!].sort()).to.deep.equal(['analytics.test/closed.js', 'analytics.test/open.js']);
  });

  it('runs a marked script written in a shadow root before its host is in the page, once the host is put in', async () => {
    const f = await open('empty');
    await f.win.temoin.ready;
    await f.win.temoin.acceptAll();
    const host = f.doc.createElement('div');
    const root = host.attachShadow({ mode: 'closed' });
    root.innerHTML = `<script type="text/plain" data-category="analytics" src="http://analytics.test:${port}/later.js${fresh()}"></script>`;
    const inline = f.doc.createElement('script');
    Object.assign(inline, { type: 'text/plain', text: '(window.__ran ??= []).push("inline-later")' });
    inline.dataset.category = 'analytics';
    root.append(inline);
    await timeToShow(200);
    // Not in the page: it runs no more than the browser would run it.
    expect(f.win.__ran ?? []).to.deep.equal([]);
    f.doc.body.append(host);
    await until(() => f.win.__ran?.length == 2, 'both scripts, once the host is in the page');
    // The browser's order for scripts put in together: the inline one at once.
    expect(f.win.__ran).to.deep.equal(['inline-later', 'analytics.test/later.js']);
    await timeToShow(200);
    expect(await pathsFrom('analytics.test')).to.have.length(1);
  });
});

describe('declarative shadow roots', () => {
  beforeEach(cleanOrigin);

  it('holds what the parser puts in an open one, nested ones too, and releases it there on consent', async () => {
    const f = await open('declarative');
    await f.win.temoin.ready;
    await timeToShow(400);
    expect(f.win.__ran ?? []).to.deep.equal([]);
    expect(await pathsFrom('ads.test')).to.deep.equal([]);

    await f.win.temoin.acceptAll();
    await until(() => f.win.__ran?.length == 3, 'the three scripts');
    // Each once. (The unmarked one, held before the config was known, goes by its own URL's hold.)
    expect([...f.win.__ran!].sort()).to.deep.equal([
      'analytics.test/dsd-marked.js',
      'analytics.test/dsd-nested.js',
      'analytics.test/dsd-unmarked.js',
    ]);
    await until(async () => (await pathsFrom('ads.test')).length == 2, 'the marked images');
  });

  it('holds what setHTMLUnsafe and parseHTMLUnsafe parse into one, and releases it there on consent', async () => {
    const f = await open('empty');
    await f.win.temoin.ready;
    const root = (id: string) =>
      `<div><div id="${id}"><template shadowrootmode="open"><img alt="" src="http://ads.test:${port}/${id}.gif${fresh()}">` +
      `<script type="text/plain" data-category="analytics" src="http://analytics.test:${port}/${id}.js${fresh()}"></script>` +
      '</template></div></div>';
    const box = f.doc.createElement('section');
    f.doc.body.append(box);
    box.setHTMLUnsafe(root('set'));
    const parsed = f.win.Document.parseHTMLUnsafe(root('parsed'));
    f.doc.body.append(f.doc.adoptNode(parsed.body.firstElementChild!));
    await timeToShow(400);
    expect(trackerHosts(await requests())).to.deep.equal([]);

    await f.win.temoin.acceptAll();
    await until(async () => (await pathsFrom('ads.test')).length == 2, 'the two images');
    await until(() => f.win.__ran?.length == 2, 'the two marked scripts');
    expect([...f.win.__ran!].sort()).to.deep.equal(['analytics.test/parsed.js', 'analytics.test/set.js']);
  });

  it('releases at once what setHTMLUnsafe parses into one after consent', async () => {
    const f = await open('empty');
    await f.win.temoin.ready;
    await f.win.temoin.set({ marketing: true });
    f.doc.body
      .appendChild(f.doc.createElement('div'))
      .setHTMLUnsafe(
        `<div><template shadowrootmode="open"><img alt="" data-category="marketing" data-src="http://ads.test:${port}/granted.gif${fresh()}"></template></div>`,
      );
    await until(async () => (await pathsFrom('ads.test')).includes('/granted.gif'), 'the marked image, at once');
    // On an element not in the page yet, as attachShadow's roots are.
    const box = f.doc.createElement('div');
    box.setHTMLUnsafe(
      `<div><template shadowrootmode="open"><img alt="" data-category="marketing" data-src="http://ads.test:${port}/later.gif${fresh()}"></template></div>`,
    );
    f.doc.body.append(box);
    await until(async () => (await pathsFrom('ads.test')).includes('/later.gif'), 'the marked image, out of the page');
  });
});

describe('telling the editor', () => {
  beforeEach(cleanOrigin);

  it('warns once per unmarked element of the markup that loads a refused host, with the markup to write', async () => {
    for (const dev of [false, true]) {
      const f = await open('unmarked', dev ? { dev: true } : {});
      await f.win.temoin.ready;
      await until(() => f.win.__warnings.length >= 2, 'two warnings');
      // Each element warns once: a repeated warning would come now.
      await timeToShow(200);
      const warnings = f.win.__warnings.filter((w) => w.includes('before consent'));
      expect(warnings, dev ? 'development build' : 'production build').to.deep.equal(
        dev
          ? [
              `temoin: <img src="http://ads.test:${port}/unmarked.gif?load=${/load=(\d+)/.exec(warnings[0] ?? '')?.[1]}"> loads before consent: mark it data-category="marketing" data-service="pixel" with data-src instead of src`,
              `temoin: <iframe src="http://www.video.test:${port}/embed.html?load=${/load=(\d+)/.exec(warnings[1] ?? '')?.[1]}"> loads before consent: mark it data-category="media" data-service="video" with data-src instead of src`,
            ]
          : [
              `temoin: <img src="http://ads.test:${port}/unmarked.gif?load=${/load=(\d+)/.exec(warnings[0] ?? '')?.[1]}"> loads before consent: mark it (marketing/pixel)`,
              `temoin: <iframe src="http://www.video.test:${port}/embed.html?load=${/load=(\d+)/.exec(warnings[1] ?? '')?.[1]}"> loads before consent: mark it (media/video)`,
            ],
      );
      f.frame.remove();
    }
  });

  it('says nothing, on a withdrawal, of what a marked script added once released; the unmarked markup still warns', async () => {
    const config = { reloadOnWithdraw: false };
    const first = await open('unmarked', { config });
    await first.win.temoin.ready;
    await first.win.temoin.acceptAll();
    first.frame.remove();
    // A returning visitor who accepted: the unmarked markup loads with consent, the marked script runs.
    const f = await open('unmarked', { config });
    await f.win.temoin.ready;
    await until(() => f.win.__ran?.includes('ads.test/made.js'), 'the script the marked one adds');
    const told = () =>
      f.win.__warnings.filter((w) => w.includes('before consent')).map((w) => w.replace(/\?load=\d+/, ''));
    expect(told(), 'while granted').to.deep.equal([]);
    await f.win.temoin.rejectAll();
    await until(() => told().length >= 2, 'the warnings');
    // A warning about the marked script's own would come now.
    await timeToShow(200);
    expect(told()).to.deep.equal([
      `temoin: <img src="http://ads.test:${port}/unmarked.gif"> loads before consent: mark it (marketing/pixel)`,
      `temoin: <iframe src="http://www.video.test:${port}/embed.html"> loads before consent: mark it (media/video)`,
    ]);
  });

  it('warns about an unmarked parser script it keeps from running', async () => {
    const f = await open('markup');
    await f.win.temoin.ready;
    await until(() => f.win.__warnings.some((w) => w.includes('unmarked.js')), 'the warning');
    expect(f.win.__warnings.find((w) => w.includes('unmarked.js'))).to.match(
      /^temoin: <script src="http:\/\/ads\.test:\d+\/unmarked\.js\?load=\d+"> loads before consent: mark it \(marketing\/pixel\)$/,
    );
  });
});

describe('telling the editor, when the config arrives after the markup', () => {
  beforeEach(cleanOrigin);

  it('still warns about each unmarked element, the held parser script included', async () => {
    const f = await open('unmarked-late', { configurl: '/test/fixtures/config.json' });
    await f.win.temoin.ready;
    const warnings = await until(() => {
      const found = f.win.__warnings.filter((w) => w.includes('before consent'));
      return found.length >= 2 ? found : null;
    }, 'two warnings');
    expect(warnings.map((w) => w.replace(/\?load=\d+/, ''))).to.have.members([
      `temoin: <script src="http://ads.test:${port}/late.js"> loads before consent: mark it (marketing/pixel)`,
      `temoin: <img src="http://ads.test:${port}/late.gif"> loads before consent: mark it (marketing/pixel)`,
    ]);
    expect(f.win.__ran ?? []).to.not.include('ads.test/late.js');
  });
});

describe('strict mode: "undeclared": "block"', () => {
  beforeEach(cleanOrigin);
  const cdn = `http://cdn.test:${port}`;
  const categories = [
    {
      id: 'necessary',
      required: true,
      title: 'Nécessaires',
      services: [
        {
          id: 'cdn',
          name: 'CDN',
          provider: 'Ville',
          purpose: 'Fichiers du site',
          hostedOutsideQuebec: false,
          hosts: ['cdn.test'],
        },
      ],
    },
    {
      id: 'analytics',
      title: 'Mesure',
      services: [
        {
          id: 'stats',
          name: 'Stats',
          provider: 'Ville',
          purpose: 'Compter',
          hostedOutsideQuebec: false,
          hosts: ['analytics.test'],
        },
      ],
    },
  ];

  it('blocks every cross-origin request to a host no service declares, naming the host once', async () => {
    const f = await open('empty', { config: { undeclared: 'block', categories } });
    await f.win.temoin.ready;
    await f.win.temoin.acceptAll();
    const img = (url: string) => {
      const i = new f.win.Image();
      i.src = url + fresh();
      f.doc.body.append(i);
    };
    img(`http://undeclared.test:${port}/p.gif`);
    img(`http://undeclared.test:${port}/q.gif`);
    img(`${cdn}/ok.gif`);
    img(`http://analytics.test:${port}/granted.gif`);
    let refused = '';
    await f.win.fetch(`http://sub.undeclared.test:${port}/api`).catch((e: unknown) => (refused = String(e)));
    await until(async () => (await pathsFrom('analytics.test')).includes('/granted.gif'), 'the granted host');
    await until(async () => (await pathsFrom('cdn.test')).includes('/ok.gif'), "the required service's host");
    expect(await pathsFrom('undeclared.test')).to.deep.equal([]);
    expect(await pathsFrom('sub.undeclared.test')).to.deep.equal([]);
    expect(refused).to.match(/blocked/);
    // HTML strings, parsed or run: the hosts are found once parsed, even written with entities.
    f.doc.body.insertAdjacentHTML(
      'beforeend',
      `<img alt="" src="http://html.undeclared.test:${port}/h.gif${fresh()}">`,
    );
    f.doc.body.append(
      f.doc
        .createRange()
        .createContextualFragment(`<script src="http://frag.undeclared.test:${port}/f.js${fresh()}"></script>`),
    );
    f.doc.body.insertAdjacentHTML(
      'beforeend',
      `<img alt="" src="http://analytics&#46;undeclared.test:${port}/e.gif${fresh()}">`,
    );
    await timeToShow(300);
    for (const host of ['html.undeclared.test', 'frag.undeclared.test', 'analytics.undeclared.test'])
      expect(await pathsFrom(host), host).to.deep.equal([]);
    expect(f.win.__warnings.filter((w) => w.includes('declared by no service'))).to.deep.equal([
      'temoin: undeclared.test is declared by no service',
      'temoin: sub.undeclared.test is declared by no service',
      'temoin: html.undeclared.test is declared by no service',
      'temoin: frag.undeclared.test is declared by no service',
      'temoin: analytics.undeclared.test is declared by no service',
    ]);
    expect(f.win.__errors).to.deep.equal([]);
  });

  it('is off by default: undeclared hosts load', async () => {
    const f = await open('empty', { config: { categories } });
    await f.win.temoin.ready;
    const i = new f.win.Image();
    i.src = `http://undeclared.test:${port}/p.gif` + fresh();
    await until(async () => (await pathsFrom('undeclared.test')).includes('/p.gif'), 'the undeclared host');
  });
});

describe('a host two services share, told apart by path', () => {
  beforeEach(cleanOrigin);
  const service = (id: string, hosts: string[]) => ({
    id,
    name: id,
    provider: 'Fournisseur',
    purpose: 'Tester',
    hostedOutsideQuebec: true,
    hosts,
  });
  // A service holding the whole host, required, and Google's map embeds under its /maps, optional.
  const categories = [
    { id: 'security', required: true, title: 'Sécurité', services: [service('captcha', ['shared.test'])] },
    { id: 'media', title: 'Médias', services: [service('maps', ['shared.test/Maps/'])] },
  ];
  const shared = `http://shared.test:${port}`;
  /** What a fetch from the page gets: `sent` or `refused`. */
  const tryFetch = (f: Fixture, path: string) =>
    f.win.fetch(shared + path + fresh()).then(
      () => 'sent',
      () => 'refused',
    );

  it("holds every spelling of the path until the map's service is granted, and lets the rest of the host load", async () => {
    const f = await open('empty', { config: { categories } });
    await f.win.temoin.ready;
    const frame = f.doc.createElement('iframe');
    frame.src = `${shared}/maps/embed${fresh()}`;
    f.doc.body.append(frame);
    expect(
      await Promise.all(
        [
          '/maps',
          '/maps/embed',
          '/MAPS/embed',
          '/%6Daps/embed',
          '/%6Daps/embed/%zz',
          '//maps/embed',
          '/x/../maps/embed',
          '/maps;x/embed',
        ].map((p) => tryFetch(f, p)),
      ),
    ).to.deep.equal(Array(8).fill('refused'));
    // The same host written with its final dot.
    expect(
      await f.win.fetch(`http://shared.test.:${port}/maps/embed${fresh()}`).then(
        () => 'sent',
        () => 'refused',
      ),
    ).to.equal('refused');
    expect(
      await Promise.all(['/recaptcha/api.js', '/mapsx/embed', '/', '/a/maps'].map((p) => tryFetch(f, p))),
    ).to.deep.equal(['sent', 'sent', 'sent', 'sent']);
    await timeToShow(200);
    expect(await pathsFrom('shared.test')).to.have.members(['/recaptcha/api.js', '/mapsx/embed', '/', '/a/maps']);

    await f.win.temoin.set({ media: true });
    await until(async () => (await pathsFrom('shared.test')).includes('/maps/embed'), 'the held map');
    expect(await tryFetch(f, '/maps/embed')).to.equal('sent');
  });

  it('blocks, in strict mode, the paths of a host that only a path entry declares, naming the path', async () => {
    for (const dev of [false, true]) {
      const f = await open('empty', { dev, config: { undeclared: 'block', categories: [categories[1]!] } });
      await f.win.temoin.ready;
      await f.win.temoin.acceptAll();
      expect([
        await tryFetch(f, '/maps/embed'),
        await tryFetch(f, '/recaptcha/api.js'),
        await tryFetch(f, '/recaptcha/api.js?render=explicit'),
        await tryFetch(f, '/recaptcha/releases/abc123/recaptcha.js'),
        await tryFetch(f, '/pagead/1p-user-list/123/'),
      ]).to.deep.equal(['sent', 'refused', 'refused', 'refused', 'refused']);
      // The host is declared, by its map entry: the path is what no entry takes. One warning per
      // host, naming the first path refused: paths may carry ids, a warning each otherwise.
      expect(f.win.__warnings.filter((w) => w.includes('declared by no service'))).to.deep.equal([
        dev
          ? 'temoin: shared.test/recaptcha/api.js is declared by no service: blocked, as "undeclared": "block" asks; ' +
            "declare it in a service (a required one for what the site needs); this host's entries take other paths: " +
            'shared.test/maps/ (media/maps)'
          : 'temoin: shared.test/recaptcha/api.js is declared by no service',
      ]);
      f.frame.remove();
    }
  });
});

describe("a config given by URL: the site's scripts keep their order", () => {
  beforeEach(cleanOrigin);
  const own = (ran: string[] = []) => ran.filter((name) => name != 'own:async');

  it('runs the scripts after a library held until the config is known after it, in document order, with the events of the page', async () => {
    const f = await open('behind', { configurl: '/__config.json?delay=400' });
    await until(() => f.win.__ran?.includes('inline: load'), "the inline script's load listener");
    await timeToShow(200);
    expect(own(f.win.__ran)).to.deep.equal([
      'cdn.other.test/library.js',
      'inline saw the library',
      'own:app',
      'inline: DOMContentLoaded',
      'inline: load',
    ]);
    // An `async` script waits for none: not held.
    expect(f.win.__ran!.filter((name) => name == 'own:async')).to.have.length(1);
    // What a script released once the page was parsed writes goes after it: the page stays.
    expect(f.doc.getElementById('year')!.textContent).to.match(/2026$/);
    expect(f.doc.getElementById('before')).to.not.equal(null);
    expect(f.doc.getElementById('after')).to.not.equal(null);
    // Data, not code: never made markup.
    const data = f.doc.getElementById('data')!;
    expect([data.getAttribute('type'), data.dataset.category]).to.deep.equal(['application/ld+json', undefined]);
  });

  it("runs the site's own scripts when the config cannot be had, the library held for good", async () => {
    const f = await open('behind', { configurl: '/no/such/config.json' });
    await until(() => f.win.__ran?.includes('inline: load'), "the inline script's load listener");
    await timeToShow(300);
    // The library never runs (the preload scanner may have fetched it: unmarked markup).
    expect(own(f.win.__ran)).to.deep.equal([
      'inline saw nothing',
      'own:app',
      'inline: DOMContentLoaded',
      'inline: load',
    ]);
  });

  it("gives up on a config URL that does not answer in 10 s: the site's own scripts run, the library stays held", async () => {
    const f = await open('behind', { configurl: '/__config.json?delay=14000' });
    await until(() => f.win.__ran?.includes('inline: load'), "the inline script's load listener", 12_000);
    expect(own(f.win.__ran)).to.deep.equal([
      'inline saw nothing',
      'own:app',
      'inline: DOMContentLoaded',
      'inline: load',
    ]);
    expect(f.win.__errors.join('\n')).to.match(
      /could not load the config from \/__config\.json\?delay=14000 \(.*time.*\); optional categories stay refused/i,
    );
  });

  it('lets a marked script released on consent write in place, and calls its listeners for the events of the page once', async () => {
    const f = await open('behind', { configurl: '/__config.json' });
    await f.win.temoin.ready;
    await until(() => f.win.__ran?.includes('inline: load'), 'the page loaded');
    await f.win.temoin.set({ analytics: true });
    await until(() => f.win.__ran!.includes('marked: load'), "the marked script's load listener");
    await timeToShow(200);
    expect(f.win.__ran!.filter((name) => name.startsWith('marked'))).to.deep.equal([
      'marked: DOMContentLoaded',
      'marked: load',
    ]);
    expect(f.doc.querySelector('#marked > #written')?.textContent).to.equal('écrit');
    expect(f.doc.getElementById('before')).to.not.equal(null);
  });
});

describe("the page's own code, working as it does without Témoin", () => {
  beforeEach(cleanOrigin);

  it('fails a refused XMLHttpRequest as the browser fails one that never left, with nothing for CSP to report', async () => {
    const f = await open('connect-csp');
    await f.win.temoin.ready;
    const violations: string[] = [];
    f.doc.addEventListener('securitypolicyviolation', (e) => violations.push(e.blockedURI));
    const xhr = new f.win.XMLHttpRequest();
    const events: string[] = [];
    for (const type of ['readystatechange', 'load', 'error', 'loadend']) {
      xhr.addEventListener(type, () => events.push(`${type} ${xhr.readyState}`));
    }
    const ended = new Promise((resolve) => xhr.addEventListener('loadend', resolve));
    xhr.open('GET', `http://ads.test:${port}/xhr${fresh()}`);
    xhr.send();
    await ended;
    // What helpers that wait for `readyState` 4, and spinners on `loadend`, need.
    expect(events).to.deep.equal(['readystatechange 1', 'readystatechange 4', 'error 4', 'loadend 4']);
    expect(xhr.status).to.equal(0);
    const sync = new f.win.XMLHttpRequest();
    sync.open('GET', `http://ads.test:${port}/sync${fresh()}`, false);
    expect(() => sync.send())
      .to.throw()
      .with.property('name', 'NetworkError');
    await timeToShow(200);
    expect(trackerHosts(await requests())).to.deep.equal([]);
    expect(violations).to.deep.equal([]);
  });

  it('does not send, once the config is known, an XMLHttpRequest the page aborted or opened again while it waited', async () => {
    const f = await open('url-config', { configurl: '/__config.json?delay=400' });
    const url = (path: string) => `http://cdn.other.test:${port}/${path}${fresh()}`;
    const aborted = new f.win.XMLHttpRequest();
    aborted.open('GET', url('aborted'));
    aborted.send();
    aborted.abort();
    const reopened = new f.win.XMLHttpRequest();
    reopened.open('POST', url('first'));
    reopened.send('un');
    reopened.open('GET', url('second'));
    // One the page keeps goes once the config is known: the others would have gone too.
    const kept = new f.win.XMLHttpRequest();
    kept.open('GET', url('kept'));
    kept.send();
    await f.win.temoin.ready;
    await until(async () => (await pathsFrom('cdn.other.test')).includes('/kept'), 'the request kept');
    await timeToShow(200);
    expect(await pathsFrom('cdn.other.test')).to.deep.equal(['/kept']);
    // Ended as the browser ends one it sent: unsent again.
    expect(aborted.readyState).to.equal(0);
  });

  it('fails no request the page opened again for another URL after one refused', async () => {
    const f = await open('url-config', { configurl: '/__config.json?delay=400' });
    const events = (xhr: XMLHttpRequest) => {
      const seen: string[] = [];
      for (const type of ['error', 'load']) xhr.addEventListener(type, () => seen.push(type));
      return seen;
    };
    const refusedThenAllowed = (xhr: XMLHttpRequest, abort: boolean) => {
      xhr.open('GET', `http://ads.test:${port}/refused.gif${fresh()}`);
      xhr.send();
      if (abort) xhr.abort();
      xhr.open('GET', `http://cdn.other.test:${port}/allowed.gif${fresh()}`);
      xhr.send();
    };
    // Aborted while the config loads, then opened again; and opened again once it is known.
    const waiting = new f.win.XMLHttpRequest();
    const whileWaiting = events(waiting);
    refusedThenAllowed(waiting, true);
    await f.win.temoin.ready;
    const known = new f.win.XMLHttpRequest();
    const onceKnown = events(known);
    refusedThenAllowed(known, false);
    await until(() => whileWaiting.length && onceKnown.length, 'both requests');
    await timeToShow(300);
    expect([whileWaiting, onceKnown]).to.deep.equal([['load'], ['load']]);
  });

  it("keeps a frame's own data-src when a script gives it a URL (a modal's video, opened twice)", async () => {
    const f = await open('empty');
    await f.win.temoin.ready;
    const frame = f.doc.createElement('iframe');
    frame.dataset.src = '/test/fixtures/empty.html?video';
    f.doc.body.append(frame);
    frame.src = frame.dataset.src;
    frame.src = 'about:blank';
    frame.src = frame.dataset.src!;
    expect(frame.getAttribute('src')).to.equal('/test/fixtures/empty.html?video');
  });
});

describe('a page that enforces Trusted Types', () => {
  beforeEach(cleanOrigin);
  type Policy = {
    createHTML(html: string): string;
    createScriptURL(url: string): string;
  };
  // Its values are TrustedHTML and TrustedScriptURL objects, typed here as the strings the sinks take.
  const pagePolicy = (f: Fixture) =>
    (
      f.win as unknown as { trustedTypes: { createPolicy(name: string, rules: Policy): Policy } }
    ).trustedTypes.createPolicy('page', { createHTML: (html) => html, createScriptURL: (url) => url });

  it('keeps its trusted HTML trusted, looked into, and never trusts what Témoin made of it', async () => {
    const f = await open('trusted-types');
    await f.win.temoin.ready;
    const policy = pagePolicy(f);
    const box = f.doc.createElement('div');
    f.doc.body.append(box);
    box.innerHTML = policy.createHTML('<p>un</p>');
    // Entities and a URL: parsed to be looked into, nothing held, given on as the page gave it.
    box.insertAdjacentHTML('beforeend', policy.createHTML('<p>deux&#46;</p><a href="https://example.org/">lien</a>'));
    expect(box.textContent).to.equal('undeux.lien');
    // With a URL held, it is a string, which the page's default policy refuses here: nothing loads.
    const tracker = policy.createHTML(`<p>trois</p><img alt="" src="http://ads.test:${port}/trusted.gif${fresh()}">`);
    expect(() => box.insertAdjacentHTML('beforeend', tracker))
      .to.throw()
      .with.property('name', 'TypeError');
    // A page script's trusted URL, held, is set as the page gave it on consent.
    const script = f.doc.createElement('script');
    script.src = policy.createScriptURL(`http://ads.test:${port}/trusted-set.js${fresh()}`);
    f.doc.head.append(script);
    await timeToShow(300);
    expect(trackerHosts(await requests())).to.deep.equal([]);
    await f.win.temoin.set({ marketing: true });
    await until(() => f.win.__ran?.includes('ads.test/trusted-set.js'), 'the script set');
    expect(await pathsFrom('ads.test')).to.deep.equal(['/trusted-set.js']);
    expect(f.win.__errors).to.deep.equal([]);
  });

  it('takes its trusted srcdoc, releases a marked one, and the marked scripts after it', async () => {
    const f = await open('trusted-types');
    await f.win.temoin.ready;
    const policy = pagePolicy(f);
    // Checked for the hosts it names, then set: no string in the page's sinks.
    const frame = f.doc.createElement('iframe');
    frame.srcdoc = policy.createHTML('<p>un</p>');
    expect(frame.getAttribute('srcdoc')).to.equal('<p>un</p>');
    f.doc.body.insertAdjacentHTML(
      'beforeend',
      policy.createHTML(
        `<iframe data-category="analytics" data-srcdoc="<p>deux</p>"></iframe>` +
          `<script type="text/plain" data-category="analytics" src="http://analytics.test:${port}/after-srcdoc.js${fresh()}"></script>`,
      ),
    );
    await f.win.temoin.set({ analytics: true });
    await until(() => f.win.__ran?.includes('analytics.test/after-srcdoc.js'), 'the script after the frame');
    expect(f.doc.querySelector('iframe')!.getAttribute('srcdoc')).to.equal('<p>deux</p>');
    // The page's first marked script only, which its default policy refuses (below).
    expect(f.win.__errors).to.have.length(1);
  });

  it("runs the page's marked scripts on consent through its default policy, which decides, one refused stopping none", async () => {
    const f = await open('trusted-types', { config: { ui: '/dist/temoin-ui.js' } });
    await f.win.temoin.ready;
    // The interface renders through Lit's policy, which the page allows.
    const accept = await until(
      () => f.doc.querySelector('temoin-banner[open]')?.shadowRoot?.querySelector<HTMLElement>('[part~="accept"]'),
      'the banner',
    );
    // Built by the page's code from strings: released, it meets the page's policy as any string does.
    const built = f.doc.createElement('script');
    built.type = 'text/plain';
    built.dataset.category = 'analytics';
    built.dataset.src = `http://cdn.other.test:${port}/built.js`;
    f.doc.body.append(built);
    expect(f.win.__ran ?? []).to.deep.equal([]);
    accept.click();
    // The confirmation says it too.
    await until(
      () => f.doc.querySelector('temoin-status')?.shadowRoot?.querySelector('[role="status"]')?.textContent,
      'the saved confirmation',
    );
    await until(() => f.win.__ran?.includes('inline marked'), 'the inline marked script');
    await timeToShow(200);
    expect(f.win.__ran).to.deep.equal(['analytics.test/trusted.js', 'inline marked']);
    expect(await pathsFrom('cdn.other.test')).to.deep.equal([]);
    expect(f.win.__errors).to.have.length(2);
    // Each named, with what the browser said.
    expect(f.win.__errors.every((e) => e.startsWith('temoin: could not release'))).to.equal(true);
    expect(f.win.__errors.join('\n')).to.match(/TrustedScriptURL/);
  });
});

describe('scripts behind a held one, and what released scripts write', () => {
  beforeEach(cleanOrigin);

  it('runs deferred scripts and modules after the classic ones, as the parser does', async () => {
    const f = await open('behind-deferred', { configurl: '/__config.json?delay=300' });
    await until(() => f.win.__ran?.includes('module ran'), 'the module');
    await timeToShow(200);
    expect(f.win.__ran).to.deep.equal([
      'cdn.other.test/library.js',
      'inline after the deferred',
      'own:deferred',
      'module ran',
    ]);
  });

  it("runs the site's local fallback for a CDN's library before the code that needs it", async () => {
    const f = await open('behind-fallback', { configurl: '/no/such/config.json' });
    await until(() => f.win.__ran?.some((n) => n.startsWith('app')), 'the app script');
    expect(f.win.__ran).to.deep.equal(['own:local-jquery', 'app saw jquery']);
  });

  it('leaves a script of a declarative shadow root to run as parsed: it writes in place', async () => {
    const f = await open('behind-shadow', { configurl: '/__config.json?delay=300' });
    await f.win.temoin.ready;
    await timeToShow(400);
    expect(f.doc.getElementById('keep')).to.not.equal(null);
    expect(f.win.__ran).to.include('shadow script');
  });

  it('runs what a released script writes in order, a library before the code written after it', async () => {
    const f = await open('write-ordered');
    await f.win.temoin.ready;
    await f.win.temoin.set({ analytics: true });
    await until(() => f.win.__ran?.some((n) => n.startsWith('written code')), 'the written code');
    expect(f.win.__ran).to.deep.equal(['own:written-lib', 'written code saw the lib']);
  });

  it('puts what a script written by a released script writes in place too, the page kept', async () => {
    const f = await open('write-nested');
    await f.win.temoin.ready;
    await f.win.temoin.set({ analytics: true });
    await until(() => f.doc.getElementById('nested-written'), 'what the written script wrote');
    expect(f.doc.getElementById('keep')).to.not.equal(null);
    expect(f.doc.getElementById('nested-written')!.textContent).to.equal('n');
  });

  it('leaves the listeners of the window and the document to EventTarget.prototype, as libraries wrap it later (zone.js, Sentry)', async () => {
    const f = await open('empty');
    await f.win.temoin.ready;
    const proto = f.win.EventTarget.prototype;
    // eslint-disable-next-line @typescript-eslint/unbound-method -- invoked with .apply
    const add = proto.addEventListener;
    const seen: string[] = [];
    proto.addEventListener = function (this: EventTarget, ...args: Parameters<typeof add>) {
      seen.push(args[0]);
      add.apply(this, args);
    };
    f.win.addEventListener('resize', () => {});
    f.doc.addEventListener('click', () => {});
    proto.addEventListener = add;
    expect(seen).to.deep.equal(['resize', 'click']);
  });
});
