// `temoin declaration`: the cookie declaration of a config as static HTML or Markdown, with the
// element's table structure, escaped, in the language asked for; and a clear failure, with nothing
// on stdout, when the config is missing or invalid.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';

/** A duration as the browser's Intl says it (its spaces differ from one ICU version to another). */
const units = (lang: string, unit: string, n: number) =>
  new Intl.NumberFormat(lang, { style: 'unit', unit, unitDisplay: 'long' }).format(n);
const root = new URL('../../../../', import.meta.url).pathname;
const run = promisify(execFile);

/** Runs `temoin declaration …`; resolves with the exit code and output, whatever the code. */
const declaration = (...args: string[]) =>
  run('node', [join(root, 'bin/temoin.js'), 'declaration', ...args]).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (e: unknown) => {
      const { code, stdout, stderr } = e as { code: number; stdout: string; stderr: string };
      return { code, stdout, stderr };
    },
  );

const config = {
  revision: 1,
  lang: 'auto',
  categories: [
    { id: 'necessary', required: true, title: { fr: 'Nécessaires', en: 'Necessary' } },
    {
      id: 'analytics',
      title: { fr: "Mesure d'audience", en: 'Analytics' },
      description: { fr: 'Pour savoir ce qui sert', en: 'To learn what helps' },
      services: [
        {
          id: 'stats',
          name: 'Stats <b>&</b>',
          provider: 'Stats inc.',
          purpose: { fr: 'Compter | mesurer les visites', en: 'Count | measure visits' },
          data: ['ip-address', 'pages-viewed'],
          hosts: ['stats.example'],
          cookies: [
            { name: '_st', lifetime: 390, description: { fr: 'Distingue les visiteurs', en: 'Tells visitors apart' } },
            { name: '_st_*', lifetime: 0 },
          ],
          retention: 730,
          hostedOutsideQuebec: true,
          thirdParty: ['Régie inc.'],
          privacyUrl: 'https://stats.example/privacy?a=1&b=(2)',
        },
      ],
    },
    { id: 'media', title: 'Vidéos', services: [{ template: 'youtube', id: 'youtube' }] },
  ],
};

let dir: string;
const file = (name: string) => join(dir, name);

void describe('temoin declaration', () => {
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'temoin-declaration-'));
    await writeFile(file('config.json'), JSON.stringify(config));
    await writeFile(file('en.json'), JSON.stringify({ ...config, lang: 'en' }));
    await writeFile(file('broken.json'), '{ "revision": 1,\n  "categories": [ }');
    const invalid = structuredClone(config) as { categories: { services?: Record<string, unknown>[] }[] };
    delete invalid.categories[1]!.services![0]!.hostedOutsideQuebec;
    await writeFile(file('invalid.json'), JSON.stringify(invalid));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  void it('prints HTML tables with column and row headers, escaped, in French with its typography', async () => {
    const { code, stdout, stderr } = await declaration(file('config.json'), '--lang', 'fr', '--format', 'html');
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^<section class="temoin-declaration" lang="fr">\n/);
    assert.match(stdout, /<button type="button" data-temoin-open>Modifier mes choix<\/button>/);
    // One table per category with services, each labelled by its heading.
    assert.deepEqual(
      [...stdout.matchAll(/<h2 id="([^"]+)">([^<]*)<\/h2>/g)].map((m) => [m[1], m[2]]),
      [
        ['temoin-declaration-necessary', 'Nécessaires'],
        ['temoin-declaration-analytics', 'Mesure d’audience'],
        ['temoin-declaration-media', 'Vidéos'],
      ],
    );
    assert.equal(stdout.match(/<table aria-labelledby="temoin-declaration-(necessary|analytics|media)">/g)?.length, 3);
    // The necessary category begins with the cookie that keeps the visitor's choices.
    const own = stdout.split('\n').find((line) => line.includes('<th scope="row">Vos choix en matière de témoins'))!;
    assert.deepEqual(
      [...own.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map((m) => m[1]),
      [
        'Vos choix en matière de témoins',
        '—',
        'Retenir vos choix et en garder la preuve.',
        'vos choix par catégorie et par service, la version de l’avis auquel ils répondent, leur date et leur ' +
          'échéance, la langue de l’interface et l’endroit où vous les avez faits, si votre navigateur envoyait le ' +
          'signal Global Privacy Control, ainsi qu’un identifiant de consentement et un identifiant de reçu tirés au hasard',
        `<ul><li><code>temoin</code> (${units('fr', 'year', 1)})</li></ul>`,
        `${units('fr', 'year', 1)}, puis vos choix vous sont redemandés\u202f; leur historique reste sur cet appareil`,
        'Dans votre navigateur, pour ce site',
        'Non',
        '—',
      ],
    );
    assert.match(stdout, /Toujours actif\u00a0: nécessaire au fonctionnement du site/);
    const headers = [
      ...stdout
        .split('<thead>')[1]!
        .split('</thead>')[0]!
        .matchAll(/<th scope="col">([^<]*)<\/th>/g),
    ];
    assert.deepEqual(
      headers.map((m) => m[1]),
      [
        'Service',
        'Fournisseur',
        'Finalité',
        'Données recueillies',
        'Témoins et pixels',
        'Conservation des données',
        'Lieu d’hébergement',
        'Communication à des tiers',
        'Politique de confidentialité du fournisseur',
      ],
    );
    const row = stdout.split('\n').find((line) => line.includes('<th scope="row">Stats'))!;
    assert.deepEqual(
      [...row.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map((m) => m[1]),
      [
        'Stats &#60;b&#62;&#38;&#60;/b&#62;',
        'Stats inc.',
        'Compter | mesurer les visites',
        'votre adresse IP et les pages que vous consultez',
        `<ul><li><code>_st</code> (${units('fr', 'month', 13)}) — Distingue les visiteurs</li><li><code>_st_*</code> (fin de la session)</li></ul>`,
        units('fr', 'year', 2),
        'À l’extérieur du Québec',
        'Régie inc.',
        '<a href="https://stats.example/privacy?a=1&#38;b=(2)">Stats inc.</a>',
      ],
    );
    // A template's service is listed with the facts the template gives.
    assert.match(stdout, /<th scope="row">YouTube<\/th><td>Google/);
  });

  void it('keeps French no-break spaces in Markdown', async () => {
    const { code, stdout, stderr } = await declaration(file('config.json'), '--lang', 'fr', '--format', 'md');
    assert.equal(code, 0, stderr);
    assert.match(stdout, /\nToujours actif\u00a0: nécessaire au fonctionnement du site/);
  });

  void it('prints Markdown tables whose cells cannot break the table, in English', async () => {
    const { code, stdout, stderr } = await declaration(file('config.json'), '--lang', 'en', '--format', 'md');
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^## Necessary\n\nAlways on: needed for the site to work/);
    assert.ok(
      stdout.includes(
        '\n| Your cookie choices | — | Remember your choices and keep proof of them. | your choices by category and by ' +
          'service, the version of the notice they answer, their date and expiry, the interface language and where ' +
          'you made them, whether your browser sent the Global Privacy Control signal, as well as a consent id and a ' +
          'receipt id drawn at random | `temoin` \\(1 year\\) | 1 year, then you are asked again; their history stays ' +
          'on this device | In your browser, for this site | No | — |\n',
      ),
      'the cookie that keeps the choices, declared',
    );
    const table = stdout
      .split('## Analytics')[1]!
      .split('\n## ')[0]!
      .split('\n')
      .filter((l) => l.startsWith('|'));
    assert.equal(table.length, 3, 'header, separator and one row');
    assert.equal(
      table[0],
      '| Service | Provider | Purpose | Data collected | Cookies and pixels | Data retention | Where data is hosted | Shared with third parties | Provider’s privacy policy |',
    );
    // Every line has the same number of cell separators: the escaped pipe is text.
    const separators = (line: string) => line.replace(/\\\|/g, '').split('|').length;
    assert.deepEqual(table.map(separators), [11, 11, 11]);
    assert.deepEqual(
      table[2]!
        .split(/(?<!\\)\|/)
        .slice(1, -1)
        .map((c) => c.trim()),
      [
        'Stats \\<b\\>\\&\\</b\\>',
        'Stats inc.',
        'Count \\| measure visits',
        'your IP address and the pages you view',
        `\`_st\` \\(${units('en', 'month', 13)}\\) — Tells visitors apart<br>\`_st_*\` \\(end of session\\)`,
        units('en', 'year', 2),
        'Outside Québec',
        'Régie inc.',
        '[Stats inc.](<https://stats.example/privacy?a=1&b=(2)>)',
      ],
    );
  });

  void it('speaks the config’s language by default, French when the config leaves it to the page', async () => {
    assert.match((await declaration(file('en.json'))).stdout, /<th scope="col">Provider<\/th>/);
    assert.match((await declaration(file('config.json'))).stdout, /<th scope="col">Fournisseur<\/th>/);
  });

  void it('speaks any language with a pack, by its primary tag, and reads an unknown one as a page would', async () => {
    const german = await declaration(file('config.json'), '--lang', 'de-AT', '--format', 'md');
    assert.equal(german.code, 0);
    assert.match(german.stdout, /^\| Dienst \| Anbieter \| Zweck \|/m);
    const spanish = await declaration(file('config.json'), '--lang', 'es');
    assert.match(spanish.stdout, /^<section class="temoin-declaration" lang="es">\n/);
    assert.match(spanish.stdout, /<button type="button" data-temoin-open>Cambiar mis opciones<\/button>/);
    // No pack, no strings in the config: the config's language, else English (`lang: "auto"` here).
    const japanese = await declaration(file('config.json'), '--lang', 'ja');
    assert.match(japanese.stdout, /^<section class="temoin-declaration" lang="en">\n/);
    const wrong = await declaration(file('config.json'), '--lang', 'français');
    assert.equal(wrong.code, 2);
    assert.equal(wrong.stdout, '');
    assert.match(wrong.stderr, /expected a language tag \(fr, en, pt-BR…\), got "français"/);
  });

  void it('names a template’s service as each language calls it, from the config and from its sealed copy', async () => {
    const pixel = {
      ...config,
      categories: [
        config.categories[0],
        {
          id: 'marketing',
          title: { fr: 'Publicité', en: 'Advertising' },
          services: [{ template: 'meta-pixel', id: 'pixel' }],
        },
      ],
    };
    await writeFile(file('pixel.json'), JSON.stringify(pixel));
    const sealing = await run('node', [
      join(root, 'bin/temoin.js'),
      'check',
      file('pixel.json'),
      '--seal',
      file('pixel-sealed.json'),
    ]);
    assert.match(sealing.stdout, /sealed: wrote/);
    for (const name of ['pixel.json', 'pixel-sealed.json']) {
      const rowName = async (lang: string) =>
        /<th scope="row">([^<]*)<\/th>/.exec(
          (await declaration(file(name), '--lang', lang)).stdout.split('<h2')[2]!,
        )?.[1];
      assert.equal(await rowName('en'), 'Meta Pixel', `${name} in English`);
      assert.equal(await rowName('fr'), 'Pixel Meta', `${name} in French`);
    }
  });

  void it('fails with a clear message and prints nothing on stdout for a missing or invalid config', async () => {
    const missing = await declaration(file('nowhere.json'));
    assert.equal(missing.code, 2);
    assert.equal(missing.stdout, '');
    assert.match(missing.stderr, /temoin: cannot read .*nowhere\.json: no such file/);

    const broken = await declaration(file('broken.json'));
    assert.equal(broken.code, 1);
    assert.equal(broken.stdout, '');
    assert.match(broken.stderr, /broken\.json is not a valid config; no declaration printed/);
    assert.match(broken.stderr, /not valid JSON at line 2, column 19/);

    const invalid = await declaration(file('invalid.json'), '--format', 'md');
    assert.equal(invalid.code, 1);
    assert.equal(invalid.stdout, '');
    assert.match(invalid.stderr, /services\[0\]\.hostedOutsideQuebec is missing/);

    const format = await declaration(file('config.json'), '--format', 'pdf');
    assert.equal(format.code, 2);
    assert.equal(format.stdout, '');
    assert.match(format.stderr, /expected html or md, got "pdf"/);
  });
});
