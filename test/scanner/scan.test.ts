// `temoin scan` end to end, as CI runs it: the CLI against the fixture site (tracker stand-ins
// under their real host names, served on loopback) in its three versions, then the demo site.
// Asserts the findings, the exit codes, the JSON report against its schema, the suggested
// config (it validates), and that the HTML report opens in Chromium without a console error
// and passes axe.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import Database from 'better-sqlite3';
import type { Finding, ScanReport } from '../../src/scanner/index.js';
import { freePort } from '../collector/support.js';
import { untilPrinted } from '../support/printed.js';
import { SITES, startFixtureSite, type FixtureSite } from './fixture-site.js';
import { launchBrowser } from '../../src/scanner/browser.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const bin = join(root, 'bin/temoin.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}
function temoin(args: string[], env: NodeJS.ProcessEnv = {}, nodeArgs: string[] = []): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...nodeArgs, bin, ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
const json = async <T>(file: string) => JSON.parse(await readFile(file, 'utf8')) as T;
const kinds = (findings: Finding[]) =>
  findings.map((f) => `${f.kind} ${f.state ?? ''} ${f.cookie ?? f.host ?? ''}`.trim()).sort();

describe('temoin scan', () => {
  let site: FixtureSite;
  let dir: string;
  const browserArgs = () => site.browserArgs.flatMap((a) => ['--browser-arg', a]);
  const runs: Record<'leaky' | 'clean' | 'none' | 'ping', Run> = {} as never;

  before(async () => {
    site = await startFixtureSite();
    dir = await mkdtemp(join(tmpdir(), 'temoin-scan-test-'));
    // One after the other: each drives two pages at once, which is what two cores hold.
    runs.leaky = await temoin([
      'scan',
      `https://${SITES.leaky}/`,
      '--sitemap',
      '--wait',
      '1000',
      ...browserArgs(),
      '--json',
      join(dir, 'leaky.json'),
      '--html',
      join(dir, 'leaky.html'),
      '--lang',
      'fr',
    ]);
    runs.clean = await temoin([
      'scan',
      `https://${SITES.clean}/`,
      '--wait',
      '1000',
      ...browserArgs(),
      '--json',
      join(dir, 'clean.json'),
      '--per-category',
    ]);
    runs.none = await temoin([
      'scan',
      '--url',
      `https://${SITES.none}/`,
      '--url',
      `https://${SITES.none}/a.html`,
      '--wait',
      '1000',
      ...browserArgs(),
      '--json',
      join(dir, 'none.json'),
      '--fail-on',
      'unused',
      '--suggest',
      join(dir, 'suggest.json'),
      '--html',
      join(dir, 'none.html'),
    ]);
    runs.ping = await temoin([
      'scan',
      '--url',
      `https://${SITES.leaky}/ping.html`,
      '--wait',
      '1000',
      ...browserArgs(),
      '--json',
      join(dir, 'ping.json'),
    ]);
  });
  after(async () => {
    await site.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('finds the leaks of a Témoin site: unmarked markup, an undeclared script added at run time, a cookie longer-lived than declared', async () => {
    assert.equal(runs.leaky.code, 1, runs.leaky.stderr);
    const report = await json<ScanReport>(join(dir, 'leaky.json'));
    assert.deepEqual(report.states, ['no-decision', 'reject-all', 'accept-all']);
    assert.deepEqual(
      report.pages.map((p) => p.url),
      [`https://${SITES.leaky}/`, `https://${SITES.leaky}/a.html`],
      'the pages of the sitemap',
    );
    assert.deepEqual(kinds(report.findings), [
      'cookie-lifetime accept-all _ga',
      'leak no-decision _hjSessionUser_1',
      'leak no-decision static.hotjar.com',
      'leak reject-all _hjSessionUser_1',
      'leak reject-all static.hotjar.com',
      'undeclared no-decision static.hotjar.com',
      'unmarked no-decision connect.facebook.net',
    ]);
    const unmarked = report.findings.find((f) => f.kind == 'unmarked')!;
    assert.equal(unmarked.service, 'meta');
    assert.equal(unmarked.category, 'marketing');
    assert.match(
      unmarked.fix,
      /<script type="text\/plain" data-category="marketing" data-service="meta" src="https:\/\/connect\.facebook\.net\/en_US\/fbevents\.js">/,
    );
    const late = report.findings.find((f) => f.kind == 'leak' && f.host == 'static.hotjar.com')!;
    assert.equal(late.template, 'hotjar');
    assert.match(late.evidence, /lancée par un script/);
    assert.match(late.fix, /"template": "hotjar"/);
    const lifetime = report.findings.find((f) => f.kind == 'cookie-lifetime')!;
    assert.equal(lifetime.service, 'ga4');
    assert.match(lifetime.evidence, /400\u00a0jours, la configuration en déclare 30/);
    // What was recorded: who started each request, third-party cookies, iframes.
    const home = report.pages[0]!.states;
    const none = home.find((s) => s.state == 'no-decision')!;
    assert.equal(none.banner, true);
    assert.equal(none.requests.find((r) => r.host == 'connect.facebook.net')?.initiator, 'markup');
    const accepted = home.find((s) => s.state == 'accept-all')!;
    assert.ok(
      accepted.cookies.some(
        (c) =>
          c.name == 'VISITOR_INFO1_LIVE' &&
          c.domain == 'www.youtube.com' &&
          c.thirdParty &&
          c.attribution.service == 'youtube',
      ),
    );
    assert.ok(accepted.iframes.includes('https://www.youtube.com/embed/abc'));
    assert.match(report.consentManager.configHash ?? '', /^[0-9a-f]{64}$/);
    // People read a table on stdout and progress on stderr.
    assert.match(
      runs.leaky.stdout,
      /2\u00a0pages × 3\u00a0états analysés en [\d,]+\u00a0s\u00a0; 7\u00a0constatations\./,
    );
    // In French as the HTML report says them: the kind and the state.
    assert.match(runs.leaky.stdout, /Balisage non marqué\s+\/\s+avant tout choix\s+connect\.facebook\.net\s+meta/);
    assert.match(
      runs.leaky.stderr,
      /\[6\/6\] https:\/\/www\.ville-fuite\.example\/a\.html \(après «\u00a0Tout accepter\u00a0»\)/,
    );
  });

  it('calls an image a script pings with a leak of that script, not unmarked markup, though Chromium names the parser', async () => {
    const report = await json<ScanReport>(join(dir, 'ping.json'));
    const none = report.pages[0]!.states.find((s) => s.state == 'no-decision')!;
    assert.equal(
      none.requests.find((r) => r.host == 'www.facebook.com')?.initiator,
      'markup',
      "what Chromium says: the parser's",
    );
    const pings = report.findings.filter((f) => f.host == 'www.facebook.com');
    assert.deepEqual(
      pings.map((f) => `${f.kind} ${f.state}`),
      ['leak no-decision', 'leak reject-all'],
    );
    assert.match(pings[0]!.evidence, /\(image, started by a script\) before any choice/);
    assert.match(
      pings[0]!.fix,
      /^Load the script that makes this request with <script type="text\/plain" data-category="marketing">/,
    );
    assert.ok(!report.findings.some((f) => /<link>/.test(f.fix)), JSON.stringify(report.findings, null, 1));
  });

  it('finds nothing on the clean Témoin site, per category too, and exits 0', async () => {
    assert.equal(runs.clean.code, 0, runs.clean.stdout + runs.clean.stderr);
    const report = await json<ScanReport>(join(dir, 'clean.json'));
    assert.deepEqual(report.states, [
      'no-decision',
      'reject-all',
      'accept-all',
      'only:analytics',
      'only:marketing',
      'only:media',
    ]);
    assert.deepEqual(report.findings, []);
    const onlyMedia = report.pages[0]!.states.find((s) => s.state == 'only:media')!;
    assert.deepEqual(
      [...new Set(onlyMedia.requests.filter((r) => r.attribution.status == 'declared').map((r) => r.host))],
      ['www.youtube.com'],
    );
    assert.match(runs.clean.stdout, /No findings/);
    assert.equal(report.pages.length, 2, 'the home page and its one same-origin link');
    const cdn = report.pages[0]!.states[0]!.requests.filter((r) => r.host == 'cdn.jsdelivr.net');
    assert.ok(
      cdn.length >= 2 && cdn.every((r) => r.attribution.status == 'temoin'),
      "Témoin and its chunks, from a CDN, are Témoin's own",
    );
  });

  it('says so when a site has no consent manager, records its first state only, and suggests a config that validates', async () => {
    assert.equal(runs.none.code, 0, '--fail-on unused: its leaks do not fail it');
    const report = await json<ScanReport>(join(dir, 'none.json'));
    assert.deepEqual(report.states, ['no-decision']);
    assert.equal(report.pages.length, 2, 'the pages given with --url');
    assert.equal(report.consentManager.temoin, false);
    assert.deepEqual(kinds(report.findings), [
      'leak no-decision VISITOR_INFO1_LIVE',
      'leak no-decision _ga',
      'leak no-decision www.googletagmanager.com',
      'leak no-decision www.youtube.com',
      'no-cmp no-decision',
      'undeclared no-decision www.googletagmanager.com',
      'undeclared no-decision www.youtube.com',
    ]);
    const suggested = await json<{
      categories: { id: string; services?: { template?: string; purpose: { fr: string } }[] }[];
    }>(join(dir, 'suggest.json'));
    assert.deepEqual(
      suggested.categories.map((c) => [c.id, c.services?.map((s) => s.template) ?? []]),
      [
        ['necessary', []],
        ['analytics', ['google-analytics-4']],
        ['media', ['youtube']],
      ],
    );
    assert.match(suggested.categories[1]!.services![0]!.purpose.fr, /^À VÉRIFIER\u00a0: /);
    // The SDK's own validation, in Node: it reads DEV_MODE and location as the browser build does.
    Object.assign(globalThis, { DEV_MODE: true, location: { href: `https://${SITES.none}/` } });
    const { expandTemplates } = await import('../../src/templates/expand.js');
    const { validateConfig } = await import('../../src/core/config.js');
    assert.doesNotThrow(() => validateConfig(expandTemplates(suggested)));
  });

  it('writes JSON reports that follow the published schema', async () => {
    const schema = await json<object>(join(root, 'src/scanner/scan-report.schema.json'));
    const validate = new Ajv({ allErrors: true, validateFormats: false }).compile(schema);
    for (const name of ['leaky', 'clean', 'none', 'ping']) {
      assert.ok(validate(await json(join(dir, `${name}.json`))), `${name}: ${JSON.stringify(validate.errors)}`);
    }
  });

  it('writes an HTML report that opens in Chromium without a console error and passes axe', async () => {
    const axe = await readFile(join(root, 'node_modules/axe-core/axe.min.js'), 'utf8');
    const browser = await launchBrowser({ args: [] });
    try {
      for (const [name, lang] of [
        ['leaky', 'fr'],
        ['none', 'en'],
      ] as const) {
        const page = await browser.newPage();
        const errors: string[] = [];
        page.on('console', (m) => m.type() == 'error' && errors.push(m.text()));
        page.on('pageerror', (e) => errors.push(String(e)));
        page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()}`));
        await page.goto('file://' + join(dir, `${name}.html`));
        assert.deepEqual(errors, [], name);
        assert.equal(await page.$eval('html', (h) => h.lang), lang);
        await page.addScriptTag({ content: axe });
        const violations = await page.evaluate(async () =>
          (
            await (window as unknown as { axe: { run(): Promise<{ violations: { id: string }[] }> } }).axe.run()
          ).violations.map((v) => v.id),
        );
        assert.deepEqual(violations, [], name);
        if (name == 'leaky') {
          assert.equal(
            await page.$$eval('figure img', (imgs) => imgs.filter((i) => i.naturalWidth > 0).length),
            2,
            'the banner on a desktop and a phone',
          );
          const text = await page.$eval('main', (m) => m.textContent);
          assert.match(text, /Balisage non marqué/);
          assert.match(text, /Empreinte de la configuration/);
          assert.match(text, /_hjSessionUser_1/);
        }
        await page.close();
      }
    } finally {
      await browser.close();
    }
  });

  it('exits 2 with the cause when the scan cannot run', async () => {
    const port = await freePort();
    // puppeteer-core made unresolvable, as in an install without the optional peer.
    const withoutDriver = [
      '--import',
      `data:text/javascript,import { register } from 'node:module'; register(${JSON.stringify(
        'data:text/javascript,export async function resolve(s, c, next) { if (s == "puppeteer-core") throw new Error("not found"); return next(s, c); }',
      )});`,
    ];
    const [unreachable, noBrowser, badFlag, noUrl, noDriver] = await Promise.all([
      temoin(['scan', `http://127.0.0.1:${port}/`, '--timeout', '5000']),
      temoin(['scan', 'https://www.example.org/'], { CHROME_PATH: '/nonexistent/chromium' }),
      temoin(['scan', 'https://www.example.org/', '--pages', 'zero']),
      temoin(['scan']),
      temoin(['scan', 'https://www.example.org/'], {}, withoutDriver),
    ]);
    assert.equal(unreachable.code, 2);
    assert.match(
      unreachable.stderr,
      new RegExp(`temoin: http://127\\.0\\.0\\.1:${port}/ could not be loaded: net::ERR_CONNECTION_REFUSED`),
    );
    assert.equal(noBrowser.code, 2);
    assert.match(noBrowser.stderr, /CHROME_PATH is \/nonexistent\/chromium, which is not an executable file/);
    assert.equal(badFlag.code, 2);
    assert.match(badFlag.stderr, /expected a whole number ≥ 1, got "zero"/);
    assert.equal(noUrl.code, 2);
    assert.match(noUrl.stderr, /give the page to scan/);
    assert.equal(noDriver.code, 2, noDriver.stderr);
    assert.match(
      noDriver.stderr,
      /puppeteer-core, which is not installed: run `npm install --save-dev puppeteer-core`/,
    );
  });

  it('scans the demo site clean', async () => {
    const demoDir = await mkdtemp(join(tmpdir(), 'temoin-scan-demo-'));
    const [port, collector] = [await freePort(), await freePort()];
    const demo = spawn(process.execPath, [join(root, 'demo/serve.mjs')], {
      env: { ...process.env, PORT: String(port), COLLECTOR_PORT: String(collector), TEMOIN_DEMO_DIR: demoDir },
    });
    let output = '';
    demo.stdout.on('data', (c: Buffer) => (output += c.toString()));
    try {
      await untilPrinted(demo, () => output, 'Ctrl-C');
      const run = await temoin([
        'scan',
        `http://localhost:${port}/`,
        '--wait',
        '1000',
        '--json',
        join(demoDir, 'demo.json'),
      ]);
      assert.equal(run.code, 0, run.stdout + run.stderr);
      const report = await json<ScanReport>(join(demoDir, 'demo.json'));
      assert.equal(report.pages.length, 4);
      assert.deepEqual(report.findings, []);
      const db = new Database(join(demoDir, 'temoin.db'), { readonly: true });
      assert.deepEqual(
        db.prepare('SELECT count(*) AS n FROM receipts').get(),
        { n: 0 },
        "the scan sent no receipt to the demo's collector",
      );
      db.close();
    } finally {
      demo.kill();
      await rm(demoDir, { recursive: true, force: true });
    }
  });
});
