// Config validation: every problem named so a web editor can fix it, and an invalid or
// unreachable config never opens the gate.
import { expect } from 'chai';
import { checkConfig } from '../../src/core/config-check.js';
import {
  BANNER_POSITIONS,
  CONFIG_RULES,
  ConfigError,
  validateConfig,
  type ServiceConfig,
  type TemoinConfig,
} from '../../src/core/config.js';
import { readCookie, writeCookie } from '../../src/core/cookie.js';
import type { PageState } from '../../src/core/types.js';
import { MAX_CATEGORIES, MAX_COOKIE_BYTES, MAX_RECEIPT_BYTES, MAX_REVISION } from '../../src/receipts/limits.js';
import { cleanOrigin, clearRequests, open, pathsFrom, timeToShow, until } from '../support/fixture.js';
import { configAtLimits, cookieBytes, largestRecord, receiptBytes } from '../support/limits.js';

/** The write path's validation, as on a page that will show the banner (nothing trusted yet). */
const validateWritePath = (input: unknown) => checkConfig({ print: '' } as PageState, input, false);

const base = async () => (await (await fetch('/test/fixtures/config.json')).json()) as TemoinConfig;

const problemsOf = (input: unknown): string[] => {
  try {
    validateConfig(input);
    return [];
  } catch (e) {
    expect(e).to.be.instanceOf(ConfigError);
    return (e as ConfigError).problems;
  }
};

describe('config validation', () => {
  it('accepts the test config and fills defaults', async () => {
    const config = validateConfig({ ...(await base()), reloadOnWithdraw: undefined });
    expect(config.expiresDays).to.equal(365);
    expect(config.reloadOnWithdraw).to.equal(true);
    expect(config.categories[0]!.services).to.deep.equal([]);
  });

  it('names each field that is wrong, with what it expects', async () => {
    const config = (await base()) as unknown as Record<string, unknown> & { categories: Record<string, unknown>[] };
    const services = config.categories[1]!.services as Record<string, unknown>[];
    services[0] = {
      ...services[0],
      hosts: ['ok.test', 'not a host'],
      data: ['ip-address', 'mood'],
      hostedOutsideQuebec: 'yes',
    };
    config.categories[2] = { ...config.categories[2], gpc: 'maybe', requried: true };
    expect(
      problemsOf({ ...config, revision: 1.5, policyUrl: { fr: 'http://x.test/fr', 'not a language': 'x' } }),
    ).to.deep.equal([
      'revision must be an integer from 0 to 2147483647, not 1.5',
      'policyUrl must be an http(s) or relative URL or { "fr": URL, "en": URL } of http(s) or relative URLs',
      'categories[1].services[0].data[1] must be one of ip-address, location, precise-location, device, browser, pages-viewed, interactions, identifier, cross-site-activity, contact-details, content-preferences, not "mood"',
      'categories[1].services[0].hosts[1] must be a host name, or a host and a path such as www.google.com/maps (no *, % or . segment in the path), not "not a host"',
      'categories[1].services[0].hostedOutsideQuebec must be true or false, not "yes"',
      'categories[2].requried is not a known field; did you mean "required"?',
      'categories[2].gpc must be one of deny, ignore, not "maybe"',
    ]);
  });

  it('takes the controller’s name and contact in each language, and names a wrong one with the fix', async () => {
    const config = await base();
    const controller = {
      name: { fr: 'Ville de Démo', en: 'Demo City' },
      contact: { fr: 'vie.privee@ville.test', en: 'privacy@ville.test' },
    };
    expect(validateConfig({ ...config, controller }).controller).to.deep.equal(controller);
    expect(problemsOf({ ...config, controller: { name: { fr: '', en: 3 }, contact: ['x'] } })).to.deep.equal([
      'controller.name must be a non-empty string or { "fr": "…", "en": "…" } (any language tag)',
      'controller.contact must be a non-empty string or { "fr": "…", "en": "…" } (any language tag)',
    ]);
  });

  it('takes a host with a path prefix in a service’s hosts, and no URL', async () => {
    const config = (await base()) as unknown as { categories: { services: Record<string, unknown>[] }[] };
    // A path the blocker would take literally, matching no URL, is refused: it would hold nothing.
    const refused = [
      'https://ok.test',
      'ok.test/a?b',
      'ok.test/a b',
      'ok.test/*',
      'ok.test/js/*.js',
      'ok.test/%6Daps',
      'ok.test/../x',
      'ok.test/a;b',
      'ok.test//a',
    ];
    config.categories[1]!.services[0]!.hosts = ['ok.test/maps', '*.ok.test/a/b/', 'ok.test/v1.2/x_y-z~', ...refused];
    expect(problemsOf(config).map((p) => p.replace(/ must be .*(, not )/, '$1'))).to.deep.equal(
      refused.map((entry, i) => `categories[1].services[0].hosts[${i + 3}], not ${JSON.stringify(entry)}`),
    );
  });

  it('names a duplicate id beside the shape’s problems, in the development build, whatever the shape', () => {
    const service = (id: string) => ({ id, name: 'S', provider: 'P', purpose: 'x', hostedOutsideQuebec: false });
    expect(
      problemsOf({
        revision: 1,
        colour: 'red',
        collector: '/v1/receipts',
        categories: [
          { id: 'media', title: 'M', services: [service('youtube'), 'vimeo', null] },
          { id: 'media', title: '', services: [{ ...service('youtube'), data: ['device', 'device', 3, 3] }] },
          null,
          { id: 7, title: 'N', services: 'none', required: 'yes', gpc: 'deny' },
        ],
      }),
    ).to.deep.equal([
      'colour is not a known field; the look is set in CSS, not in the config: custom properties such as --temoin-accent, --temoin-bg and --temoin-font on :root (README, "Theming"); known fields: $schema, revision, lang, policyUrl, collector, expiresDays, controller, jurisdiction, categories, ui, undeclared, reloadOnWithdraw, cookieDomain, manageButton, layout, position, strings, seal',
      'categories[0].services[1] must be an object, not "vimeo"',
      'categories[0].services[2] must be an object',
      'categories[1].title must be a non-empty string or { "fr": "…", "en": "…" } (any language tag), not ""',
      'categories[1].services[0].data[2] must be one of ip-address, location, precise-location, device, browser, pages-viewed, interactions, identifier, cross-site-activity, contact-details, content-preferences, not 3',
      'categories[1].services[0].data[3] must be one of ip-address, location, precise-location, device, browser, pages-viewed, interactions, identifier, cross-site-activity, contact-details, content-preferences, not 3',
      'categories[2] must be an object',
      'categories[3].id must be an id of letters, digits, - or _, starting with a letter, not 7',
      'categories[3].required must be true or false, not "yes"',
      'categories[3].services must be an array, not "none"',
      'controller is missing: receipts sent to the collector must name who controls the data',
      'categories[1].id "media" is used twice (first at categories[0]): ids must be unique',
      'categories[1].services[0].id "youtube" is used twice (first at categories[0].services[0]): ids must be unique',
      'categories[1].services[0].data lists "device" twice',
    ]);
    // Whatever a config given to init() holds: each is a ConfigError (problemsOf checks), never a TypeError.
    const twice = Object.create(null) as object;
    const symbol = Symbol('kind');
    const serviceWith = (data: unknown[]) => ({ ...service('s'), data });
    for (const [i, input] of [
      null,
      'x',
      [],
      { categories: 'x' },
      { categories: [[]] },
      { revision: 1, categories: [{ id: 'a', title: 'A', services: [serviceWith([symbol, symbol])] }] },
      { revision: 1, categories: [{ id: 'a', title: 'A', services: [serviceWith([twice, twice])] }] },
      { revision: 1, categories: [{ id: () => 1, title: 'A' }], layout: Symbol('bar') },
    ].entries()) {
      expect(problemsOf(input).length, `input ${i}`).to.be.above(0);
    }
    // A controller that is wrong is named once, as wrong, not also as missing.
    expect(
      problemsOf({ revision: 1, collector: '/c', controller: null, categories: [{ id: 'a', title: 'A' }] }),
    ).to.deep.equal(['controller must be an object']);
  });

  it('shows the wrong value after what was expected: quoted when a string, cut when long, none for an object', () => {
    const minimal = { revision: 1, categories: [{ id: 'a', title: 'A' }] };
    const collector = 'http://127.0.0.1:%COLLECTOR_PORT%/v1/' + 'x'.repeat(80);
    expect(
      problemsOf({ ...minimal, revision: '1', collector, controller: { name: 'C' }, ui: () => 1, layout: ['bar'] }),
    ).to.deep.equal([
      'revision must be an integer from 0 to 2147483647, not "1"',
      `collector must be an http(s) or relative URL, not ${JSON.stringify(collector).slice(0, 79)}…`,
      'ui must be an http(s) or relative URL or false',
      'layout must be one of bar, box',
    ]);
  });

  it('reports missing fields, empty or duplicate ids, and GPC on a required category', () => {
    expect(problemsOf({})).to.deep.equal([
      'revision is missing: it takes an integer from 0 to 2147483647',
      'categories is missing: it takes an array',
    ]);
    expect(problemsOf({ revision: 1, categories: [] })).to.deep.equal(['categories must not be empty']);
    expect(
      problemsOf({
        revision: 1,
        categories: [
          { id: 'a', title: 'A', required: true, gpc: 'deny' },
          {
            id: 'a',
            title: 'B',
            services: [{ id: 's', name: 'S', provider: 'P', purpose: 'x', hostedOutsideQuebec: false }],
          },
        ],
      }),
    ).to.deep.equal([
      'categories[0].gpc cannot be "deny" on a required category',
      'categories[1].id "a" is used twice (first at categories[0]): ids must be unique',
    ]);
    expect(problemsOf('{}')).to.deep.equal([' must be an object, not "{}"']);
    // A record names granted services by id alone: a service id is unique across the config.
    const service = (id: string) => ({ id, name: 'S', provider: 'P', purpose: 'x', hostedOutsideQuebec: false });
    expect(
      problemsOf({
        revision: 1,
        categories: [
          { id: 'media', title: 'M', services: [service('youtube'), service('vimeo')] },
          { id: 'ads', title: 'A', services: [service('youtube')] },
        ],
      }),
    ).to.deep.equal([
      'categories[1].services[0].id "youtube" is used twice (first at categories[0].services[0]): ids must be unique',
    ]);
  });

  it('names as unknown the fields every object inherits, and an own __proto__', () => {
    const category = { id: 'a', title: 'A' };
    const withoutHint = (problems: string[]) => problems.map((p) => p.replace(/; (did you mean|known fields).*$/, ''));
    expect(
      withoutHint(
        problemsOf({ revision: 1, categories: [category], constructor: 1, toString: 'x', hasOwnProperty: true }),
      ),
    ).to.deep.equal([
      'constructor is not a known field',
      'toString is not a known field',
      'hasOwnProperty is not a known field',
    ]);
    // JSON.parse makes `__proto__` an own key, as a config file's text would.
    expect(
      withoutHint(
        problemsOf(JSON.parse('{"revision":1,"__proto__":{},"categories":[{"id":"a","title":"A","__proto__":1}]}')),
      ),
    ).to.deep.equal(['__proto__ is not a known field', 'categories[0].__proto__ is not a known field']);
  });

  it('suggests the nearest field for a typo, lists the fields otherwise, and says what a missing field takes', () => {
    const service = { id: 's', name: 'S', provider: 'P', purpose: 'x' };
    expect(
      problemsOf({
        revision: 1,
        categories: [{ id: 'a', title: 'A', requried: true, services: [service] }],
        colector: 'https://c.test/',
        zzz: 1,
      }),
    ).to.deep.equal([
      'colector is not a known field; did you mean "collector"?',
      'zzz is not a known field; known fields: $schema, revision, lang, policyUrl, collector, expiresDays, controller, jurisdiction, categories, ui, undeclared, reloadOnWithdraw, cookieDomain, manageButton, layout, position, strings, seal',
      'categories[0].requried is not a known field; did you mean "required"?',
      'categories[0].services[0].hostedOutsideQuebec is missing: it takes true or false',
    ]);
    // A seal is the CLI's to write (config-seal.ts); one in another shape is a mistake.
    expect(problemsOf({ revision: 1, categories: [{ id: 'a', title: 'A' }], seal: 'sealed by hand' })).to.deep.equal([
      'seal must be the seal npx temoin check --seal wrote (remove it, or seal the config again), not "sealed by hand"',
    ]);
  });

  it('takes a layout and a position, and names a position its layout does not take with the fix', () => {
    const config = { revision: 1, categories: [{ id: 'a', title: 'A' }] };
    for (const [layout, positions] of Object.entries(BANNER_POSITIONS)) {
      for (const position of positions) expect(problemsOf({ ...config, layout, position }), position).to.deep.equal([]);
    }
    expect(problemsOf({ ...config, position: 'top' })).to.deep.equal([]);
    expect(problemsOf({ ...config, layout: 'box' })).to.deep.equal([]);
    expect(problemsOf({ ...config, layout: 'cloud', position: 'center' })).to.deep.equal([
      'layout must be one of bar, box, not "cloud"',
      'position must be one of bottom, top, bottom-left, bottom-right, middle, not "center"',
    ]);
    expect(problemsOf({ ...config, layout: 'boxx', position: 'Top' })).to.deep.equal([
      'layout must be one of bar, box, not "boxx"; did you mean "box"?',
      'position must be one of bottom, top, bottom-left, bottom-right, middle, not "Top"; did you mean "top"?',
    ]);
    expect(problemsOf({ ...config, position: 'middle' })).to.deep.equal([
      'position "middle" does not fit the bar layout, which takes "bottom", "top": use one of those, or "layout": "box" for a box at "middle"',
    ]);
    expect(problemsOf({ ...config, layout: 'box', position: 'top' })).to.deep.equal([
      'position "top" does not fit the box layout, which takes "bottom-right", "bottom-left", "middle": use one of those, or "layout": "bar" for a bar at "top"',
    ]);
    // The rules list what BANNER_POSITIONS says, once each.
    const rules = CONFIG_RULES as Record<string, string[]>;
    expect(rules['layout?']).to.deep.equal(Object.keys(BANNER_POSITIONS));
    expect(rules['position?']).to.have.members(Object.values(BANNER_POSITIONS).flat());
    expect(rules['position?']).to.have.length(Object.values(BANNER_POSITIONS).flat().length);
  });

  it('takes only http(s) or relative URLs, in every URL field', () => {
    const service = { id: 's', name: 'S', provider: 'P', purpose: 'x', hostedOutsideQuebec: false };
    const config = (fields: object, privacyUrl?: string) => ({
      revision: 1,
      controller: { name: 'C' },
      categories: [{ id: 'a', title: 'A', services: [{ ...service, privacyUrl }] }],
      ...fields,
    });
    for (const url of [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      ' java\tscript:alert(1)',
      '\njavascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      'file:///etc/passwd',
    ]) {
      expect(problemsOf(config({ policyUrl: url }))[0], url).to.match(
        /^policyUrl must be an http\(s\) or relative URL/,
      );
      expect(problemsOf(config({ policyUrl: { fr: '/vie-privee', en: url } }))[0], url).to.match(/^policyUrl must be/);
      expect(problemsOf(config({}, url)), url).to.deep.equal([
        `categories[0].services[0].privacyUrl must be an http(s) or relative URL, not ${JSON.stringify(url)}`,
      ]);
      expect(problemsOf(config({ collector: url }))[0], url).to.match(
        /^collector must be an http\(s\) or relative URL/,
      );
      expect(problemsOf(config({ ui: url }))[0], url).to.match(/^ui must be an http\(s\) or relative URL/);
      expect(problemsOf(config({ $schema: url }))[0], url).to.match(/^\$schema must be an http\(s\) or relative URL/);
    }
    for (const url of [
      'https://ville.test/vie-privee',
      'http://ville.test/',
      '/vie-privee',
      'vie-privee.html',
      '//ville.test/x',
      '?page=privacy',
    ]) {
      expect(problemsOf(config({ policyUrl: url, collector: url, ui: url, $schema: url }, url)), url).to.deep.equal([]);
    }
  });
});

describe('config sources', () => {
  beforeEach(cleanOrigin);

  it('reads a JSON script placed after the core tag', async () => {
    const f = await open('json-config');
    await f.win.temoin.ready;
    expect(f.win.temoin.config?.revision).to.equal(1);
    await f.win.temoin.set({ analytics: true });
    await until(async () => (await pathsFrom('analytics.test')).includes('/json.js'), 'the script');
  });

  it('loads a config from a URL', async () => {
    const f = await open('url-config');
    await f.win.temoin.ready;
    expect(f.win.temoin.config?.categories).to.have.length(4);
  });

  it('starts from an object given to init() in the ES module build', async () => {
    const f = await open('esm');
    await until(() => f.win.temoin, 'init');
    await f.win.temoin.ready;
    await f.win.temoin.acceptAll();
    expect((f.win as unknown as { esmGranted: (c: string) => boolean }).esmGranted('media')).to.equal(true);
  });
});

describe('a config that cannot be used fails closed', () => {
  beforeEach(cleanOrigin);

  async function expectClosed(f: Awaited<ReturnType<typeof open>>, message: string) {
    expect(await f.win.temoin.ready).to.equal(null);
    expect(f.win.temoin.config).to.equal(null);
    expect(await f.win.temoin.acceptAll()).to.equal(null);
    expect(f.win.temoin.granted('analytics')).to.equal(false);
    await timeToShow(300);
    expect(await pathsFrom('analytics.test')).to.deep.equal([]);
    expect(f.win.__errors.join('\n')).to.contain(message).and.contain('optional categories stay refused');
    // Cross-origin requests stay held for good, since no host can be known to be safe.
    expect(
      await f.win.fetch(`http://cdn.other.test:${location.port}/x`).then(
        () => 'sent',
        () => 'refused',
      ),
    ).to.equal('refused');
  }

  it('for an invalid config, in the production build', async () => {
    const config = await base();
    config.categories[1]!.services![0]!.hosts = ['analytics.test', 'bad host'];
    // The path of the field in question, and where the sentence that says why is.
    await expectClosed(
      await open('markup', { rawconfig: JSON.stringify(config) }),
      'temoin: invalid config (temoin.dev.js or npx temoin check says why):\n- categories[1].services[0].hosts[1]\n',
    );
  });

  it('for an invalid config, in the development build with full sentences', async () => {
    await expectClosed(
      await open('markup', { rawconfig: '{"revision":1,"categories":[{"id":"x"}]}', dev: true }),
      'categories[0].title is missing',
    );
  });

  it('for text that is not JSON', async () => {
    await expectClosed(await open('markup', { rawconfig: '{"revision": 1,' }), 'not valid JSON');
  });

  it('for a config URL that does not answer', async () => {
    const f = await open('url-config', { configurl: '/no/such/config.json' });
    await expectClosed(f, 'could not load the config from /no/such/config.json (HTTP 404)');
  });

  it('when a config validated before is changed into an invalid one', async () => {
    const first = await open('markup');
    await first.win.temoin.ready;
    await first.win.temoin.acceptAll();
    await until(() => first.win.__ran?.length == 6, "the first page's six scripts");
    first.frame.remove();
    await clearRequests();
    const config = await base();
    config.categories[1]!.title = '';
    await expectClosed(await open('markup', { rawconfig: JSON.stringify(config) }), 'categories[1].title');
  });
});

describe('the <head> script stays small for returning visitors', () => {
  beforeEach(cleanOrigin);

  it('downloads neither the write path nor the UI when the cookie answers for a config seen before', async () => {
    const first = await open('markup');
    await first.win.temoin.ready;
    await first.win.temoin.acceptAll();
    first.frame.remove();
    const f = await open('markup');
    await f.win.temoin.ready;
    const loaded = f.win.performance.getEntriesByType('resource').map((e) => e.name);
    expect(loaded.filter((n) => n.includes('temoin-'))).to.deep.equal([]);
    await until(() => f.win.__ran?.includes('inline-second'), 'the scripts');
  });
});

describe('limits the collector and the browser share', () => {
  const small = (): TemoinConfig => ({
    revision: 1,
    controller: { name: 'Ville' },
    categories: [
      {
        id: 'a',
        title: 'A',
        services: [{ id: 's', name: 'S', provider: 'P', purpose: 'x', hostedOutsideQuebec: false }],
      },
    ],
  });
  const at = (change: (c: TemoinConfig & { categories: { services: ServiceConfig[] }[] }) => void) => {
    const config = small() as TemoinConfig & { categories: { services: ServiceConfig[] }[] };
    change(config);
    return problemsOf(config);
  };
  const s = (c: { categories: { services: ServiceConfig[] }[] }) => c.categories[0]!.services[0]!;

  it('takes a config at every limit, in French text of two- and four-byte characters', async () => {
    const config = configAtLimits('https://registre.ville.test/');
    expect(cookieBytes(largestRecord(config))).to.equal(MAX_COOKIE_BYTES);
    expect(receiptBytes(config)).to.equal(MAX_RECEIPT_BYTES);
    expect(await validateWritePath(config)).to.include({ revision: MAX_REVISION });
  });

  it('refuses one past each limit, naming the field and the limit', () => {
    const text = (n: number) => 'é'.repeat(n);
    const service = { id: 's', name: 'S', provider: 'P', purpose: 'x', hostedOutsideQuebec: false };
    expect(
      at((c) => (c.categories = Array.from({ length: 51 }, (_, i) => ({ id: `c${i}`, title: 'C', services: [] })))),
    ).to.deep.equal(['categories must list at most 50 entries (it has 51)']);
    expect(
      at((c) => (c.categories[0]!.services = Array.from({ length: 101 }, (_, j) => ({ ...service, id: `s${j}` })))),
    ).to.deep.equal(['categories[0].services must list at most 100 entries (it has 101)']);
    expect(at((c) => (s(c).thirdParty = Array.from({ length: 51 }, () => 'T')))).to.deep.equal([
      'categories[0].services[0].thirdParty must list at most 50 entries (it has 51)',
    ]);
    expect(at((c) => (c.categories[0]!.title = { fr: text(301), en: 'A' }))).to.deep.equal([
      'categories[0].title.fr must be at most 300 characters long (it has 301)',
    ]);
    expect(
      at((c) => {
        s(c).name = text(301);
        s(c).provider = text(301);
        s(c).purpose = { en: text(2001) };
        s(c).retention = text(301);
        s(c).thirdParty = ['T', text(301)];
        s(c).id = 'i'.repeat(101);
      }),
    ).to.deep.equal([
      'categories[0].services[0].id must be at most 100 characters long (it has 101)',
      'categories[0].services[0].name must be at most 300 characters long (it has 301)',
      'categories[0].services[0].provider must be at most 300 characters long (it has 301)',
      'categories[0].services[0].purpose.en must be at most 2000 characters long (it has 2001)',
      'categories[0].services[0].retention must be at most 300 characters long (it has 301)',
      'categories[0].services[0].thirdParty[1] must be at most 300 characters long (it has 301)',
    ]);
    expect(at((c) => (c.controller = { name: text(301), contact: { fr: text(301) } }))).to.deep.equal([
      'controller.name must be at most 300 characters long (it has 301)',
      'controller.contact.fr must be at most 300 characters long (it has 301)',
    ]);
    // Relative URLs are counted as the receipt writes them: resolved against the page.
    const page = location.href.slice(0, location.href.lastIndexOf('/') + 1);
    expect(
      at((c) => (c.policyUrl = { fr: 'p'.repeat(2001 - page.length), en: 'https://ville.test/' + 'p'.repeat(1981) })),
    ).to.deep.equal(['policyUrl.fr must be at most 2000 characters long (it has 2001)']);
    expect(at((c) => (c.revision = 2 ** 31))).to.deep.equal([
      'revision must be an integer from 0 to 2147483647, not 2147483648',
    ]);
    expect(at((c) => (c.expiresDays = 36_501))).to.deep.equal([
      'expiresDays must be a whole number of days from 1 to 36500, not 36501',
    ]);
    expect(at((c) => (s(c).data = ['device', 'ip-address', 'device']))).to.deep.equal([
      'categories[0].services[0].data lists "device" twice',
    ]);
  });

  it('counts characters as the collector does: an emoji is one', () => {
    expect(at((c) => (c.categories[0]!.title = '😀'.repeat(300)))).to.deep.equal([]);
    expect(at((c) => (c.categories[0]!.title = '😀'.repeat(301)))).to.deep.equal([
      'categories[0].title must be at most 300 characters long (it has 301)',
    ]);
  });

  it('refuses control characters and lone surrogates PostgreSQL cannot store, but takes tabs and new lines', () => {
    const bad =
      'categories[0].services[0].purpose must not contain control characters (but tab and new line) or unpaired surrogates';
    for (const purpose of ['a\u0000b', 'a\u001bb', 'a\u0008', '\ud83d', 'a\udc00b']) {
      expect(
        at((c) => (s(c).purpose = purpose)),
        JSON.stringify(purpose),
      ).to.deep.equal([bad]);
    }
    expect(at((c) => (c.controller!.name = 'x\u0000'))).to.deep.equal([
      bad.replace('categories[0].services[0].purpose', 'controller.name'),
    ]);
    expect(at((c) => (s(c).purpose = 'a\tb\nc\r\nd 😀'))).to.deep.equal([]);
  });

  it('refuses a config whose cookie would pass 4,000 bytes, which Chromium drops without a word', () => {
    const config = configAtLimits('https://registre.ville.test/');
    config.categories[MAX_CATEGORIES - 1]!.id = config.categories[MAX_CATEGORIES - 1]!.id.slice(0, -1);
    config.categories[1]!.id += 'i';
    expect(cookieBytes(largestRecord(config))).to.equal(MAX_COOKIE_BYTES);
    config.categories[1]!.id += 'i';
    expect(problemsOf(config)).to.deep.equal([
      'categories: the temoin cookie could take 4001 bytes, over the 4000 a browser keeps; use fewer categories or services, or shorter ids',
    ]);
  });

  it('keeps the largest cookie of a config at the limit in Chromium', () => {
    const record = largestRecord(configAtLimits('https://registre.ville.test/'));
    try {
      writeCookie(record);
      expect(readCookie()).to.deep.equal(record);
      // What the limit is for: a cookie whose name and value pass 4,096 bytes is dropped, silently.
      document.cookie = `temoin=${'x'.repeat(4091)}; Path=/`;
      expect(readCookie()).to.deep.equal(record);
    } finally {
      writeCookie(null);
    }
  });

  it('refuses a config with a collector whose receipt would pass 64,000 bytes, in the write path', async () => {
    const config = configAtLimits('https://registre.ville.test/');
    const filler = config.categories[0]!.services!.at(-1)!;
    filler.purpose = (filler.purpose as string) + 'x';
    const message = await Promise.resolve()
      .then(() => validateWritePath(config))
      .then(
        () => '',
        (e: unknown) => (e as Error).message,
      );
    expect(message).to.contain('categories: a receipt could take 64001 bytes, over the 64000 a collector takes');
    // Without a collector no receipt leaves the device.
    expect(await validateWritePath({ ...config, collector: undefined })).to.include({ revision: MAX_REVISION });
  });
});
