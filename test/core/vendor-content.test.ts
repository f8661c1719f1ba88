// The advice `temoin check` gives for Meta's SDK and LinkedIn's plugins (src/check/vendor-content.ts),
// applied as written beside the vendor's pixel: the content service granted alone loads the loader,
// what it loads and its frames, while the pixel stays held. The advice check gave before (the
// loader's path alone) left the frames waiting for the pixel's consent. The vendors are stand-ins
// on their own names (test/support/vendors.mjs).
import { expect } from 'chai';
import { contentEntries, initVersion } from '../../src/check/vendor-content.js';
import { cleanOrigin, requests, timeToShow, until, type FixtureWindow } from '../support/fixture.js';

interface Case {
  /** The fixture page, test/fixtures/vendors/<page>.html, and its language when not French. */
  page: string;
  lang?: 'en';
  /** The loader's src, as the page writes it. */
  loader: string;
  /** Whether the page gives the SDK its version in FB.init, which check reads from the page's code. */
  init?: boolean;
  pixel: { template: string; id: string };
  /** What the loader loads, its frames among them, as host and path. */
  loads: string[];
  /** The pixel's hosts. */
  pixelHosts: RegExp;
}

const CASES: Case[] = [
  {
    page: 'meta-sdk',
    loader: 'https://connect.facebook.net/fr_CA/sdk.js#xfbml=1&version=v19.0',
    pixel: { template: 'meta-pixel', id: 'meta' },
    loads: [
      'connect.facebook.net/fr_CA/sdk.js',
      'www.facebook.com/v19.0/plugins/page.php',
      'www.facebook.com/x/oauth/status',
    ],
    pixelHosts: /^connect\.facebook\.net\/(en_US\/fbevents|signals)|^www\.facebook\.com\/tr/,
  },
  {
    // The English page: the SDK's locale path is the pixel's own (connect.facebook.net/en_US/).
    page: 'meta-sdk',
    lang: 'en',
    loader: 'https://connect.facebook.net/en_US/sdk.js#xfbml=1&version=v19.0',
    pixel: { template: 'meta-pixel', id: 'meta' },
    loads: [
      'connect.facebook.net/en_US/sdk.js',
      'www.facebook.com/v19.0/plugins/page.php',
      'www.facebook.com/x/oauth/status',
    ],
    pixelHosts: /^connect\.facebook\.net\/(en_US\/fbevents|signals)|^www\.facebook\.com\/tr/,
  },
  {
    // No version in the SDK's URL: the one window.fbAsyncInit gives FB.init, which check reads.
    page: 'meta-sdk-init',
    loader: 'https://connect.facebook.net/fr_CA/sdk.js',
    init: true,
    pixel: { template: 'meta-pixel', id: 'meta' },
    loads: [
      'connect.facebook.net/fr_CA/sdk.js',
      'www.facebook.com/v18.0/plugins/page.php',
      'www.facebook.com/x/oauth/status',
    ],
    pixelHosts: /^connect\.facebook\.net\/(en_US\/fbevents|signals)|^www\.facebook\.com\/tr/,
  },
  {
    page: 'linkedin-follow',
    loader: 'https://platform.linkedin.com/in.js',
    pixel: { template: 'linkedin-insight', id: 'linkedin' },
    loads: [
      'platform.linkedin.com/in.js',
      'platform.linkedin.com/js/secureAnonymousFramework',
      'www.linkedin.com/pages-extensions/FollowCompany',
    ],
    pixelHosts: /^(snap\.licdn\.com|px\.ads\.linkedin\.com)\//,
  },
];

const title = (fr: string) => ({ fr, en: fr });

/** A config with the vendor's pixel, and a content service taking `hosts`. */
const configWith = (pixel: Case['pixel'], hosts: string[]) => ({
  revision: 1,
  lang: 'fr',
  ui: false,
  controller: { name: 'Ville de Test' },
  categories: [
    { id: 'necessary', required: true, title: title('Nécessaires') },
    { id: 'marketing', title: title('Publicité'), services: [pixel] },
    {
      id: 'social',
      title: title('Réseaux sociaux'),
      services: [
        {
          id: 'content',
          name: 'Réseau social',
          provider: 'Le réseau',
          purpose: 'Afficher la page de la Ville',
          hostedOutsideQuebec: true,
          hosts,
        },
      ],
    },
  ],
});

let opened = 0;
async function openPage(name: string, config: object, lang = 'fr'): Promise<FixtureWindow> {
  const query = new URLSearchParams({ rawconfig: JSON.stringify(config), lang, n: String(++opened) });
  const frame = document.createElement('iframe');
  frame.src = `/test/fixtures/vendors/${name}.html?${query}`;
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  document.body.append(frame);
  await loaded;
  return frame.contentWindow as FixtureWindow;
}

/** The entries check advises for the case's loader, from its page's code as check reads it. */
async function advised(c: Case): Promise<string[]> {
  const code = c.init ? await (await fetch(`/test/fixtures/vendors/${c.page}.html`)).text() : '';
  return contentEntries(new URL(c.loader), initVersion(code))!;
}

/** What the vendor's hosts were asked, each host and path once. */
const asked = async () => [...new Set((await requests()).map((r) => r.host + r.path))];
const hasAll = (loads: string[]) => async () => {
  const now = await asked();
  return loads.every((l) => now.includes(l));
};

describe("check's advice for a vendor's content loader beside its pixel, applied as written", function () {
  this.timeout(20000);
  beforeEach(cleanOrigin);
  afterEach(() => document.querySelectorAll('iframe').forEach((f) => f.remove()));

  for (const c of CASES) {
    it(`${c.page}${c.lang ? ` (${c.lang})` : ''}: the content service granted alone loads ${c.loads.join(', ')}; the pixel stays held`, async () => {
      const win = await openPage(c.page, configWith(c.pixel, await advised(c)), c.lang);
      await win.temoin.ready;
      await win.temoin.set({ social: true });
      await until(hasAll(c.loads), `what ${c.loader} loads`);
      await timeToShow(300);
      expect(
        (await asked()).filter((r) => c.pixelHosts.test(r)),
        'the pixel',
      ).to.deep.equal([]);
      expect([...win.__errors, ...win.__warnings]).to.deep.equal([]);
    });

    it(`${c.page}${c.lang ? ` (${c.lang})` : ''}: with the loader's own path alone, its frames and requests wait for the pixel's consent`, async () => {
      const win = await openPage(c.page, configWith(c.pixel, [(await advised(c))[0]!]), c.lang);
      await win.temoin.ready;
      await win.temoin.set({ social: true });
      await until(hasAll(c.loads.slice(0, 1)), c.loader);
      await timeToShow(500);
      expect(await hasAll(c.loads)(), 'all it loads, the pixel refused').to.equal(false);
      // Its frame, held, loads once the pixel is granted too (a request refused is not sent again).
      await win.temoin.set({ social: true, marketing: true });
      await until(hasAll(c.loads.slice(0, 2)), 'its frame, the pixel granted');
    });
  }
});
