// `temoin check` and the config's JSON Schema: the schema is the validator's rules written out
// (the committed file cannot drift from them, and both judge the same configs alike), and the
// command reports each documented mistake with its fix, in a file, an HTML page or a live page.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm, symlink, utimes, writeFile, mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { configSchema } from '../../src/check/config-schema.js';
import { validateWithDevMessages } from '../../src/check/validate.js';
import { TEMPLATES } from '../../src/templates/catalog.js';
import { en as enDetails } from '../../src/ui/i18n/details/en.js';
import { en } from '../../src/ui/i18n/en.js';

const root = new URL('../../../../', import.meta.url).pathname;
const bin = join(root, 'bin/temoin.js');
const run = promisify(execFile);
const readJson = (path: string) => JSON.parse(readFileSync(join(root, path), 'utf8')) as Record<string, unknown>;

/** Runs `temoin check …`; resolves with the exit code and output, whatever the code. */
const temoinCheck = (...args: string[]) =>
  run('node', [bin, 'check', ...args]).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (e: unknown) => {
      const { code, stdout, stderr } = e as { code: number; stdout: string; stderr: string };
      return { code, stdout, stderr };
    },
  );

const service = {
  id: 'stats',
  name: 'Stats',
  provider: 'Ville',
  purpose: 'Compter les visites',
  hostedOutsideQuebec: false,
  thirdParty: false,
  hosts: ['stats.example'],
};
type Config = {
  revision: number;
  categories: { id: string; title: unknown; required?: boolean; services?: Record<string, unknown>[] }[];
  [field: string]: unknown;
};
const valid = (): Config => ({
  revision: 1,
  categories: [
    { id: 'necessary', required: true, title: 'Nécessaires' },
    { id: 'analytics', title: { fr: 'Mesure d’audience', en: 'Analytics' }, services: [{ ...service }] },
    { id: 'media', title: 'Vidéos', services: [{ template: 'youtube', id: 'youtube' }] },
  ],
});

/** A site on loopback: `page` answers a path with its body, or undefined for a 404. */
async function serve(page: (path: string) => string | Buffer | undefined): Promise<[Server, string]> {
  const server = createServer((req, res) => {
    const body = page(req.url!);
    if (body === undefined) res.writeHead(404).end();
    else res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return [server, `http://127.0.0.1:${(server.address() as { port: number }).port}`];
}

/** The mistakes the README lists, each with the words `temoin check` must say about it. */
const MISTAKES: [string, (c: Config) => void, RegExp][] = [
  [
    'a typo in a field',
    (c) => Object.assign(c.categories[0]!, { requried: true }),
    /categories\[0\]\.requried is not a known field; did you mean "required"\?/,
  ],
  [
    'a colour in the config',
    (c) => (c.primaryColor = '#095797'),
    /primaryColor is not a known field; the look is set in CSS, not in the config: custom properties such as --temoin-accent, --temoin-bg and --temoin-font on :root/,
  ],
  [
    'a missing required field',
    (c) => delete c.categories[1]!.services![0]!.hostedOutsideQuebec,
    /categories\[1\]\.services\[0\]\.hostedOutsideQuebec is missing: it takes true or false/,
  ],
  [
    'a javascript: link',
    (c) => (c.policyUrl = 'javascript:alert(1)'),
    /policyUrl must be an http\(s\) or relative URL or \{ "fr": URL, "en": URL \} of http\(s\) or relative URLs, not "javascript:alert\(1\)"/,
  ],
  [
    'a revision out of range',
    (c) => (c.revision = 2 ** 31),
    /revision must be an integer from 0 to 2147483647, not 2147483648/,
  ],
  [
    'an unknown kind of data',
    (c) => (c.categories[1]!.services![0]!.data = ['ip', 'device']),
    /data\[0\] must be one of ip-address/,
  ],
  [
    'a host with a scheme',
    (c) => (c.categories[1]!.services![0]!.hosts = ['https://stats.example']),
    /hosts\[0\] must be a host name/,
  ],
  [
    'an unknown template',
    (c) => (c.categories[2]!.services![0]!.template = 'youtub'),
    /template "youtub" is not a known template; did you mean "youtube"\?/,
  ],
  [
    "a template's other name",
    (c) => (c.categories[2]!.services![0]!.template = 'twitter'),
    /template "twitter" is not a known template; did you mean "x"\?/,
  ],
  [
    'a collector without controller',
    (c) => (c.collector = 'https://consent.example/'),
    /controller is missing: receipts sent to the collector/,
  ],
  [
    'a controller named in English by an empty string',
    (c) => (c.controller = { name: { fr: 'Ville de Démo', en: '' }, contact: 'vie.privee@ville.example' }),
    /controller\.name must be a non-empty string or \{ "fr": "…", "en": "…" \}/,
  ],
  [
    'a title too long',
    (c) => (c.categories[0]!.title = 'x'.repeat(301)),
    /categories\[0\]\.title must be at most 300 characters long/,
  ],
  ['an unknown layout', (c) => (c.layout = 'cloud'), /layout must be one of bar, box, not "cloud"/],
  [
    'a position the layout does not take',
    (c) => Object.assign(c, { layout: 'box', position: 'top' }),
    /position "top" does not fit the box layout, which takes "bottom-right", "bottom-left", "middle": use one of those, or "layout": "bar" for a bar at "top"/,
  ],
  [
    '51 categories',
    (c) => c.categories.push(...Array.from({ length: 48 }, (_, i) => ({ id: `c${i}`, title: 'C' }))),
    /categories must list at most 50 entries/,
  ],
];

void describe("the config's JSON Schema", () => {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  const schemaValid = ajv.compile(configSchema());

  void it("is the validator's rules as committed in src/core/config.schema.json (npm run schema)", () => {
    assert.deepEqual(readJson('src/core/config.schema.json'), JSON.parse(JSON.stringify(configSchema())));
  });

  void it("takes the configs the validator takes: the demo's, the tests', the README's", async () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const example = JSON.parse(/### The config, field by field\s+```json\n([\s\S]*?)```/.exec(readme)![1]!) as unknown;
    for (const [name, config] of [
      ['valid()', valid()],
      [
        'demo',
        JSON.parse(
          readFileSync(join(root, 'demo/temoin.config.json'), 'utf8').replace('%COLLECTOR_PORT%', '8787'),
        ) as unknown,
      ],
      ['fixture', readJson('test/fixtures/config.json')],
      ['README', example],
    ] as const) {
      assert.deepEqual(
        (await validateWithDevMessages(config, 'https://www.example.org/')).problems,
        [],
        `${name}: validator`,
      );
      assert.ok(schemaValid(config), `${name}: schema ${JSON.stringify(schemaValid.errors)}`);
    }
  });

  void it('refuses what the validator refuses, for every mistake the schema can express', async () => {
    for (const [what, mistake] of MISTAKES) {
      if (['a collector without controller', 'an unknown template', "a template's other name"].includes(what)) continue; // beyond what a schema says
      const config = valid();
      mistake(config);
      assert.notDeepEqual(
        (await validateWithDevMessages(config, 'https://www.example.org/')).problems,
        [],
        `${what}: validator`,
      );
      assert.equal(schemaValid(config), false, `${what}: schema`);
    }
  });
});

void describe("the README's table of templates", () => {
  void it("lists each template's kind and hosts as the catalog has them (what `temoin check` tells an editor to add)", () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const rows = [...readme.matchAll(/^\| `([a-z0-9-]+)` \| (\w+) \| (.+) \|$/gm)].filter(([, id]) => id! in TEMPLATES);
    assert.deepEqual(
      rows.map(([, id]) => id),
      Object.keys(TEMPLATES),
    );
    for (const [, id, kind, hosts] of rows) {
      const listed = hosts!.replace(/\s*\([^)]*\)/g, '').split(', ');
      assert.deepEqual({ kind, hosts: listed }, { kind: TEMPLATES[id!]!.kind, hosts: TEMPLATES[id!]!.hosts }, id);
    }
  });
});

void describe('temoin check', () => {
  let dir: string;
  let server: Server;
  let site: string;
  const page = (config: string, body = '') =>
    `<!doctype html>\n<html lang="fr"><head>\n<script src="/temoin/temoin.js" ${config}></script>\n</head>\n<body>\n${body}\n</body></html>\n`;
  const markup =
    '<script type="text/plain" data-category="analytics" data-service="stats" src="https://stats.example/s.js"></script>\n' +
    '<iframe data-category="videos" data-service="youtube" data-src="https://www.youtube.com/embed/x"></iframe>\n' +
    '<img data-category="analytics" data-service="pixel" data-src="https://px.example/p.gif" alt="">\n';

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'temoin-check-'));
    await mkdir(join(dir, 'temoin'));
    await writeFile(join(dir, 'temoin/config.json'), JSON.stringify(valid(), null, 2));
    await writeFile(join(dir, 'index.html'), page('data-config="/temoin/config.json"', markup));
    await writeFile(
      join(dir, 'clean.html'),
      page('', '<script type="application/json" id="temoin-config">' + JSON.stringify(valid()) + '</script>'),
    );
    await writeFile(join(dir, 'none.html'), '<!doctype html><title>x</title>');
    [server, site] = await serve((path) => {
      try {
        return readFileSync(join(dir, path == '/' ? 'index.html' : path.slice(1)));
      } catch {
        return undefined;
      }
    });
  });
  after(async () => {
    server.close();
    await rm(dir, { recursive: true, force: true });
  });

  void it('passes a valid config (exit 0), and names each documented mistake (exit 1)', async () => {
    const file = join(dir, 'config.json');
    await writeFile(file, JSON.stringify(valid()));
    assert.deepEqual(await temoinCheck(file), {
      code: 0,
      stdout: `temoin check ${file}\n✓ no problem found\n`,
      stderr: '',
    });
    // Each mistake in a file of its own, checked side by side: 14 processes that mostly start up.
    const checked = await Promise.all(
      MISTAKES.map(async ([, mistake], i) => {
        const config = valid();
        mistake(config);
        const mistaken = join(dir, `mistake-${i}.json`);
        await writeFile(mistaken, JSON.stringify(config, null, 2));
        return temoinCheck(mistaken);
      }),
    );
    for (const [i, [what, , said]] of MISTAKES.entries()) {
      assert.equal(checked[i]!.code, 1, what);
      assert.match(checked[i]!.stdout, said, what);
    }
  });

  void it('names the strings a language with no pack lacks, unknown string keys, and tags that are not languages', async () => {
    const file = join(dir, 'languages.json');
    // The first layer's pack and the preference center's: every string of the interface.
    const keys = [...Object.keys(en), ...Object.keys(enDetails)];
    // Spanish has a pack: one string replaced is enough. Swedish has none: English fills what it lacks.
    const strings = { es: { acceptAll: 'Acepto' }, sv: { acceptAll: 'Godkänn alla', rejectAl: 'Avvisa alla' } };
    await writeFile(file, JSON.stringify({ ...valid(), strings }));
    let { code, stdout } = await temoinCheck(file);
    assert.equal(code, 1);
    assert.match(stdout, /strings\.sv\.rejectAl is not a string of the interface, so it is never shown/);
    const lacks = `strings.sv: "sv" has no language pack, and ${keys.length - 1} of the ${keys.length} interface strings are missing, so they show in English: ${keys.filter((k) => k != 'acceptAll').join(', ')}`;
    assert.ok(stdout.includes(lacks), stdout);
    assert.doesNotMatch(stdout, /strings\.es/);
    // The lazy parts' own words (consent id, receipt, cookie declaration) are no interface strings:
    // a language with no pack reads them in English, and a config cannot replace them.
    await writeFile(
      file,
      JSON.stringify({ ...valid(), strings: { es: { copyId: 'Copiar', 'declaration.change': 'Cambiar' } } }),
    );
    ({ code, stdout } = await temoinCheck(file));
    assert.equal(code, 1);
    assert.match(stdout, /strings\.es\.copyId is not a string of the interface/);
    assert.match(stdout, /strings\.es\.declaration\.change is not a string of the interface/);
    // A banner text of the site's own without {outside} would never say that data may leave Québec.
    const abroad = valid() as { categories: { required?: boolean; services?: { hostedOutsideQuebec?: boolean }[] }[] };
    for (const c of abroad.categories)
      for (const s of c.required ? [] : (c.services ?? [])) s.hostedOutsideQuebec = true;
    const own = 'Avec votre accord, pour {purposes}, nous recueillons des renseignements sur {data}.';
    await writeFile(file, JSON.stringify({ ...abroad, strings: { fr: { bannerText: own } } }));
    ({ code, stdout } = await temoinCheck(file));
    assert.equal(code, 1);
    assert.match(
      stdout,
      /strings\.fr\.bannerText has no \{outside\}, so the banner never says that some information may be sent outside Québec/,
    );
    await writeFile(file, JSON.stringify({ ...abroad, strings: { fr: { bannerText: own + '{outside}' } } }));
    assert.equal((await temoinCheck(file)).code, 0);
    // A default language with no pack and no strings lacks them all.
    await writeFile(file, JSON.stringify({ ...valid(), lang: 'pt-BR' }));
    assert.equal((await temoinCheck(file)).code, 0, 'pt-BR has the pt pack');
    await writeFile(file, JSON.stringify({ ...valid(), lang: 'fi' }));
    ({ code, stdout } = await temoinCheck(file));
    assert.equal(code, 1);
    assert.match(
      stdout,
      new RegExp(`strings\\.fi: "fi" has no language pack, and ${keys.length} of the ${keys.length}`),
    );
    // Every key given: nothing to say.
    await writeFile(
      file,
      JSON.stringify({
        ...valid(),
        lang: 'fi',
        strings: { fi: Object.fromEntries(keys.map((k) => [k, k == 'bannerText' ? 'x{outside}' : 'x'])) },
      }),
    );
    assert.equal((await temoinCheck(file)).code, 0);
    await writeFile(
      file,
      JSON.stringify({ ...valid(), lang: 'french', policyUrl: { fr: '/vie-privee', 'en-': '/privacy' } }),
    );
    ({ stdout } = await temoinCheck(file));
    assert.match(stdout, /lang must be "auto" or a language tag such as "fr", "es" or "pt-BR"/);
    assert.match(stdout, /policyUrl must be an http\(s\) or relative URL or \{ "fr": URL, "en": URL \}/);
  });

  void it('names the line and column of a JSON syntax error', async () => {
    const file = join(dir, 'broken.json');
    await writeFile(file, '{\n  "revision": 1,\n  "categories": [}\n');
    const { code, stdout } = await temoinCheck(file);
    assert.equal(code, 1);
    assert.match(stdout, /is not valid JSON at line 3, column 18: unexpected "}"/);
  });

  void it("lists a config's problems in the file's order, each at its line and column, a page's inline config at the page's lines", async () => {
    const service =
      '      { "id": "ga", "name": "GA", "provider": "Google", "purpose": "Mesurer", "hostedOutsideQuebec": false, "data": ["ip-adress"], "duration": 30 }';
    const text = [
      '{',
      '  "revision": 1,',
      '  "categories": [',
      '    { "id": "necessary", "required": true, "title": "Nécessaires" },',
      '    { "id": "stats", "title": "Mesure", "services": [',
      service,
      '    ] },',
      '    { "id": "stats", "title": "Autre" }',
      '  ],',
      '  "manageButon": false',
      '}',
    ].join('\n');
    const file = join(dir, 'in-order.json');
    await writeFile(file, text);
    const said = (stdout: string) =>
      stdout
        .split('\n')
        .filter((line) => line.startsWith('  ✗'))
        .map((line) => /^ {2}✗ line (\d+), column (\d+): (\S+)/.exec(line)?.slice(1).join(' '));
    const at = (column: string) => service.indexOf(column) + 1;
    // The validator finds the unknown fields of an object before the rest, and the root's first.
    const expected = [
      `6 ${at('"ip-adress"')} categories[1].services[0].data[0]`,
      `6 ${at('"duration"')} categories[1].services[0].duration`,
      '8 7 categories[2].id',
      '10 3 manageButon',
    ];
    const checked = await temoinCheck(file);
    assert.equal(checked.code, 1);
    assert.deepEqual(said(checked.stdout), expected, checked.stdout);
    assert.match(checked.stdout, /line 10, column 3: manageButon is not a known field; did you mean "manageButton"\?/);

    // The same config inside a page, its <script> on the page's fourth line: the lines are the page's.
    const page = join(dir, 'inline.html');
    const head = '<!doctype html>\n<html lang="fr">\n<head><script src="/temoin/temoin.js"></script>\n';
    await writeFile(
      page,
      `${head}<script type="application/json" id="temoin-config">${text}</script>\n</head></html>\n`,
    );
    const inPage = await temoinCheck(page);
    assert.equal(inPage.code, 1);
    assert.deepEqual(
      said(inPage.stdout),
      expected.map((line) => line.replace(/^\d+/, (n) => String(Number(n) + 3))),
      inPage.stdout,
    );
  });

  void it("locates a problem in a data-config attribute by the page's columns, a key written twice at the one JSON keeps, a missing field of the config at its start", async () => {
    const inline = `{"revision": 1, "categories": [{"id": "necessary", "required": true, "title": "N", "layot": 1}]}`;
    const tag = `<script src="/temoin/temoin.js" data-config='${inline}'></script>`;
    const oneLine = join(dir, 'one-line.html');
    await writeFile(oneLine, `<!doctype html>\n<html lang="fr"><head>\n${tag}\n</head></html>\n`);
    const one = await temoinCheck(oneLine);
    assert.match(
      one.stdout,
      new RegExp(`line 3, column ${tag.indexOf('"layot"') + 1}: categories\\[0\\]\\.layot is not`),
      one.stdout,
    );

    // The tag over two lines, its attribute on the second.
    const split = join(dir, 'split.html');
    await writeFile(
      split,
      `<!doctype html>\n<html lang="fr"><head>\n<script src="/temoin/temoin.js"\n  data-config='${inline}'></script>\n</head><body>${markup}</body></html>\n`,
    );
    const two = await temoinCheck(split);
    assert.match(
      two.stdout,
      new RegExp(`line 4, column ${`  data-config='${inline}`.indexOf('"layot"') + 1}: categories`),
      two.stdout,
    );
    // Its markup names categories an invalid config does not have: checked once the config is valid.
    assert.match(two.stdout, /^ {2}3 marked elements, checked once the config is valid$/m, two.stdout);
    assert.doesNotMatch(two.stdout, /data-category="videos"/);

    const twice = join(dir, 'twice.json');
    const categories = '"categories": [{ "id": "necessary", "required": true, "title": "N" }]';
    await writeFile(twice, `{\n  ${categories},\n  "layout": "bar",\n  "layout": "boxx"\n}\n`);
    const dup = await temoinCheck(twice);
    assert.match(dup.stdout, /line 4, column 3: layout must be one of bar, box, not "boxx"/, dup.stdout);
    assert.match(dup.stdout, /line 1, column 1: revision is missing/, dup.stdout);
  });

  void it('checks an HTML file: its config, and markup naming unknown categories or services, with their lines', async () => {
    const { code, stdout } = await temoinCheck(join(dir, 'index.html'));
    assert.equal(code, 1);
    // The config a page file names is a file under the page's folder, named by its path.
    assert.ok(stdout.includes(`config from ${join(dir, 'temoin', 'config.json')}\n`), stdout);
    assert.match(
      stdout,
      /index\.html:7: data-category="videos" is not a category of the config, so <iframe [^>]*> stays blocked for good; known: necessary, analytics, media/,
    );
    assert.match(
      stdout,
      /index\.html:8: data-service="pixel" is not a service of the config \(<img [^>]*>\); known: stats, youtube/,
    );
    assert.doesNotMatch(stdout, /data-service="(stats|youtube)" is not/, 'known services are not reported');
    assert.equal((await temoinCheck(join(dir, 'clean.html'))).code, 0);
  });

  void it('names unmarked markup that loads a host an optional service declares, and what to write instead', async () => {
    const config = valid();
    config.categories[0]!.services = [{ ...service, id: 'fonts', purpose: 'Polices', hosts: ['*.fonts.example'] }];
    await writeFile(join(dir, 'temoin/unmarked.json'), JSON.stringify(config));
    const body = [
      '<script src="https://stats.example/s.js"></script>',
      '<iframe src="https://www.youtube.com/embed/x" title="x"></iframe>',
      '<link rel="stylesheet" href="https://stats.example/s.css">',
      '<img src="https://cdn.fonts.example/f.png" alt="">',
      '<script src="/js/site.js"></script>',
      '<script src="https://elsewhere.example/e.js"></script>',
    ].join('\n');
    const file = join(dir, 'unmarked.html');
    await writeFile(file, page('data-config="/temoin/unmarked.json"', body));
    const { code, stdout } = await temoinCheck(file);
    assert.equal(code, 1, stdout);
    const problems = stdout.split('\n').filter((line) => line.startsWith('  ✗'));
    assert.deepEqual(problems, [
      `  ✗ ${file}:6: <script src="https://stats.example/s.js"> loads stats before consent: mark it type="text/plain" data-category="analytics" data-service="stats"`,
      `  ✗ ${file}:7: <iframe src="https://www.youtube.com/embed/x" title="x"> loads youtube before consent: mark it data-category="media" data-service="youtube" with data-src instead of src`,
    ]);
  });

  void it("names an unmarked Google map, an embed on a host another service holds, and how to mark it for the config's category", async () => {
    const config = valid();
    // reCAPTCHA, and a service of the site's own that holds the whole of www.google.com.
    const google = { ...service, id: 'google', name: 'Recherche', hosts: ['www.google.com'] };
    config.categories[0]!.services = [{ template: 'recaptcha', id: 'recaptcha' }, google];
    config.categories[2]!.services!.push({ template: 'google-maps', id: 'carte' });
    await writeFile(join(dir, 'temoin/maps.json'), JSON.stringify(config));
    const map = '<iframe src="https://www.google.com/maps/embed?pb=!1m18" title="Carte">';
    const body = `${map}</iframe>\n<script src="https://www.google.com/recaptcha/api.js"></script>`;
    const file = join(dir, 'maps.html');
    await writeFile(file, page('data-config="/temoin/maps.json"', body));
    const { code, stdout } = await temoinCheck(file);
    assert.equal(code, 1, stdout);
    assert.deepEqual(
      stdout.split('\n').filter((line) => line.startsWith('  ✗')),
      [
        `  ✗ ${file}:6: ${map} loads carte (Google Maps) before consent: mark it data-category="media" data-service="carte" with data-src instead of src`,
      ],
      "reCAPTCHA and www.google.com, required, may load; the map's template takes www.google.com/maps",
    );
    // A site that wrote the map's hosts itself, without its path on www.google.com.
    config.categories[2]!.services!.push({ ...config.categories[2]!.services!.pop()!, hosts: ['maps.googleapis.com'] });
    await writeFile(join(dir, 'temoin/maps.json'), JSON.stringify(config));
    assert.deepEqual(
      (await temoinCheck(file)).stdout.split('\n').filter((line) => line.startsWith('  ✗')),
      [
        `  ✗ ${file}:6: ${map} loads carte (Google Maps) before consent: add "www.google.com/maps" to its hosts, and mark it data-category="media" data-service="carte" with data-src instead of src`,
      ],
    );
    config.categories[2]!.services!.pop();
    const undeclared =
      /maps\.html:6: <iframe [^>]*> loads google-maps \(Google Maps\) before consent, and the config declares no service for it: add \{ "template": "google-maps", "id": "google-maps" \} to one of the config's optional categories \(analytics, media\) or a new one, then mark it data-category="<that category>" data-service="google-maps" with data-src instead of src/;
    await writeFile(join(dir, 'temoin/maps.json'), JSON.stringify(config));
    assert.match((await temoinCheck(file)).stdout, undeclared);
    // reCAPTCHA alone on www.google.com.
    config.categories[0]!.services.pop();
    await writeFile(join(dir, 'temoin/maps.json'), JSON.stringify(config));
    assert.match((await temoinCheck(file)).stdout, undeclared);
  });

  void it("leaves Google Charts' loader, unmarked on www.gstatic.com, out of reCAPTCHA's: its template holds its paths, not the hosts", async () => {
    const config = valid();
    config.categories.push({
      id: 'security',
      title: 'Sécurité',
      services: [{ template: 'recaptcha', id: 'recaptcha' }],
    });
    await writeFile(join(dir, 'temoin/charts.json'), JSON.stringify(config));
    const recaptcha = '<script src="https://www.google.com/recaptcha/api.js" async defer>';
    const body = `<script src="https://www.gstatic.com/charts/loader.js"></script>\n${recaptcha}</script>`;
    const file = join(dir, 'charts.html');
    await writeFile(file, page('data-config="/temoin/charts.json"', body));
    const { code, stdout } = await temoinCheck(file);
    assert.equal(code, 1, stdout);
    assert.deepEqual(
      stdout.split('\n').filter((line) => line.startsWith('  ✗')),
      [
        `  ✗ ${file}:7: ${recaptcha} loads recaptcha before consent: mark it type="text/plain" data-category="security" data-service="recaptcha"`,
      ],
    );
  });

  void it('names an unmarked X post or Instagram embed the config declares no service for, with the template to add', async () => {
    // As X's and Instagram's publish pages give them: a blockquote, then the script unmarked.
    const x = '<script async src="https://platform.twitter.com/widgets.js" charset="utf-8">';
    const instagram = '<script async src="//www.instagram.com/embed.js">';
    const body = `<blockquote class="twitter-tweet"></blockquote> ${x}</script>\n${instagram}</script>`;
    const file = join(dir, 'social.html');
    await writeFile(join(dir, 'temoin/social.json'), JSON.stringify(valid()));
    await writeFile(file, page('data-config="/temoin/social.json"', body));
    const { code, stdout } = await temoinCheck(file);
    assert.equal(code, 1, stdout);
    const then = (id: string) =>
      `to one of the config's optional categories (analytics, media) or a new one, then mark it type="text/plain" data-category="<that category>" data-service="${id}"`;
    assert.deepEqual(
      stdout.split('\n').filter((line) => line.startsWith('  ✗')),
      [
        `  ✗ ${file}:6: ${x} loads x (X (Twitter)) before consent, and the config declares no service for it: add { "template": "x", "id": "x" } ${then('x')}`,
        `  ✗ ${file}:7: ${instagram} loads instagram before consent, and the config declares no service for it: add { "template": "instagram", "id": "instagram" } ${then('instagram')}`,
      ],
    );
    // Declared from the templates, they are named by the config's services.
    const config = valid();
    config.categories[2]!.services!.push({ template: 'x', id: 'posts' }, { template: 'instagram', id: 'photos' });
    await writeFile(join(dir, 'temoin/social.json'), JSON.stringify(config));
    await writeFile(file, page('data-config="/temoin/social.json"', body));
    assert.deepEqual(
      (await temoinCheck(file)).stdout.split('\n').filter((line) => line.startsWith('  ✗')),
      [
        `  ✗ ${file}:6: ${x} loads posts (X (Twitter)) before consent: mark it type="text/plain" data-category="media" data-service="posts"`,
        `  ✗ ${file}:7: ${instagram} loads photos (Instagram) before consent: mark it type="text/plain" data-category="media" data-service="photos"`,
      ],
    );
  });

  void it("advises a button that opens the preference center in Meta's plugin divs, which no placeholder stands in for", async () => {
    // As Meta's page plugin code gives it: the SDK (marked), then the div it fills with a frame.
    const sdk =
      '<script type="text/plain" data-category="social" data-service="fb" src="https://connect.facebook.net/fr_CA/sdk.js#xfbml=1&version=v19.0"></script>';
    const div = '<div class="fb-page" data-href="https://www.facebook.com/ville" data-width="340">';
    const post = '<div class="fb-post" data-href="https://www.facebook.com/ville/posts/1">';
    const fallback =
      '<blockquote class="fb-xfbml-parse-ignore"><a href="https://www.facebook.com/ville">Ville</a></blockquote>';
    const config = valid();
    config.categories.push({
      id: 'social',
      title: 'Réseaux sociaux',
      services: [
        {
          ...service,
          id: 'fb',
          name: 'Facebook',
          hosts: ['connect.facebook.net/fr_CA/sdk.js', 'www.facebook.com/plugins'],
        },
      ],
    });
    await writeFile(join(dir, 'temoin/xfbml.json'), JSON.stringify(config));
    const file = join(dir, 'xfbml.html');
    const button = '<button type="button" data-temoin-open="social/fb">Afficher</button>';
    await writeFile(
      file,
      page(
        'data-config="/temoin/xfbml.json"',
        `${sdk}
${div}${fallback}</div>
${post}<p>${button}</p></div>`,
      ),
    );
    const { code, stdout } = await temoinCheck(file);
    assert.equal(code, 0, stdout);
    const advice = stdout.split('\n').filter((line) => line.includes("Meta's SDK"));
    assert.deepEqual(advice, [
      `  ${file}:7: ${div} stays empty while Meta's SDK waits for consent, and the visitor cannot allow it there: put inside it <button type="button" data-temoin-open="social/fb">Afficher le contenu Facebook</button>, which opens the preference center with the SDK's service switched on, fb (Facebook)'s`,
    ]);
  });

  void it("names an unmarked script of a page file given protocol-relative, as HubSpot's form snippet is", async () => {
    const config = valid();
    config.categories[1]!.services!.push({ template: 'hubspot-forms', id: 'forms' });
    await writeFile(join(dir, 'temoin/forms.json'), JSON.stringify(config));
    const forms = '<script charset="utf-8" type="text/javascript" src="//js.hsforms.net/forms/embed/v2.js">';
    const file = join(dir, 'forms.html');
    await writeFile(file, page('data-config="/temoin/forms.json"', `${forms}</script>`));
    const { code, stdout } = await temoinCheck(file);
    assert.equal(code, 1, stdout);
    assert.deepEqual(
      stdout.split('\n').filter((line) => line.startsWith('  ✗')),
      [
        `  ✗ ${file}:6: ${forms} loads forms (HubSpot Forms) before consent: mark it type="text/plain" data-category="analytics" data-service="forms"`,
      ],
    );
  });

  void it("names a vendor's inline loader pasted unmarked by the host its code writes, with the marking to add", async () => {
    // The vendors' snippets as test/fixtures/vendors/ holds them, their marks taken off: as pasted.
    const vendors = ['intercom', 'gtm', 'meta', 'hotjar', 'matomo', 'tiktok'];
    const snippets = vendors.flatMap((name) =>
      [
        ...readFileSync(join(root, `test/fixtures/vendors/${name}.html`), 'utf8').matchAll(
          /<script type="text\/plain" data-category="[^"]*" data-service="[^"]*">([\s\S]*?)<\/script>/g,
        ),
      ].map((m) => `<script>${m[1]}</script>`),
    );
    const quiet = [
      // Marked, data, a URL only in a comment, or one of no service: nothing to say.
      '<script type="text/plain" data-category="support" data-service="intercom">var s = "https://widget.intercom.io/widget/a";</script>',
      '<script type="application/ld+json">{ "sameAs": ["https://www.facebook.com/ville", "https://x.com/ville"] }</script>',
      "<script>// Hotjar: see https://static.hotjar.com/c/ for the docs\n/* or //connect.facebook.net */ var here = 'http://a.example/';</script>",
    ];
    const body = [...snippets, ...quiet].join('\n');
    const config = valid();
    config.categories[1]!.services!.push(
      { template: 'google-tag-manager', id: 'gtm' },
      { template: 'hotjar', id: 'hotjar' },
      { template: 'matomo', id: 'matomo' },
    );
    config.categories.push(
      {
        id: 'marketing',
        title: 'Publicité',
        services: [
          { template: 'meta-pixel', id: 'meta' },
          { template: 'tiktok-pixel', id: 'tiktok' },
        ],
      },
      { id: 'support', title: 'Clavardage', services: [{ template: 'intercom', id: 'intercom' }] },
    );
    await writeFile(join(dir, 'temoin/inline.json'), JSON.stringify(config));
    const file = join(dir, 'inline.html');
    await writeFile(file, page('data-config="/temoin/inline.json"', body));
    const { code, stdout } = await temoinCheck(file);
    assert.equal(code, 1, stdout);
    // Where each starts: the body's first line, after the lines of those before it.
    const lines = snippets.map((_, i) => 6 + snippets.slice(0, i).reduce((n, s) => n + s.split('\n').length, 0));
    const said = (i: number, host: string, category: string, id: string, name = '') =>
      `  ✗ ${file}:${lines[i]}: <script> (inline code naming ${host}) loads ${id}${name && ` (${name})`} before consent: mark it type="text/plain" data-category="${category}" data-service="${id}"`;
    assert.deepEqual(
      stdout.split('\n').filter((line) => line.startsWith('  ✗')),
      [
        // Intercom's settings name its API: marked too, they run as before, before the loader.
        said(0, 'api-iam.intercom.io', 'support', 'intercom'),
        said(1, 'widget.intercom.io', 'support', 'intercom'),
        said(2, 'www.googletagmanager.com', 'analytics', 'gtm', 'Google Tag Manager'),
        said(3, 'connect.facebook.net', 'marketing', 'meta', 'Meta Pixel'),
        said(4, 'static.hotjar.com', 'analytics', 'hotjar'),
        said(5, 'ville.matomo.cloud', 'analytics', 'matomo'),
        said(6, 'analytics.tiktok.com', 'marketing', 'tiktok', 'TikTok Pixel'),
      ],
    );
    assert.equal(snippets.length, 7);
  });

  void it('names an unmarked tracker of a template the config does not declare, inline or by src, and no host of the site, of its own CDN or no template knows', async () => {
    // The config has GA4 alone; the page pastes Hotjar's and LinkedIn's snippets and Meta's script unmarked.
    const snippet = (name: string) =>
      [
        ...readFileSync(join(root, `test/fixtures/vendors/${name}.html`), 'utf8').matchAll(
          /<script type="text\/plain" data-category="[^"]*" data-service="[^"]*">([\s\S]*?)<\/script>/g,
        ),
      ].map((m) => `<script>${m[1]!.trim().replaceAll('\n', ' ')}</script>`);
    const meta = '<script async src="https://connect.facebook.net/en_US/fbevents.js">';
    const body = [
      ...snippet('hotjar'),
      ...snippet('linkedin'),
      `${meta}</script>`,
      // No template knows it, reCAPTCHA is the site's to judge, the site's own host and its CDN.
      '<script src="https://cdn.jsdelivr.net/npm/lit@3/index.js"></script>',
      '<script src="https://www.google.com/recaptcha/api.js"></script>',
      '<script src="https://www.ville.example/js/site.js"></script>',
      '<img src="https://static.ville.example/logo.png" alt="">',
    ].join('\n');
    const config = valid();
    config.categories[1]!.services = [{ template: 'google-analytics-4', id: 'ga4' }];
    await writeFile(join(dir, 'temoin/trackers.json'), JSON.stringify(config));
    const file = join(dir, 'trackers.html');
    await writeFile(file, page('data-config="/temoin/trackers.json"', body));
    const { code, stdout } = await temoinCheck(file);
    assert.equal(code, 1, stdout);
    const add = (name: string, id: string) =>
      `loads ${name} before consent, and the config declares no service for it: add { "template": "${id}", "id": "${id}" } to one of the config's optional categories (analytics, media) or a new one, then mark it type="text/plain" data-category="<that category>" data-service="${id}"`;
    assert.deepEqual(
      stdout.split('\n').filter((line) => line.startsWith('  ✗')),
      [
        `  ✗ ${file}:6: <script> (inline code naming static.hotjar.com) ${add('hotjar', 'hotjar')}`,
        `  ✗ ${file}:8: <script> (inline code naming snap.licdn.com) ${add('linkedin-insight (LinkedIn Insight Tag)', 'linkedin-insight')}`,
        `  ✗ ${file}:9: ${meta} ${add('meta-pixel (Meta Pixel)', 'meta-pixel')}`,
      ],
    );
    // A service of the config named as its template's, with the host it lacks.
    config.categories[1]!.services.push({ ...service, id: 'heatmaps', name: 'Hotjar', hosts: ['script.hotjar.com'] });
    await writeFile(join(dir, 'temoin/trackers.json'), JSON.stringify(config));
    assert.match(
      (await temoinCheck(file)).stdout,
      /trackers\.html:6: <script> \(inline code naming static\.hotjar\.com\) loads heatmaps \(Hotjar\) before consent: add "hotjar\.com" to its hosts, and mark it type="text\/plain" data-category="analytics" data-service="heatmaps"/,
    );
    // A tracker's host on the site's own domain is the site's: HubSpot's pages load their own CDN.
    const own = join(dir, 'hubspot-own.html');
    const cdn =
      '<img src="https://53.fs1.hubspotusercontent-na1.net/x.png" alt=""><script src="https://static.hsappstatic.net/x.js"></script><img src="https://cdn2.hubspot.com/logo.png" alt="">';
    await writeFile(
      own,
      page('data-config="/temoin/trackers.json"', `<link rel="canonical" href="https://www.hubspot.com/fr">\n${cdn}`),
    );
    assert.deepEqual(
      (await temoinCheck(own)).stdout.split('\n').filter((line) => line.startsWith('  ✗')),
      [],
    );
  });

  void it("takes a page file's origin from --origin, else its canonical link, og:url or <base href>, and never names the site's own URLs", async () => {
    // The site's statistics on a host of its own domain, declared by the domain: a saved page's own
    // absolute URLs are on it too, but the browser never holds a page's own origin.
    const config = valid();
    config.categories[1]!.services = [{ ...service, hosts: ['ville.example'] }];
    await writeFile(join(dir, 'temoin/origin.json'), JSON.stringify(config));
    const own = '<script src="https://www.ville.example/js/site.js"></script>';
    const stats = '<script src="https://stats.ville.example/s.js">';
    const problems = async (head: string, ...flags: string[]) => {
      const file = join(dir, 'saved.html');
      await writeFile(file, page('data-config="/temoin/origin.json"', `${head}\n${own}\n${stats}</script>`));
      const { stdout } = await temoinCheck(file, ...flags);
      return stdout
        .split('\n')
        .filter((line) => line.startsWith('  ✗') || line.startsWith('  origin'))
        .map((line) => line.replace(`${file}:`, ''));
    };
    const statsSaid = `  ✗ 8: ${stats} loads stats before consent: mark it type="text/plain" data-category="analytics" data-service="stats"`;
    const itsOwn = (origin: string, from: string) => `  origin ${origin} (${from}): its URLs are the site's own`;
    assert.deepEqual(await problems('<link rel="canonical" href="https://www.ville.example/fr/accueil">'), [
      itsOwn('https://www.ville.example', `the page's <link rel="canonical">; --origin gives another`),
      statsSaid,
    ]);
    assert.deepEqual(
      await problems(
        '<base href="https://cdn.ville.example/"><meta property="og:url" content="https://www.ville.example/">',
      ),
      [itsOwn('https://www.ville.example', `the page's <meta property="og:url">; --origin gives another`), statsSaid],
    );
    assert.deepEqual(await problems('<base href="https://www.ville.example/fr/">'), [
      itsOwn('https://www.ville.example', `the page's <base href>; --origin gives another`),
      statsSaid,
    ]);
    assert.deepEqual(
      await problems('<link rel="canonical" href="https://autre.example/">', '--origin', 'https://www.ville.example'),
      [itsOwn('https://www.ville.example', '--origin'), statsSaid],
    );
    // Without one, its own URL is judged as another site's, and the note says how to give it.
    const unknown = await problems('<link rel="canonical" href="/accueil">');
    assert.equal(unknown.length, 3, unknown.join('\n'));
    assert.equal(
      unknown[0],
      `  origin unknown: the page states none (<link rel="canonical">, og:url, <base href>), so its own absolute URLs are judged as another site's; --origin https://… gives it`,
    );
    assert.match(unknown[1]!, /^ {2}✗ 7: <script src="https:\/\/www\.ville\.example\/js\/site\.js"> loads stats/);
    assert.equal(unknown[2], statsSaid);
    const bad = await temoinCheck(join(dir, 'saved.html'), '--origin', 'www.ville.example');
    assert.equal(bad.code, 2);
    assert.match(
      bad.stderr,
      /--origin takes the site's address, such as https:\/\/www\.ville\.example, not "www\.ville\.example"/,
    );
  });

  void it("notes that a Google Tag Manager container's tags need services of their own: a config with the tag manager alone passes", async () => {
    const config = valid();
    config.categories[1]!.services = [{ template: 'google-tag-manager', id: 'gtm' }];
    const file = join(dir, 'temoin/gtm-only.json');
    await writeFile(file, JSON.stringify(config));
    const { code, stdout } = await temoinCheck(file);
    assert.equal(code, 0, stdout);
    assert.match(
      stdout,
      /gtm \(Google Tag Manager\) loads the tags set in its container, which this check cannot see: declare each \(Google Analytics 4, Google Ads, Meta Pixel…\) as a service of its own/,
    );
    // With GA4 declared beside it (and YouTube, no tag, in media), it says which the config has (newcomer44).
    config.categories[1]!.services.push({ template: 'google-analytics-4', id: 'ga4' });
    await writeFile(file, JSON.stringify(config));
    const both = await temoinCheck(file);
    assert.equal(both.code, 0, both.stdout);
    assert.match(
      both.stdout,
      /declare each \(Google Analytics 4, Google Ads, Meta Pixel…\) \(the config declares ga4 \(Google Analytics 4\): any other\) as a service/,
    );
    // Services named by their ids, with the names the config gives them where those differ.
    config.categories[1]!.services = [
      { template: 'google-tag-manager', id: 'gtm', name: 'Balises de la Ville' },
      { template: 'google-analytics-4', id: 'ga4', name: 'Statistiques' },
    ];
    await writeFile(file, JSON.stringify(config));
    assert.match(
      (await temoinCheck(file)).stdout,
      /gtm \(Balises de la Ville\) loads the tags set in its container, .* \(the config declares ga4 \(Statistiques\): any other\)/,
    );
  });

  void it('notes a service written by hand that says nothing of thirdParty: visitors would be told it shares nothing', async () => {
    const config = valid();
    const { thirdParty: _, ...unsaid } = service;
    config.categories[1]!.services = [unsaid, { ...service, id: 'said', hosts: ['said.example'] }];
    const file = join(dir, 'temoin/third-party.json');
    await writeFile(file, JSON.stringify(config));
    const { code, stdout } = await temoinCheck(file);
    assert.equal(code, 0, stdout);
    assert.match(
      stdout,
      /stats says nothing of thirdParty, so visitors are told it shares nothing with third parties \(«\u00a0Communication à des tiers\u00a0: Non\u00a0», "Shared with third parties: No"\) and its receipts record false: give "thirdParty": true, false, or the names of those who receive its data/,
    );
    // Once: not for the service that says it, nor for the template's (YouTube), which says it for its vendor.
    assert.equal(stdout.match(/says nothing of thirdParty/g)?.length, 1, stdout);
    // By its id, with its name where the two differ.
    config.categories[1]!.services = [{ ...unsaid, id: 'visites', name: 'Mesure des visites' }];
    await writeFile(file, JSON.stringify(config));
    assert.match((await temoinCheck(file)).stdout, /visites \(Mesure des visites\) says nothing of thirdParty/);
  });

  void it('refuses an empty --origin, as any other that is not a site address, and with --seal', async () => {
    // A script's `--origin "$SITE"` with SITE unset must not check as if no origin were given.
    const file = join(dir, 'clean.html');
    const empty = await temoinCheck(file, '--origin', '');
    assert.equal(empty.code, 2, empty.stdout);
    assert.match(empty.stderr, /--origin takes the site's address, such as https:\/\/www\.ville\.example, not ""/);
    const sealing = await temoinCheck(
      join(dir, 'temoin/config.json'),
      '--seal',
      join(dir, 'never.json'),
      '--origin',
      '',
    );
    assert.equal(sealing.code, 2, sealing.stdout);
    assert.match(sealing.stderr, /--origin is for an HTML page, and --seal takes a config file: use one/);
  });

  // Found in review (review43b): a tracker's template that takes its vendor's whole site; advice a service does not need.
  const social = async (name: string, body: string, config: Config) => {
    await writeFile(join(dir, `temoin/${name}.json`), JSON.stringify(config));
    const file = join(dir, `${name}.html`);
    await writeFile(
      file,
      page(`data-config="/temoin/${name}.json"`, `<link rel="canonical" href="https://www.ville.example/">\n${body}`),
    );
    return (await temoinCheck(file)).stdout.split('\n').filter((line) => line.startsWith('  ✗'));
  };
  const ga4Only = () => {
    const config = valid();
    config.categories[1]!.services = [{ template: 'google-analytics-4', id: 'ga4' }];
    return config;
  };

  /** GA4, and Meta's and LinkedIn's pixels for advertising. */
  const withPixels = () => {
    const config = ga4Only();
    config.categories.push({
      id: 'marketing',
      title: 'Publicité',
      services: [
        { template: 'meta-pixel', id: 'meta' },
        { template: 'linkedin-insight', id: 'linkedin' },
      ],
    });
    return config;
  };

  void it('names no tracker for a share link or a profile URL that inline code writes (they load nothing)', async () => {
    const body = [
      '<script>var partage = "https://www.facebook.com/sharer/sharer.php?u=" + encodeURIComponent(location.href);</script>',
      '<script>var theme = {"social":{"linkedin":"https:\\/\\/www.linkedin.com\\/company\\/ville","tiktok":"https:\\/\\/www.tiktok.com\\/@ville"}};</script>',
    ].join('\n');
    assert.deepEqual(await social('share', body, ga4Only()), []);
    // A loader on a vendor's own site still is one: Microsoft Clarity's, Google Ads' conversion.js.
    const loaders = [
      '<script>(function(c,l,a,r,i,t,y){t=l.createElement(r);t.async=1;t.src="https://www.clarity.ms/tag/"+i;y=l.getElementsByTagName(r)[0];y.parentNode.insertBefore(t,y);})(window,document,"clarity","script","abc");</script>',
      '<script>var s=document.createElement("script");s.src="https://www.googleadservices.com/pagead/conversion.js";document.head.append(s);</script>',
    ].join('\n');
    const named = await social('loaders', loaders, ga4Only());
    assert.equal(named.length, 2, named.join('\n'));
    assert.match(named[0]!, /loads microsoft-clarity \(Microsoft Clarity\) before consent/);
    assert.match(named[1]!, /loads google-ads \(Google Ads\) before consent/);
  });

  void it("names a Facebook page plugin or a LinkedIn post frame as an embed to declare by its path, not as the site's pixel, declared or not", async () => {
    const body = [
      '<iframe src="https://www.facebook.com/plugins/page.php?href=https%3A%2F%2Fwww.facebook.com%2Fville&tabs=timeline"></iframe>',
      '<iframe src="https://www.linkedin.com/embed/feed/update/urn:li:share:123"></iframe>',
      '<iframe src="https://www.facebook.com/v19.0/plugins/video.php?href=x"></iframe>',
    ].join('\n');
    const declare = (host: string, tracker: string, entry: string) =>
      `loads ${host}, which is not ${tracker}, before consent, and the config declares no service for it: declare one whose hosts include "${entry}" (who runs it, why, its cookies) in an optional category, then mark it data-category="<that category>" data-service="<that service>" with data-src instead of src`;
    const expected = (meta: string, linkedin: string) => [
      declare('www.facebook.com', meta, 'www.facebook.com/plugins'),
      declare('www.linkedin.com', linkedin, 'www.linkedin.com/embed'),
      declare('www.facebook.com', meta, 'www.facebook.com/v19.0/plugins'),
    ];
    const frames = (said: string[]) => said.map((line) => line.replace(/^ {2}✗ .*?:\d+: <iframe[^>]*> /, ''));
    assert.deepEqual(frames(await social('plugins', body, ga4Only())), expected('Meta Pixel', 'LinkedIn Insight Tag'));
    // The pixels declared: the frames were named as theirs (marked so, they waited for advertising);
    // the pixels are named by the config's ids.
    const pixels = withPixels();
    assert.deepEqual(
      frames(await social('plugins-pixels', body, pixels)),
      expected('meta (Meta Pixel)', 'linkedin (LinkedIn Insight Tag)'),
    );
    // The advice followed: each frame is its service's alone.
    pixels.categories.push({
      id: 'social',
      title: 'Réseaux sociaux',
      services: [
        {
          ...service,
          id: 'fb',
          name: 'Facebook',
          hosts: ['www.facebook.com/plugins', 'www.facebook.com/v19.0/plugins'],
        },
        { ...service, id: 'li', name: 'LinkedIn', hosts: ['www.linkedin.com/embed'] },
      ],
    });
    assert.deepEqual(
      frames(await social('plugins-own', body, pixels)).map((line) => line.replace(/: mark it .*/, '')),
      [
        'loads fb (Facebook) before consent',
        'loads li (LinkedIn) before consent',
        'loads fb (Facebook) before consent',
      ],
    );
  });

  // Session 44: a vendor's other loaders named as its tracker, and Google's tag by its id.
  void it("names Meta's SDK and LinkedIn's plugins as content to declare by the paths of all they load, not as their pixels, declared or not", async () => {
    const sdk =
      '<script async defer crossorigin="anonymous" src="https://connect.facebook.net/fr_CA/sdk.js#xfbml=1&version=v19.0">';
    const inJs = '<script src="https://platform.linkedin.com/in.js" type="text/javascript">';
    const body = [sdk, inJs, '<script async src="https://connect.facebook.net/en_US/fbevents.js">']
      .map((tag) => `${tag}</script>`)
      .join('\n');
    const sdkEntries = [
      'connect.facebook.net/fr_CA/sdk.js',
      'www.facebook.com/v19.0/plugins',
      'www.facebook.com/plugins',
      'www.facebook.com/x/oauth',
    ];
    const inEntries = ['platform.linkedin.com/in.js', 'platform.linkedin.com/js', 'www.linkedin.com/pages-extensions'];
    const list = (entries: string[]) => entries.map((e) => `"${e}"`).join(', ');
    const why = (tracker: string) =>
      `; those are the SDK and the frames and requests it adds, by path: a host alone would also wait for consent to ${tracker}`;
    const declare = (loader: string, tracker: string, entries: string[]) =>
      `loads ${loader}, which is not ${tracker}, before consent, and the config declares no service for it: declare one whose hosts include ${list(entries)} (who runs it, why, its cookies) in an optional category, then mark it type="text/plain" data-category="<that category>" data-service="<that service>"${why(tracker)}`;
    const locales =
      '; if other pages of the site load the SDK in another locale, such as connect.facebook.net/en_US/sdk.js, add that path too';
    const pixels = withPixels();
    const strip = (said: string[]) => said.map((line) => line.replace(/^ {2}✗ .*?:\d+: <script[^>]*> /, ''));
    for (const [name, config, meta, linkedin] of [
      ['sdk', ga4Only(), 'Meta Pixel', 'LinkedIn Insight Tag'],
      ['sdk-pixels', pixels, 'meta (Meta Pixel)', 'linkedin (LinkedIn Insight Tag)'],
    ] as const) {
      const said = strip(await social(name, body, config));
      assert.equal(said[0], declare('connect.facebook.net/fr_CA/sdk.js', meta, sdkEntries) + locales);
      assert.equal(said[1], declare('platform.linkedin.com/in.js', linkedin, inEntries));
      // The pixel's own loader is still the pixel.
      assert.match(
        said[2]!,
        name == 'sdk'
          ? /loads meta-pixel \(Meta Pixel\) before consent/
          : /loads meta \(Meta Pixel\) before consent: mark it/,
      );
      assert.equal(said.length, 3, said.join('\n'));
    }
    // The advice applied as written: the hosts it lists, in a service of their own.
    const advised = (line: string) => JSON.parse(`[${/hosts include (.*?) \(who runs it/.exec(line)![1]}]`) as string[];
    const [sdkSaid, inSaid] = strip(await social('sdk-advice', body, pixels));
    const social_ = {
      id: 'social',
      title: 'Réseaux sociaux',
      services: [
        { ...service, id: 'fb', name: 'Facebook', hosts: advised(sdkSaid!) },
        { ...service, id: 'li', name: 'LinkedIn', hosts: advised(inSaid!) },
      ],
    };
    pixels.categories.push(social_);
    const mark = (id: string) => `mark it type="text/plain" data-category="social" data-service="${id}"`;
    assert.deepEqual(strip(await social('sdk-applied', body, pixels)).slice(0, 2), [
      `loads fb (Facebook) before consent: ${mark('fb')}`,
      `loads li (LinkedIn) before consent: ${mark('li')}`,
    ]);
    // The English pages load the SDK in their locale, FB.init naming the version: one entry more, in the same service.
    const english = '<script async src="https://connect.facebook.net/en_US/sdk.js"></script>';
    assert.deepEqual(strip(await social('sdk-english', english, pixels)), [
      `loads fb (Facebook) before consent: add "connect.facebook.net/en_US/sdk.js" to its hosts, and ${mark('fb')}${why('meta (Meta Pixel)')}${locales.replace('en_US', 'fr_CA')}`,
    ]);
    // Without a service for it yet, the version FB.init names is the editor's to write.
    assert.match(
      strip(await social('sdk-english-alone', english, ga4Only()))[0]!,
      /hosts include "connect\.facebook\.net\/en_US\/sdk\.js", "www\.facebook\.com\/<version>\/plugins", .*; <version> is the version the site's FB\.init\(\{ version \}\) names, such as v19\.0 \(the SDK's URL names none, and no inline script of the page calls FB\.init with one\), under which the SDK loads its plugins' frames;/,
    );
    // A service that declares the SDK alone (as check advised before): its frames waited for the pixel's consent.
    social_.services[0]!.hosts = ['connect.facebook.net/fr_CA/sdk.js'];
    assert.equal(
      strip(await social('sdk-own', body, pixels))[0],
      `loads fb (Facebook) before consent: add "www.facebook.com/v19.0/plugins", "www.facebook.com/plugins", "www.facebook.com/x/oauth" to its hosts, and ${mark('fb')}${why('meta (Meta Pixel)')}`,
    );
    // The same, the SDK marked for it: released on its consent, the SDK's frames still waited for the pixel's.
    const marked = `${sdk.replace('<script ', `<script type="text/plain" data-category="social" data-service="fb" `)}</script>`;
    const markedSaid = await social('sdk-marked', marked, pixels);
    assert.equal(markedSaid.length, 1, markedSaid.join('\n'));
    assert.equal(
      markedSaid[0]!.replace(/^ {2}✗ .*?:\d+: /, ''),
      `${marked.replace('</script>', '')} is marked for fb (Facebook), whose hosts lack "www.facebook.com/v19.0/plugins", "www.facebook.com/plugins", "www.facebook.com/x/oauth": add them to its hosts${why('meta (Meta Pixel)')}`,
    );
    // Its hosts as advised: nothing to say; without the pixel, nothing holds what it loads.
    social_.services[0]!.hosts = sdkEntries;
    assert.deepEqual(await social('sdk-marked-advised', marked, pixels), []);
    // The English page's SDK marked for it too: its locale's entry is the one to add, and the
    // other locale named as the example is French, not the page's own.
    const markedEnglish = marked.replace('fr_CA', 'en_US');
    assert.deepEqual(
      (await social('sdk-marked-english', markedEnglish, pixels)).map((l) => l.replace(/^ {2}✗ .*?:\d+: /, '')),
      [
        `${markedEnglish.replace('</script>', '')} is marked for fb (Facebook), whose hosts lack "connect.facebook.net/en_US/sdk.js": add it to its hosts${why('meta (Meta Pixel)')}${locales.replace('en_US', 'fr_CA')}`,
      ],
    );
    social_.services[0]!.hosts = ['connect.facebook.net/fr_CA/sdk.js'];
    const alone = ga4Only();
    alone.categories.push(social_);
    assert.deepEqual(await social('sdk-marked-alone', marked, alone), []);
  });

  /** A social category with the config's services for Meta's and LinkedIn's content, taking `fb` and `li`. */
  const socialWith = (config: Config, fb: string[], li: string[]) => {
    config.categories.push({
      id: 'social',
      title: 'Réseaux sociaux',
      services: [
        { ...service, id: 'fb', name: 'Facebook', hosts: fb },
        { ...service, id: 'li', name: 'LinkedIn', hosts: li },
      ],
    });
    return config;
  };
  /** All Meta's French SDK loads, its frames under `version`: what check advises for it. */
  const sdkHeld = (version: string) => [
    'connect.facebook.net/fr_CA/sdk.js',
    `www.facebook.com/${version}/plugins`,
    'www.facebook.com/plugins',
    'www.facebook.com/x/oauth',
  ];
  const problemsOf = (said: string[]) => said.map((line) => line.replace(/^ {2}✗ .*?:\d+: <[^>]*> /, ''));

  void it("names a vendor's frame for the config's service for that vendor's content (its SDK), never a second service to declare", async () => {
    const body = [
      '<iframe src="https://www.facebook.com/plugins/page.php?href=x"></iframe>',
      '<iframe src="https://www.facebook.com/v18.0/plugins/video.php?href=x"></iframe>',
      '<iframe src="https://www.linkedin.com/embed/feed/update/urn:li:share:1"></iframe>',
    ].join('\n');
    const sdkOnly = ['connect.facebook.net/fr_CA/sdk.js', 'www.facebook.com/v19.0/plugins'];
    const inJs = ['platform.linkedin.com/in.js', 'platform.linkedin.com/js', 'www.linkedin.com/pages-extensions'];
    const add = (id: string, entry: string, tracker: string) =>
      `loads ${id} before consent, which does not hold it by its path: add "${entry}" to its hosts, and mark it data-category="social" data-service="${id.split(' ')[0]}" with data-src instead of src; a host alone would also wait for consent to ${tracker}`;
    assert.deepEqual(problemsOf(await social('frames-own', body, socialWith(withPixels(), sdkOnly, inJs))), [
      add('fb (Facebook)', 'www.facebook.com/plugins', 'meta (Meta Pixel)'),
      add('fb (Facebook)', 'www.facebook.com/v18.0/plugins', 'meta (Meta Pixel)'),
      add('li (LinkedIn)', 'www.linkedin.com/embed', 'linkedin (LinkedIn Insight Tag)'),
    ]);
    // Without the pixels, the same services, the vendors' trackers named by their templates.
    assert.deepEqual(problemsOf(await social('frames-own-alone', body, socialWith(ga4Only(), sdkOnly, inJs))), [
      add('fb (Facebook)', 'www.facebook.com/plugins', 'Meta Pixel'),
      add('fb (Facebook)', 'www.facebook.com/v18.0/plugins', 'Meta Pixel'),
      add('li (LinkedIn)', 'www.linkedin.com/embed', 'LinkedIn Insight Tag'),
    ]);
    // The service in a category that needs no consent: the path alone, no marking.
    const required = socialWith(withPixels(), sdkOnly, inJs);
    required.categories.at(-1)!.required = true;
    assert.deepEqual(problemsOf(await social('frames-own-required', body.split('\n')[0]!, required)), [
      'is taken for meta (Meta Pixel), whose template holds www.facebook.com whole: fb (Facebook) (in social, which needs no consent) does not hold it by its path; add "www.facebook.com/plugins" to its hosts',
    ]);
    // The advice followed: marking each is all that is left.
    const followed = socialWith(
      withPixels(),
      [...sdkOnly, 'www.facebook.com/plugins', 'www.facebook.com/v18.0/plugins'],
      [...inJs, 'www.linkedin.com/embed'],
    );
    assert.deepEqual(
      problemsOf(await social('frames-own-followed', body, followed)).map((line) => line.replace(/: mark it .*/, '')),
      [
        'loads fb (Facebook) before consent',
        'loads fb (Facebook) before consent',
        'loads li (LinkedIn) before consent',
      ],
    );
    // The pixel's own loader, the config holding Meta's SDK alone: the pixel's template to add, not
    // the pixel's host to add to the SDK's service (which would hold the pixel on social consent).
    const pixel = '<script async src="https://connect.facebook.net/en_US/fbevents.js"></script>';
    assert.match(
      problemsOf(await social('pixel-beside-sdk', pixel, socialWith(ga4Only(), sdkOnly, inJs)))[0]!,
      /^loads meta-pixel \(Meta Pixel\) before consent, and the config declares no service for it: add \{ "template": "meta-pixel"/,
    );
  });

  void it("takes the version of Meta's SDK that the page's FB.init names, and says what a version it cannot see depends on", async () => {
    const init =
      '<script type="text/plain" data-category="social" data-service="fb">window.fbAsyncInit = function () { FB.init({ appId: "1", xfbml: true, version: "v18.0" }); };</script>';
    const sdk = '<script async src="https://connect.facebook.net/fr_CA/sdk.js"></script>';
    const config = socialWith(withPixels(), sdkHeld('v19.0'), ['platform.linkedin.com/in.js']);
    // FB.init names v18.0: the frames load under www.facebook.com/v18.0/plugins, which fb lacks.
    assert.deepEqual(problemsOf(await social('sdk-init', `${init}\n${sdk}`, config)), [
      `loads fb (Facebook) before consent: add "www.facebook.com/v18.0/plugins" to its hosts, and mark it type="text/plain" data-category="social" data-service="fb"; those are the SDK and the frames and requests it adds, by path: a host alone would also wait for consent to meta (Meta Pixel); v18.0 is the version the page's FB.init({ version }) names, under which the SDK loads its plugins' frames`,
    ]);
    // The SDK marked for fb: the same entry missing, where any held version passed before.
    const marked = sdk.replace('<script ', '<script type="text/plain" data-category="social" data-service="fb" ');
    assert.deepEqual(problemsOf(await social('sdk-init-marked', `${init}\n${marked}`, config)), [
      `is marked for fb (Facebook), whose hosts lack "www.facebook.com/v18.0/plugins": add it to its hosts; those are the SDK and the frames and requests it adds, by path: a host alone would also wait for consent to meta (Meta Pixel); v18.0 is the version the page's FB.init({ version }) names, under which the SDK loads its plugins' frames`,
    ]);
    // No FB.init in the page (a script file of the site's calls it): no problem, and a note of the
    // version fb holds, which FB.init must name.
    await writeFile(join(dir, 'temoin/sdk-unseen.json'), JSON.stringify(config));
    await writeFile(join(dir, 'sdk-unseen.html'), page('data-config="/temoin/sdk-unseen.json"', marked));
    const unseen = await temoinCheck(join(dir, 'sdk-unseen.html'));
    assert.equal(unseen.code, 0, unseen.stdout);
    assert.ok(
      unseen.stdout.includes(
        `names no version, and no inline script of the page calls FB.init({ version }): the SDK loads its plugins' frames under the version the site's FB.init names, and fb (Facebook) holds "www.facebook.com/v19.0/plugins", so its frames load on its consent only if FB.init names v19.0; else add www.facebook.com/<that version>/plugins to its hosts`,
      ),
      unseen.stdout,
    );
  });

  void it("never names the pixel's own service for a vendor's frame, though it holds the vendor's SDK too", async () => {
    // One service for all of Meta's: the pixel, its SDK added to its hosts.
    const config = ga4Only();
    config.categories.push({
      id: 'marketing',
      title: 'Publicité',
      services: [
        {
          template: 'meta-pixel',
          id: 'meta',
          hosts: ['connect.facebook.net', 'www.facebook.com', 'connect.facebook.net/fr_CA/sdk.js'],
        },
      ],
    });
    const frame = '<iframe src="https://www.facebook.com/plugins/page.php?href=x"></iframe>';
    // Added to the pixel's hosts, the page plugin would wait for advertising consent: a service of its own.
    assert.deepEqual(problemsOf(await social('frame-beside-mixed-pixel', frame, config)), [
      `loads www.facebook.com, which is not Meta Pixel, before consent, and the config declares no service for it: declare one whose hosts include "www.facebook.com/plugins" (who runs it, why, its cookies) in an optional category, then mark it data-category="<that category>" data-service="<that service>" with data-src instead of src`,
    ]);
  });

  void it("reads FB.init's version as the page's code runs it: not from a comment, and with its key quoted", async () => {
    const sdk = '<script async src="https://connect.facebook.net/fr_CA/sdk.js"></script>';
    const config = socialWith(withPixels(), sdkHeld('v18.0'), ['platform.linkedin.com/in.js']);
    const inits = [
      // An older snippet left commented out above the one that runs.
      "// FB.init({ appId: '1', version: 'v2.5' });\nwindow.fbAsyncInit = function () { FB.init({ appId: '1', xfbml: true, version: 'v18.0' }); };",
      "/* FB.init({ version: 'v2.5' }) */ window.fbAsyncInit = function () { FB.init({ appId: '1', xfbml: true, version: 'v18.0' }); };",
      'window.fbAsyncInit = function () { FB.init({ "appId": "1", "xfbml": true, "version": "v18.0" }); };',
    ];
    for (const [i, code] of inits.entries()) {
      const marked = `<script type="text/plain" data-category="social" data-service="fb">${code}</script>`;
      const said = await social(`sdk-init-read-${i}`, `${marked}\n${sdk}`, config);
      // fb holds v18.0's plugins, as FB.init names: marking the SDK is all that is left.
      assert.deepEqual(
        problemsOf(said).map((line) => line.replace(/: mark it .*/, '')),
        ['loads fb (Facebook) before consent'],
        code,
      );
    }
  });

  void it("names gtag.js for an AW- id as Google Ads', not GA4, whatever the config declares", async () => {
    const tag = '<script async src="https://www.googletagmanager.com/gtag/js?id=AW-123"></script>';
    const ads = (config: Config, id = 'ads') => {
      config.categories.push({ id: 'marketing', title: 'Publicité', services: [{ template: 'google-ads', id }] });
      return config;
    };
    const adsOnly = valid();
    adsOnly.categories = adsOnly.categories.filter((c) => c.id != 'analytics');
    const mark = 'mark it type="text/plain" data-category="marketing" data-service="ads"';
    assert.match(
      (await social('aw-ga4', tag, ga4Only()))[0]!,
      /loads google-ads \(Google Ads\) before consent, and the config declares no service for it: add \{ "template": "google-ads", "id": "google-ads" \}/,
    );
    assert.deepEqual(
      (await social('aw-both', tag, ads(ga4Only()))).map((line) =>
        line.replace(/^.*?<\/script>|^ {2}✗ .*?:\d+: <script[^>]*> /, ''),
      ),
      [
        `loads ads (Google Ads) before consent (gtag.js for AW-… is Google Ads' tag): ${mark}; ga4 (Google Analytics 4) holds "googletagmanager.com/gtag" too, so it loads once both are granted`,
      ],
    );
    assert.deepEqual(
      (await social('aw-ads', tag, ads(adsOnly))).map((line) => line.replace(/^ {2}✗ .*?:\d+: <script[^>]*> /, '')),
      [`loads ads (Google Ads) before consent (gtag.js for AW-… is Google Ads' tag): ${mark}`],
    );
    // A G- id is GA4's still.
    assert.match(
      (await social('g-both', tag.replace('AW-', 'G-'), ads(ga4Only())))[0]!,
      /loads ga4 \(Google Analytics 4\) before consent: mark it type="text\/plain" data-category="analytics" data-service="ga4"$/,
    );
  });

  void it("takes the site's own host by http or https: a canonical link in http:// on a page served in https, and the reverse", async () => {
    const config = valid();
    config.categories[1]!.services = [{ ...service, hosts: ['ville.example'] }];
    await writeFile(join(dir, 'temoin/schemes.json'), JSON.stringify(config));
    const problems = async (canonical: string, own: string) => {
      const file = join(dir, 'schemes.html');
      await writeFile(
        file,
        page(
          'data-config="/temoin/schemes.json"',
          `<link rel="canonical" href="${canonical}">\n<script src="${own}"></script>`,
        ),
      );
      return (await temoinCheck(file)).stdout.split('\n').filter((line) => line.startsWith('  ✗'));
    };
    assert.deepEqual(await problems('http://www.ville.example/', 'https://www.ville.example/js/site.js'), []);
    assert.deepEqual(await problems('https://www.ville.example/', 'http://www.ville.example/js/site.js'), []);
    // Another host of the domain is another origin still.
    assert.equal((await problems('http://www.ville.example/', 'https://stats.ville.example/s.js')).length, 1);
    // A live page served in http, its own URLs written in https.
    const live = valid();
    live.categories[1]!.services = [{ ...service, hosts: ['127.0.0.1'] }];
    let address = '';
    const [server, url] = await serve((path) =>
      path == '/temoin/config.json'
        ? JSON.stringify(live)
        : path == '/'
          ? page(
              'data-config="/temoin/config.json"',
              `<script src="${address.replace('http:', 'https:')}/js/site.js"></script>`,
            )
          : undefined,
    );
    address = url;
    try {
      const { code, stdout } = await temoinCheck(`${url}/`);
      assert.equal(code, 0, stdout);
    } finally {
      server.close();
    }
  });

  void it("resolves a live page's relative URLs against its <base href>, as the browser does", async () => {
    // The page on one origin, its <base href> on another (a CDN), where its config and scripts are.
    const config = valid();
    config.categories[1]!.services = [{ ...service, hosts: ['127.0.0.1'] }];
    const [cdn, cdnUrl] = await serve((path) =>
      path == '/assets/temoin/config.json' ? JSON.stringify(config) : undefined,
    );
    const [pages, pagesUrl] = await serve((path) =>
      path == '/'
        ? `<!doctype html>\n<html lang="fr"><head>\n<base href="${cdnUrl}/assets/">\n<script src="js/early.js"></script>\n<script src="temoin/temoin.js" data-config="temoin/config.json"></script>\n</head>\n<body>\n<script src="js/stats.js"></script>\n</body></html>\n`
        : undefined,
    );
    try {
      const { code, stdout } = await temoinCheck(`${pagesUrl}/`);
      assert.equal(code, 1, stdout);
      assert.ok(stdout.includes(`config from ${cdnUrl}/assets/temoin/config.json`), stdout);
      assert.ok(
        stdout.includes(
          `  ✗ ${pagesUrl}/:8: <script src="js/stats.js"> loads stats before consent: mark it type="text/plain" data-category="analytics" data-service="stats"`,
        ),
        stdout,
      );
      // A script before Témoin's, from the base's origin, is another origin's.
      assert.ok(
        stdout.includes(`  ✗ ${pagesUrl}/:5: the Témoin script comes after <script src="js/early.js"> (line 4)`),
        stdout,
      );
    } finally {
      cdn.close();
      pages.close();
    }
  });

  void it("resolves only what comes after a <base href> against it: the Témoin script, first in <head>, and its config are the page's", async () => {
    // The stats service declares the CDN's host (localhost, never asked for anything); the page is on 127.0.0.1.
    const config = valid();
    config.categories[1]!.services = [{ ...service, hosts: ['localhost'] }];
    const [cdn, cdnUrl] = await serve(() => undefined);
    const [pages, pagesUrl] = await serve((path) =>
      path == '/temoin/config.json'
        ? JSON.stringify(config)
        : path == '/'
          ? `<!doctype html>\n<html lang="fr"><head>\n<script src="/temoin/temoin.js" data-config="/temoin/config.json"></script>\n<script src="js/site.js"></script>\n<base href="${cdnUrl.replace('127.0.0.1', 'localhost')}/assets/">\n</head>\n<body>\n<script src="js/stats.js"></script>\n</body></html>\n`
          : undefined,
    );
    const page = pagesUrl;
    try {
      const { stdout } = await temoinCheck(`${page}/`);
      assert.ok(stdout.includes(`config from ${page}/temoin/config.json`), stdout);
      assert.deepEqual(
        stdout.split('\n').filter((line) => line.startsWith('  ✗')),
        [
          `  ✗ ${page}/:8: <script src="js/stats.js"> loads stats before consent: mark it type="text/plain" data-category="analytics" data-service="stats"`,
        ],
      );
    } finally {
      cdn.close();
      pages.close();
    }
  });

  void it("says that an embed in a <template> loads once the page's code puts it in the page, and notes one Témoin holds then", async () => {
    const body = [
      '<template id="video"><iframe src="https://www.youtube.com/embed/x"></iframe></template>',
      '<template id="map"><div><iframe src="https://www.google.com/maps/embed?pb=1"></iframe></div></template>',
    ].join('\n');
    const file = join(dir, 'templates.html');
    await writeFile(file, page('data-config="/temoin/config.json"', body));
    // Nor does a script in a <template> before the Témoin script run as the page is parsed.
    const early = join(dir, 'template-early.html');
    await writeFile(
      early,
      page('data-config="/temoin/config.json"').replace(
        '<head>\n',
        '<head>\n<template><script src="https://cdn.example/x.js"></script></template>\n',
      ),
    );
    const order = await temoinCheck(early);
    assert.equal(order.code, 0, order.stdout);
    const { code, stdout } = await temoinCheck(file);
    assert.equal(code, 1, stdout);
    const lines = stdout.split('\n').map((line) => line.replace(`${file}:`, ''));
    // YouTube is declared (media): its host is held when the copy is put in.
    assert.ok(
      lines.includes(
        '  6: <iframe src="https://www.youtube.com/embed/x"> is in a <template>: when the page\'s code puts it in the page, Témoin holds it for youtube, which declares its host',
      ),
      stdout,
    );
    assert.deepEqual(
      lines.filter((line) => line.startsWith('  ✗')),
      [
        '  ✗ 7: <iframe src="https://www.google.com/maps/embed?pb=1"> (in a <template>: it loads once the page\'s code puts it in the page) loads google-maps (Google Maps) before consent, and the config declares no service for it: add { "template": "google-maps", "id": "google-maps" } to one of the config\'s optional categories (analytics, media) or a new one, then mark it data-category="<that category>" data-service="google-maps" with data-src instead of src',
      ],
    );
  });

  // Review 44b: a template parsed before the Témoin script is marked as the blocker starts
  // (test/core/template-early.test.ts shows it in Chromium): the note holds wherever it stands.
  void it('notes what a <template> before the Témoin script loads from a declared host: the blocker holds it too', async () => {
    const file = join(dir, 'template-before.html');
    await writeFile(
      file,
      page('data-config="/temoin/config.json"').replace(
        '<head>\n',
        '<head>\n<template><iframe src="https://www.youtube.com/embed/x"></iframe></template>\n',
      ),
    );
    const { code, stdout } = await temoinCheck(file);
    assert.equal(code, 0, stdout);
    assert.match(stdout, /is in a <template>: when the page's code puts it in the page, Témoin holds it for youtube/);
  });

  void it('names unmarked markup in a declarative shadow root (<template shadowrootmode>): the parser attaches it, live, and it loads', async () => {
    const file = join(dir, 'shadow-root.html');
    await writeFile(
      file,
      page(
        'data-config="/temoin/config.json"',
        '<div><template shadowrootmode="open"><iframe src="https://www.youtube.com/embed/x"></iframe></template></div>\n' +
          '<template><div><template shadowrootmode="closed"><iframe src="https://www.youtube.com/embed/y"></iframe></template></div></template>',
      ),
    );
    const { code, stdout } = await temoinCheck(file);
    assert.equal(code, 1, stdout);
    const lines = stdout.split('\n').map((line) => line.replace(`${file}:`, ''));
    assert.ok(
      lines.includes(
        '  ✗ 6: <iframe src="https://www.youtube.com/embed/x"> loads youtube before consent: mark it data-category="media" data-service="youtube" with data-src instead of src',
      ),
      stdout,
    );
    // One in a template's content is as inert as the rest of it.
    assert.ok(
      lines.some((line) => line.startsWith('  7: <iframe src="https://www.youtube.com/embed/y"> is in a <template>')),
      stdout,
    );
  });

  void it('says only "mark it" when the service of the config that holds a URL is already the one named', async () => {
    const config = valid();
    config.categories[1]!.services = [
      { ...service, name: 'Statistiques Google', hosts: ['google-analytics.com', 'googletagmanager.com'] },
    ];
    const said = await social(
      'hand',
      '<script async src="https://www.googletagmanager.com/gtag/js?id=G-X"></script>',
      config,
    );
    assert.equal(said.length, 1, said.join('\n'));
    assert.doesNotMatch(said[0]!, /add "/);
    assert.match(
      said[0]!,
      /loads stats \(Statistiques Google\) before consent: mark it type="text\/plain" data-category="analytics" data-service="stats"/,
    );
  });

  void it('judges a live page from where it lands, redirects followed: its own URLs are not named', async () => {
    // The page moves to another port (another origin), on a host the config declares, as a site
    // may declare a host of its own: once there, the page's own script is its origin's.
    const config = valid();
    config.categories[1]!.services = [{ ...service, hosts: ['127.0.0.1'] }];
    let landed = '';
    const [moved, movedUrl] = await serve((path) =>
      path == '/temoin/config.json'
        ? JSON.stringify(config)
        : path == '/page'
          ? page('data-config="temoin/config.json"', `<script src="${landed}/js/site.js"></script>`)
          : undefined,
    );
    landed = movedUrl;
    const [entry, entryUrl] = await serve(() => undefined);
    entry.removeAllListeners('request');
    entry.on('request', (_, res) => res.writeHead(301, { location: `${movedUrl}/page` }).end());
    try {
      const { code, stdout } = await temoinCheck(`${entryUrl}/`);
      assert.equal(code, 0, stdout);
      assert.ok(stdout.includes(`config from ${movedUrl}/temoin/config.json`), stdout);
    } finally {
      entry.close();
      moved.close();
    }
  });

  void it('quotes a tag written over several lines on one line', async () => {
    const iframe = '<iframe\n        title="Le budget 2027"\n        src="https://www.youtube.com/embed/x"\n>';
    const file = join(dir, 'lines.html');
    await writeFile(file, page('data-config="/temoin/config.json"', `${iframe}</iframe>`));
    const { stdout } = await temoinCheck(file);
    assert.deepEqual(
      stdout.split('\n').filter((line) => line.startsWith('  ✗')),
      [
        `  ✗ ${file}:6: <iframe title="Le budget 2027" src="https://www.youtube.com/embed/x"> loads youtube before consent: mark it data-category="media" data-service="youtube" with data-src instead of src`,
      ],
    );
  });

  void it('names a Témoin script that is not first in <head>, or runs late, and what came before it', async () => {
    const head = (
      before: string,
      tag = '<script src="/temoin/temoin.js" data-config="/temoin/config.json"></script>',
    ) =>
      `<!doctype html>\n<html lang="fr"><head>\n<meta charset="utf-8">\n<title>T</title>\n${before}\n${tag}\n</head>\n<body>\n</body></html>\n`;
    const said = async (name: string, html: string) => {
      await writeFile(join(dir, name), html);
      const { code, stdout } = await temoinCheck(join(dir, name));
      return { code, problems: stdout.split('\n').filter((line) => line.startsWith('  ✗')) };
    };
    const gtag = '<script async src="https://www.googletagmanager.com/gtag/js?id=G-1">';
    const after = await said(
      'after-gtag.html',
      head(`${gtag}</script>\n<script src="https://cdn.example/chat.js"></script>`),
    );
    assert.equal(after.code, 1);
    assert.deepEqual(after.problems, [
      `  ✗ ${join(dir, 'after-gtag.html')}:7: the Témoin script comes after ${gtag} (line 5) and 1 other script from elsewhere, which runs before Témoin can hold it: move the Témoin script first in <head>, before any script`,
      // And what it loads is of no service the config declares.
      `  ✗ ${join(dir, 'after-gtag.html')}:5: ${gtag} loads google-analytics-4 (Google Analytics 4) before consent, and the config declares no service for it: add { "template": "google-analytics-4", "id": "google-analytics-4" } to one of the config's optional categories (analytics, media) or a new one, then mark it type="text/plain" data-category="<that category>" data-service="google-analytics-4"`,
    ]);
    const late = await said(
      'late.html',
      head('', '<script async defer type="module" src="/temoin/temoin.js" data-config="/temoin/config.json"></script>'),
    );
    assert.deepEqual(
      late.problems.map((p) => /has (.*?), so/.exec(p)?.[1]),
      ['async', 'defer', 'type="module"'],
      late.problems.join('\n'),
    );
    assert.match(late.problems[0]!, /late\.html:6: the Témoin script has async, so .*: remove async$/);
    const inBody = await said(
      'in-body.html',
      '<!doctype html>\n<html><head><title>T</title></head>\n<body>\n<p>Texte</p>\n<script src="/temoin/temoin.js" data-config="/temoin/config.json"></script>\n</body></html>\n',
    );
    assert.deepEqual(inBody.problems, [
      `  ✗ ${join(dir, 'in-body.html')}:5: the Témoin script is in <body>, so the scripts above it run before Témoin can hold them: move the Témoin script first in <head>, before any script`,
    ]);
    // Markup Témoin holds by its marking wherever it stands, and scripts that do not run, may come first.
    const harmless = [
      '<base href="/">',
      '<link rel="stylesheet" href="https://fonts.example/f.css">',
      '<link rel="preconnect" href="https://stats.example">',
      '<style>p { color: red }</style>',
      '<script type="application/ld+json">{}</script>',
      '<script type="text/plain" data-category="analytics" src="https://stats.example/s.js"></script>',
    ].join('\n');
    const calm = await said('harmless.html', head(harmless));
    assert.deepEqual(calm.problems, []);
    // The site's own script, or inline code, runs first too: a note, for the editor to judge.
    for (const own of [
      '<script src="/js/site.js"></script>',
      "<script>document.documentElement.className = 'js';</script>",
    ]) {
      await writeFile(join(dir, 'own.html'), head(own));
      const { code, stdout } = await temoinCheck(join(dir, 'own.html'));
      assert.equal(code, 0, stdout);
      assert.ok(
        stdout.includes(
          `${own.replace(/<\/script>$/, '').replace(/>.*$/s, '>')} (line 5) runs before Témoin: fine if it loads nothing and sets no cookie, else put the Témoin script first`,
        ),
        stdout,
      );
    }
  });

  void it("names the config's other problems beside an unknown template, and nothing its template would have given", async () => {
    const config = valid();
    config.categories[2]!.services![0]!.template = 'youtub';
    config.categories[1]!.id = config.categories[0]!.id;
    const file = join(dir, 'unknown-template.json');
    await writeFile(file, JSON.stringify(config, null, 2));
    const { code, stdout } = await temoinCheck(file);
    assert.equal(code, 1);
    assert.match(stdout, /categories\[2\]\.services\[0\]\.template "youtub" is not a known template/);
    assert.match(stdout, /categories\[1\]\.id "necessary" is used twice \(first at categories\[0\]\)/);
    assert.doesNotMatch(stdout, /categories\[2\]\.services\[0\]\.\w+ is missing/);
  });

  void it('checks a live page and the config its tag points to', async () => {
    const { code, stdout } = await temoinCheck(`${site}/`);
    assert.equal(code, 1);
    assert.match(stdout, new RegExp(`config from ${site}/temoin/config.json`));
    assert.match(stdout, /data-category="videos" is not a category/);
  });

  void it('in a folder with no config yet, says what is missing and the steps that start one (README step 0), and exits 2', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'temoin-empty-'));
    const here = (...args: string[]) =>
      run('node', [bin, 'check', ...args], { cwd: empty }).then(
        () => assert.fail('check passed in an empty folder'),
        (e: unknown) => e as { code: number; stdout: string; stderr: string },
      );
    const steps =
      'To start (README, "For web editors", step 0): npx temoin assets ./public/temoin copies the browser files into your site and prints the tag for <head>; write your config in temoin.config.json, apart from the files served (npx temoin scan <your site> --suggest temoin.config.json drafts one from what your site loads); then npx temoin check temoin.config.json --seal public/temoin/config.json checks it and writes the config the tag loads\n';
    try {
      // No target: the steps' config, here.
      for (const args of [
        [],
        ['temoin.config.json'],
        ['./temoin.config.json', '--seal', 'public/temoin/config.json'],
      ]) {
        const said = await here(...args);
        assert.equal(said.code, 2, args.join(' '));
        assert.equal(said.stderr, `temoin: no config to check: temoin.config.json does not exist. ${steps}`);
      }
      // The file the tag loads, named before anything is set up: the config is written apart, never
      // sealed over itself.
      const served = await here('public/temoin/config.json');
      assert.equal(served.stderr, `temoin: no config to check: public/temoin/config.json does not exist. ${steps}`);
      // Once written, `temoin check` alone checks it.
      await writeFile(join(empty, 'temoin.config.json'), JSON.stringify(valid()));
      const written = await run('node', [bin, 'check'], { cwd: empty });
      assert.match(written.stdout, /^temoin check \.\/temoin\.config\.json\n[\s\S]*✓ no problem found/);
      // Beside it, a name typed wrong or a file not sealed yet is no folder to start: the config there, and the seal.
      for (const missing of ['temoin.confg.json', 'public/temoin/config.json']) {
        const said = await here(missing);
        assert.equal(said.code, 2, missing);
        assert.equal(
          said.stderr,
          `temoin: ${missing} does not exist; your config is temoin.config.json, here: check it with npx temoin check temoin.config.json, or, for the file a page loads, seal it into ${missing} with npx temoin check temoin.config.json --seal ${missing}\n`,
        );
      }
      // Run where the served files are, the sealed config alone there: that file, not the steps that start one.
      await mkdir(join(empty, 'public/temoin'), { recursive: true });
      await run('node', [bin, 'check', 'temoin.config.json', '--seal', 'public/temoin/config.json'], { cwd: empty });
      const there = await run('node', [bin, 'check'], { cwd: join(empty, 'public/temoin') }).then(
        () => assert.fail('check passed without a config'),
        (e: unknown) => e as { code: number; stderr: string },
      );
      assert.equal(there.code, 2);
      assert.equal(
        there.stderr,
        'temoin: no config to check: temoin.config.json is not in this folder, which holds config.json, sealed (written by --seal, the file a page loads): check it with npx temoin check config.json, or run npx temoin check in the folder of the config you write\n',
      );
      // A config of another name where the editor works: that config, not the steps that start one.
      const named = join(empty, 'ville');
      await mkdir(named);
      await writeFile(join(named, 'ville.json'), JSON.stringify(valid()));
      await writeFile(join(named, 'package.json'), JSON.stringify({ name: 'ville' }));
      const other = await run('node', [bin, 'check'], { cwd: named }).then(
        () => assert.fail('check passed without a config'),
        (e: unknown) => e as { code: number; stderr: string },
      );
      assert.equal(other.code, 2);
      assert.equal(
        other.stderr,
        'temoin: no config to check: temoin.config.json is not in this folder, which holds ville.json: check it with npx temoin check ville.json\n',
      );
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  void it('says what is missing on a page without Témoin, and exits 2 on what it cannot read', async () => {
    const none = await temoinCheck(join(dir, 'none.html'));
    assert.equal(none.code, 1);
    assert.match(none.stdout, /no Témoin script found; put <script src="\/temoin\/temoin\.js"/);
    const missing = await temoinCheck(join(dir, 'nowhere.json'));
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no config to check: .*nowhere\.json does not exist\. To start/);
    assert.equal((await temoinCheck('--nope', 'x.json')).code, 2, 'a wrong flag');
    const down = await temoinCheck('http://127.0.0.1:1/');
    assert.equal(down.code, 2);
    assert.match(down.stderr, /cannot fetch http:\/\/127\.0\.0\.1:1\/: /);
    // A page file whose config is on another host: no file here to read, and no crash.
    await writeFile(join(dir, 'elsewhere.html'), page('data-config="//cdn.example/config.json"', ''));
    const elsewhere = await temoinCheck(join(dir, 'elsewhere.html'));
    await writeFile(join(dir, 'lost.html'), page('data-config="/lost/config.json"', ''));
    const lost = await temoinCheck(join(dir, 'lost.html'));
    assert.equal(lost.code, 2);
    assert.match(
      lost.stderr,
      /cannot read .*lost\/config\.json: no such file \(the page's data-config="\/lost\/config\.json", under .* \(--root names the site's folder\)\)/,
    );
    assert.equal(elsewhere.code, 2);
    assert.match(elsewhere.stderr, /cannot read/);
    assert.doesNotMatch(elsewhere.stderr, /TypeError/);
  });
});

void describe('temoin check on hostile or odd pages', () => {
  let dir: string;
  let server: Server;
  let site: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'temoin-check-odd-'));
    await writeFile(join(dir, 'secret.json'), JSON.stringify({ auths: { registry: 'token' } }));
    const pages: Record<string, string> = {
      '/file': `<script src="/temoin/temoin.js" data-config="file://${join(dir, 'secret.json')}"></script>`,
      '/bad': '<script src="/temoin/temoin.js" data-config="http://[nope"></script>',
      '/config.json': JSON.stringify(valid()),
    };
    [server, site] = await serve((path) => pages[path]);
  });
  after(async () => {
    server.close();
    await rm(dir, { recursive: true, force: true });
  });

  void it('never reads a local file a live page names, and names a data-config that does not parse', async () => {
    const file = await temoinCheck(`${site}/file`);
    assert.equal(file.code, 1);
    assert.match(file.stdout, /data-config="file:\/\/.*secret\.json" is not an http\(s\) or relative URL/);
    assert.doesNotMatch(file.stdout, /auths/);
    const bad = await temoinCheck(`${site}/bad`);
    assert.equal(bad.code, 1);
    assert.match(bad.stdout, /data-config="http:\/\/\[nope" is not an http\(s\) or relative URL/);
  });

  void it('checks a config given by URL as a config', async () => {
    assert.deepEqual(await temoinCheck(`${site}/config.json`), {
      code: 0,
      stdout: `temoin check ${site}/config.json\n✓ no problem found\n`,
      stderr: '',
    });
  });
});

void describe('temoin check --seal', () => {
  let dir: string;
  const file = (name: string) => join(dir, name);
  const read = (name: string) => JSON.parse(readFileSync(file(name), 'utf8')) as Config & { seal?: string };
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'temoin-seal-'));
    await writeFile(file('config.json'), JSON.stringify(valid(), null, 2));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  void it('writes a valid config with its templates expanded and a seal that temoin check then recognises', async () => {
    const sealing = await temoinCheck(file('config.json'), '--seal', file('sealed.json'));
    assert.equal(sealing.code, 0, sealing.stdout + sealing.stderr);
    assert.match(
      sealing.stdout,
      /sealed: wrote .*sealed\.json \(\d+ bytes\) from .*config\.json: serve it, and seal again after each change to .*config\.json or Témoin update/,
    );
    const sealed = read('sealed.json');
    const version = (
      JSON.parse(readFileSync(join(root, 'dist/check-version.json'), 'utf8')) as { checkVersion: string }
    ).checkVersion;
    assert.match(sealed.seal!, new RegExp(`^\\w+\\.\\w+\\.${version}$`), 'made for the browser files built beside it');
    const video = sealed.categories[2]!.services![0]!;
    assert.equal(video.template, undefined);
    assert.equal(video.provider, 'Google LLC', "the YouTube template's fields, written out");
    assert.equal(sealed.categories[1]!.services![0]!.name, 'Stats', 'the rest as written');
    const checked = await temoinCheck(file('sealed.json'));
    assert.equal(checked.code, 0, checked.stdout);
    assert.match(checked.stdout, /sealed for this release: the production script starts without validating it/);
    // Sealing a sealed file again (in place: it names no template) gives the same seal.
    assert.equal((await temoinCheck(file('sealed.json'), '--seal', file('sealed.json'))).code, 0);
    assert.equal(read('sealed.json').seal, sealed.seal);
  });

  void it('calls a seal that no longer matches its text a problem, with the fix', async () => {
    const sealed = read('sealed.json');
    await writeFile(file('edited.json'), JSON.stringify({ ...sealed, revision: 2 }, null, 2));
    const edited = await temoinCheck(file('edited.json'));
    assert.equal(edited.code, 1);
    assert.match(
      edited.stdout,
      /edited\.json: its seal was made for another text or another Témoin release, so the production script validates it on each first visit .*; run npx temoin check <your config> --seal .*edited\.json again, or remove "seal"/,
    );
    // Sealing it again takes the old seal off first.
    assert.equal((await temoinCheck(file('edited.json'), '--seal', file('edited.json'))).code, 0);
    assert.equal((await temoinCheck(file('edited.json'))).code, 0);
    assert.notEqual(read('edited.json').seal, sealed.seal);
  });

  void it('writes nothing for an invalid config, over its own templates, or for a page', async () => {
    await writeFile(file('invalid.json'), JSON.stringify({ ...valid(), layout: 'cloud' }));
    await writeFile(file('out.json'), 'as it was');
    const invalid = await temoinCheck(file('invalid.json'), '--seal', file('out.json'));
    assert.equal(invalid.code, 1);
    assert.match(invalid.stdout, /layout must be one of bar, box/);
    assert.doesNotMatch(invalid.stdout, /sealed/);
    assert.equal(readFileSync(file('out.json'), 'utf8'), 'as it was', 'an earlier file is left as it was');
    const before = readFileSync(file('config.json'), 'utf8');
    const over = await temoinCheck(file('config.json'), '--seal', file('config.json'));
    assert.equal(over.code, 2);
    assert.match(
      over.stderr,
      /would write over a config that names templates, and lose their names: keep the config you write apart/,
    );
    assert.equal(readFileSync(file('config.json'), 'utf8'), before);
    await writeFile(file('page.html'), '<script src="/temoin/temoin.js" data-config="/config.json"></script>');
    const page = await temoinCheck(file('page.html'), '--seal', file('out.json'));
    assert.equal(page.code, 2);
    assert.match(page.stderr, /--seal takes a config file \(\.json\), not .*page\.html/);
    const nowhere = await temoinCheck(file('config.json'), '--seal', file('no/such/folder/sealed.json'));
    assert.equal(nowhere.code, 2);
    // The folder missing, as when `temoin assets` has not run yet: the step to take, not ENOENT and a temporary name.
    assert.match(
      nowhere.stderr,
      /cannot write .*sealed\.json: its folder .*no\/such\/folder does not exist; run npx temoin assets .*no\/such\/folder first \(it copies the browser files there\), or create it\n$/,
    );
    assert.deepEqual(await readdir(join(dir, 'no')).catch(() => []), [], 'no temporary file left');
    await symlink(file('config.json'), file('link.json'));
    const through = await temoinCheck(file('config.json'), '--seal', file('link.json'));
    assert.equal(through.code, 2, 'a link to the config is the config');
    assert.equal(readFileSync(file('config.json'), 'utf8'), before);
    const both = await temoinCheck(file('config.json'), '--root', dir, '--seal', file('out.json'));
    assert.equal(both.code, 2);
    assert.match(both.stderr, /--root is for an HTML page, and --seal takes a config file/);
  });

  void it('refuses a number JSON cannot write back (1e999), so that what is sealed is what was checked', async () => {
    // JSON.parse reads 1e999 as Infinity, and JSON.stringify writes Infinity as null: a sealed file
    // would hold a config other than the one validated.
    const text = JSON.stringify(valid()).replace(
      '"hostedOutsideQuebec":false',
      '"hostedOutsideQuebec":false,"retention":1e999',
    );
    await writeFile(file('huge.json'), text);
    const huge = await temoinCheck(file('huge.json'), '--seal', file('huge-sealed.json'));
    assert.equal(huge.code, 1);
    assert.match(huge.stdout, /categories\[1\]\.services\[0\]\.retention must be a number of days ≥ 0 or a text/);
    assert.throws(() => readFileSync(file('huge-sealed.json')), /ENOENT/);
  });

  void it("names a page's sealed config that is not what its editor's config seals into now, by content: beside it or where the steps put it, whatever the files' times", async () => {
    const site = file('site');
    await mkdir(site, { recursive: true });
    const editable = join(site, 'temoin.config.json');
    const served = join(site, 'config.json');
    const pageFile = join(site, 'index.html');
    await writeFile(editable, JSON.stringify(valid(), null, 2));
    await writeFile(
      pageFile,
      '<!doctype html>\n<html lang="fr"><head>\n<script src="temoin.js" data-config="config.json"></script>\n</head><body></body></html>\n',
    );
    assert.equal((await temoinCheck(editable, '--seal', served)).code, 0);
    const at = (path: string, ms: number) => utimes(path, new Date(ms), new Date(ms));
    // A checkout gives the editor's config a later time than the sealed file: the same text, up to date.
    await at(editable, Date.now() + 60_000);
    const fresh = await temoinCheck(pageFile);
    assert.equal(fresh.code, 0, fresh.stdout);
    // Edited since, though older by its time: the page loads the config as it was.
    await writeFile(editable, JSON.stringify({ ...valid(), revision: 2 }, null, 2));
    await at(editable, Date.now() - 60_000);
    const stale = await temoinCheck(pageFile);
    assert.equal(stale.code, 1, stale.stdout);
    const rel = (path: string) => relative('.', path);
    assert.ok(
      stale.stdout.includes(
        `  ✗ ${rel(served)} is not what sealing ${rel(editable)} writes now (it was sealed from an earlier text of it, or from another config), so the page loads the config as it was then: seal it again with npx temoin check ${rel(editable)} --seal ${rel(served)}`,
      ),
      stale.stdout,
    );
    // The sealed file checked alone, as the editor may check what they serve: the same.
    const alone = await temoinCheck(served);
    assert.equal(alone.code, 1, alone.stdout);
    assert.match(alone.stdout, /✗ .*config\.json is not what sealing .*temoin\.config\.json writes now/);
    // Sealed again, as it says: up to date.
    assert.equal((await temoinCheck(editable, '--seal', served)).code, 0);
    assert.equal((await temoinCheck(pageFile)).code, 0);
    assert.equal((await temoinCheck(served)).code, 0);
    // An editor's config that cannot be sealed: its edits are not live either, and the page's check
    // alone would not show why; the editor is sent to its own check.
    await writeFile(editable, '{ "revision": ');
    const broken = await temoinCheck(pageFile);
    assert.equal(broken.code, 1, broken.stdout);
    assert.ok(
      broken.stdout.includes(
        `  ✗ ${rel(served)} is not what ${rel(editable)} says now, and ${rel(editable)} cannot be sealed, so the page loads the config as it was last sealed: run npx temoin check ${rel(editable)}, fix what it names, then seal it again with npx temoin check ${rel(editable)} --seal ${rel(served)}`,
      ),
      broken.stdout,
    );
    // No editor's config at all (a site that serves the sealed file alone): nothing to say of it.
    await rm(editable);
    assert.equal((await temoinCheck(pageFile)).code, 0);
  });

  void it('takes a sealed config as up to date when any editor config beside it seals into it, whatever its name, and names the likeliest source when none does', async () => {
    const site = file('named');
    await mkdir(site, { recursive: true });
    const steps = join(site, 'temoin.config.json');
    const other = join(site, 'ville-b.json');
    const served = join(site, 'config.json');
    const rel = (path: string) => relative('.', path);
    await writeFile(steps, JSON.stringify(valid(), null, 2));
    // Another site's config, sealed from a file of its own name, beside the one the steps name.
    const villeB = { ...valid(), revision: 7, layout: 'box' };
    await writeFile(other, JSON.stringify(villeB, null, 2));
    // Neither sealed config nor JSON that is no config (package.json) is taken for the editor's.
    await writeFile(join(site, 'package.json'), JSON.stringify({ name: 'site', version: '1.0.0' }));
    assert.equal((await temoinCheck(other, '--seal', served)).code, 0);
    const fresh = await temoinCheck(served);
    assert.equal(fresh.code, 0, fresh.stdout);
    // Edited since: stale, named by the file it came from, with temoin.config.json as the other possibility.
    await writeFile(other, JSON.stringify({ ...villeB, revision: 8 }, null, 2));
    const stale = await temoinCheck(served);
    assert.equal(stale.code, 1, stale.stdout);
    assert.ok(
      stale.stdout.includes(
        `  ✗ ${rel(served)} is not what sealing ${rel(other)} writes now (it was sealed from an earlier text of it, or from another config), so the page loads the config as it was then: seal it again with npx temoin check ${rel(other)} --seal ${rel(served)}; if it came from ${rel(steps)}, seal that one: npx temoin check ${rel(steps)} --seal ${rel(served)}`,
      ),
      stale.stdout,
    );
    // Sealed from temoin.config.json instead: up to date, ville-b.json notwithstanding.
    assert.equal((await temoinCheck(steps, '--seal', served)).code, 0);
    assert.equal((await temoinCheck(served)).code, 0);
  });

  void it('names at most three other configs a stale seal may have come from, the likeliest first, temoin.config.json first when it no longer seals', async () => {
    const site = file('many');
    await mkdir(site, { recursive: true });
    const served = join(site, 'config.json');
    await writeFile(join(site, 'temoin.config.json'), JSON.stringify(valid()));
    assert.equal((await temoinCheck(join(site, 'temoin.config.json'), '--seal', served)).code, 0);
    // One config per site, five of them, none the source of the sealed file once it is edited.
    for (let i = 0; i < 5; i++)
      await writeFile(join(site, `ville-${i}.json`), JSON.stringify({ ...valid(), revision: 10 + i }));
    await writeFile(join(site, 'temoin.config.json'), JSON.stringify({ ...valid(), revision: 2 }));
    const stale = await temoinCheck(served);
    assert.equal(stale.code, 1, stale.stdout);
    const said = stale.stdout.split('\n').find((line) => line.includes('is not what sealing'))!;
    assert.equal(said.match(/--seal/g)?.length, 4, said);
    // All six differ from it by their revision alone: none is named as the likelier source.
    assert.ok(said.includes('is not what sealing any config here writes now'), said);
    assert.ok(said.endsWith(' (and 2 more configs)'), said);
    // One more alike than the others (the layout too): named first, the rest after it.
    await writeFile(join(site, 'ville-0.json'), JSON.stringify({ ...valid(), revision: 1, layout: 'box' }));
    const likelier = (await temoinCheck(served)).stdout.split('\n').find((l) => l.includes('is not what sealing'))!;
    assert.match(likelier, /is not what sealing \S*ville-0\.json writes now/, likelier);
    assert.ok(likelier.endsWith(' (and 2 more configs, less alike)'), likelier);
    // The steps' config, edited into JSON that does not parse: named first, the one to fix, whatever the others.
    await writeFile(join(site, 'temoin.config.json'), `// Ville\n${JSON.stringify(valid())}`);
    const broken = (await temoinCheck(served)).stdout;
    assert.match(
      broken,
      /config\.json is not what \S*temoin\.config\.json says now, and \S*temoin\.config\.json cannot be sealed/,
      broken,
    );
  });
});
