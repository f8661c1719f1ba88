// `npm start` as a newcomer meets it: the demo server starts the collector, prints the site, the
// dashboard and a token; it serves its config sealed; in Chromium the banner shows, nothing optional runs before consent, all
// four stand-ins run after it, Consent Mode is updated, the receipt reaches the collector and
// the token reads it; Ctrl-C stops everything.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'puppeteer-core';
import { freePort } from '../collector/support.js';
import { untilPrinted } from '../support/printed.js';
import { launchBrowser } from '../../src/scanner/browser.js';

const serve = new URL('../../../../demo/serve.mjs', import.meta.url).pathname;

/** What the stand-in video says once loaded, and in which language: it speaks the page's. */
async function videoSays(page: Page): Promise<string> {
  const frame = await (await page.waitForSelector('iframe[src*="video.localhost"]'))!.contentFrame();
  await frame.waitForFunction(() => document.body.innerText.includes('▶'));
  return frame.evaluate(() => `${document.documentElement.lang}: ${document.body.innerText.trim()}`);
}

describe('npm start: the demo', () => {
  let dir: string;
  let child: ReturnType<typeof spawn>;
  let output = '';
  let browser: Browser;
  let site: number;
  let collector: number;
  let config: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'temoin-demo-'));
    [site, collector] = [await freePort(), await freePort()];
    // The demo's config, copied so that a test can edit it.
    config = join(dir, 'config.json');
    await copyFile(new URL('../../../../demo/temoin.config.json', import.meta.url), config);
    const env = {
      PORT: String(site),
      COLLECTOR_PORT: String(collector),
      TEMOIN_DEMO_DIR: dir,
      TEMOIN_DEMO_CONFIG: config,
    };
    child = spawn('node', [serve], { env: { ...process.env, ...env } });
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await untilPrinted(child, () => output, 'Ctrl-C');
    browser = await launchBrowser({ args: [] });
  });
  after(async () => {
    await browser.close();
    if (child.exitCode === null) child.kill();
    await rm(dir, { recursive: true, force: true });
  });

  it('prints the site, the dashboard and an analyst token', () => {
    assert.match(output, new RegExp(`Témoin demo site:\\s+http://localhost:${site}/`));
    assert.match(output, new RegExp(`Dashboard:\\s+http://localhost:${collector}/dashboard`));
    assert.match(output, /Analyst token:\s+tmn_[\w-]{43}/);
  });

  it('blocks every stand-in until consent, runs them all after it, and records the receipt', async () => {
    const page = await (await browser.createBrowserContext()).newPage();
    const fetched: string[] = [];
    page.on('request', (request) => fetched.push(new URL(request.url()).pathname));
    await page.goto(`http://localhost:${site}/`);
    await page.waitForFunction(() => document.querySelector('temoin-banner[open]'));
    // The config is served sealed, as a site publishes it: nothing is fetched to validate it.
    const config = (await (await fetch(`http://localhost:${site}/demo/temoin.config.json`)).json()) as {
      seal?: string;
    };
    assert.equal(typeof config.seal, 'string', 'the served config carries a seal');
    assert.deepEqual(
      fetched.filter((path) => /temoin-(check|templates|receipt-size)\.js/.test(path)),
      [],
      'a sealed config fetches no validator, catalog or receipt-size check',
    );
    const text = (id: string) => page.$eval(`#${id}`, (el) => el.textContent);
    assert.match(await text('stand-ins'), /Rien pour l’instant/);
    assert.match(await text('consent-mode'), /analytics_storage=denied, ad_storage=denied/);
    assert.doesNotMatch(output, /stand-in .* requested/, 'no third party was even asked');
    await page.evaluate(() =>
      (
        document.querySelector('temoin-banner')!.shadowRoot!.querySelector('[part~=accept]') as HTMLButtonElement
      ).click(),
    );
    await page.waitForFunction(() => document.querySelectorAll('#stand-ins li').length == 4, { timeout: 10_000 });
    assert.match(await text('consent-mode'), /analytics_storage=granted, ad_storage=granted/);
    // The decision in the page's language, in the config's words, what the visitor chose alone.
    assert.equal(await text('decision'), 'Mesure d’audience ✓, Publicité ✓, Vidéos et cartes intégrées ✓');
    assert.equal(await videoSays(page), 'fr: ▶ Vidéo chargée');
    // The map's glyph is drawn (🗺 needed an emoji font: a box, or nothing, on many systems).
    const map = await (await page.waitForSelector('iframe[src*="maps.localhost"]'))!.contentFrame();
    await map.waitForSelector('svg');
    const glyph = await map.$eval('svg', (svg) => [
      svg.getBoundingClientRect().width,
      svg.querySelector('path')!.getTotalLength(),
    ]);
    assert.ok(glyph[0]! >= 16 && glyph[1]! > 0, `the pin drawn: ${glyph.join(', ')}`);
    assert.doesNotMatch(await map.$eval('body', (b) => b.innerText), /[\u{1F000}-\u{1FFFF}]/u, 'no emoji');
    for (const host of ['stats', 'pixel', 'video', 'maps'])
      assert.match(output, new RegExp(`stand-in ${host}\\.localhost`));
    const token = /Analyst token:\s+(tmn_[\w-]+)/.exec(output)![1]!;
    let lines: string[] = [];
    for (let i = 0; i < 50 && !lines.length; i++) {
      const response = await fetch(`http://localhost:${collector}/v1/receipts`, {
        headers: { authorization: `Bearer ${token}` },
      });
      lines = (await response.text()).split('\n').filter(Boolean);
      if (!lines.length) await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /"event":"given"/);
    await page.close();
  });

  it('speaks English on the English page, and has its privacy pages', async () => {
    // A new visitor: no cookie from the decision above.
    const page = await (await browser.createBrowserContext()).newPage();
    await page.goto(`http://localhost:${site}/demo/en.html`);
    await page.waitForFunction(
      () => document.querySelector('temoin-banner[open]')?.shadowRoot?.querySelector('h2')?.textContent,
    );
    const title = await page.evaluate(
      () => document.querySelector('temoin-banner')!.shadowRoot!.querySelector('h2')!.textContent,
    );
    assert.equal(title, 'Your cookie choices');
    // The decision line in English: the categories' English titles, and a service granted without
    // the rest of its category by its name.
    const decision = () => page.$eval('#decision', (el) => el.textContent);
    assert.equal(await decision(), 'none');
    const shown = (line: string) =>
      page.waitForFunction((line) => document.getElementById('decision')!.textContent == line, {}, line);
    await page.$eval('[data-action=analytics]', (button) => (button as HTMLButtonElement).click());
    await shown('Analytics ✓, Advertising ✗, Embedded videos and maps ✗');
    await page.evaluate(() => window.temoin!.set({ marketing: true, media: { video: true } }));
    await shown('Analytics ✓, Advertising ✓, Embedded videos and maps (YouTube ✓)');
    assert.equal(await videoSays(page), 'en: ▶ Video loaded');
    for (const path of ['/demo/confidentialite.html', '/demo/privacy.html']) {
      assert.equal((await fetch(`http://localhost:${site}${path}`)).status, 200, path);
    }
    // The privacy page lists the cookies and services, Témoin's own cookie first, in its language.
    await page.goto(`http://localhost:${site}/demo/privacy.html`);
    await page.waitForFunction(() =>
      document
        .querySelector('temoin-declaration')
        ?.shadowRoot?.textContent.includes('In your browser, for this site; the receipts also in the register of'),
    );
    // The controller's name in English too.
    const declaration = await page.$eval('temoin-declaration', (el) => el.shadowRoot!.textContent);
    assert.match(declaration, /the receipts also in the register of Demo City/);
    assert.doesNotMatch(declaration, /Ville de Démo/);
    // The template's service by its English name.
    assert.match(declaration, /Meta Pixel/);
    assert.doesNotMatch(declaration, /Pixel Meta/);
    await page.close();
  });

  it('seals its config again once edited, and serves a config that does not pass as written', async () => {
    const served = async () =>
      (await (await fetch(`http://localhost:${site}/demo/temoin.config.json`)).json()) as Record<string, unknown>;
    const original = await readFile(config, 'utf8');
    await writeFile(config, original.replace('"revision"', '"revison"'));
    const broken = await served();
    assert.equal(broken.seal, undefined, 'no seal on a config that does not pass');
    assert.equal(broken.revison, 1);
    assert.match(output, /config\.json is served unsealed\. [^\n]*\n[\s\S]*revison is not a known field/);
    await writeFile(config, original);
    const fixed = await served();
    assert.equal(typeof fixed.seal, 'string', 'sealed again once fixed');
  });

  it('stops everything on Ctrl-C', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    assert.equal(await exited, 0);
    assert.match(output, /Stopped\./);
    await assert.rejects(fetch(`http://localhost:${collector}/v1/keys`));
  });
});
