// The package as an editor or a site owner gets it, without a clone: `npm pack`, installed in an
// empty folder, gives `npx temoin` with its version, the browser files, `check`, `scan` (with the
// optional puppeteer-core beside it) and a collector that stores a receipt. It installs once, with
// the better-sqlite3 addon this clone compiled when the versions match.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { cp, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { freePort, ORIGIN, receipt } from '../collector/support.js';

const run = promisify(execFile);
const root = new URL('../../../../', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };

/**
 * better-sqlite3's addon for the installed package, as its install script makes it: the one this
 * clone's `npm ci` installed (compiled, or downloaded by prebuild-install) when the versions match,
 * for the same Node; else built there (about 75 s to compile).
 */
async function buildSqlite(dir: string): Promise<void> {
  const version = (at: string) =>
    (JSON.parse(readFileSync(join(at, 'node_modules/better-sqlite3/package.json'), 'utf8')) as { version: string })
      .version;
  const addon = 'node_modules/better-sqlite3/build/Release/better_sqlite3.node';
  if (version(dir) == version(root) && existsSync(join(root, addon))) {
    await cp(join(root, addon), join(dir, addon));
  } else {
    await run('npm', ['rebuild', 'better-sqlite3'], { cwd: dir, maxBuffer: 1 << 24 });
  }
}

void describe('npm pack, installed in an empty folder', { timeout: 600_000 }, () => {
  let dir: string;
  const temoin = (...args: string[]) => run('npx', ['--no-install', 'temoin', ...args], { cwd: dir });

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'temoin-pack-'));
    // dist/ is already built by `npm test`: no prepack build here.
    const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], {
      cwd: root,
    });
    const [{ filename }] = JSON.parse(stdout) as [{ filename: string }];
    await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'site', private: true }));
    const driver = `puppeteer-core@${(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }).devDependencies['puppeteer-core']}`;
    await run(
      'npm',
      ['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', join(dir, filename), driver],
      { cwd: dir, maxBuffer: 1 << 24 },
    );
    await buildSqlite(dir);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  void it('runs temoin --version, assets and the collector', async () => {
    assert.equal((await temoin('--version')).stdout.trim(), pkg.version);

    const assets = await temoin('assets', './public/temoin');
    assert.match(assets.stdout, /<script src="\/temoin\/temoin\.js" data-config="\/temoin\/config\.json"><\/script>/);
    const files = await readdir(join(dir, 'public/temoin'));
    for (const name of [
      'temoin.js',
      'temoin.dev.js',
      'temoin-decisions.js',
      'temoin-durable.js',
      'temoin-receipts.js',
      'temoin-ui.js',
      'temoin-ui-preferences.js',
      'temoin-ui-receipt.js',
      'temoin-ui-declaration.js',
      'temoin-ui-placeholders.js',
      ...['fr', 'en', 'es', 'de', 'it', 'pt', 'nl'].flatMap((lang) => [
        `temoin-ui-${lang}.js`,
        `temoin-ui-placeholders-${lang}.js`,
      ]),
    ]) {
      assert.ok(files.includes(name), `${name} is copied`);
    }
    assert.ok(!files.some((f) => f.endsWith('.map') || f.endsWith('.mjs')), 'only what a page loads');
    assert.ok(files.includes('config.schema.json'), 'the config\'s schema, for "$schema"');

    // A site made of what `assets` wrote: `check` reads it, `scan` finds it clean.
    const config = {
      $schema: './config.schema.json',
      revision: 1,
      categories: [{ id: 'necessary', required: true, title: 'Nécessaires' }],
    };
    await writeFile(join(dir, 'public/temoin/config.json'), JSON.stringify(config));
    await writeFile(
      join(dir, 'public/index.html'),
      '<!doctype html><html lang="fr"><head>\n' +
        '<script src="/temoin/temoin.js" data-config="/temoin/config.json"></script><title>Site</title></head><body><p>Bonjour</p></body></html>',
    );
    assert.match((await temoin('check', 'public/index.html')).stdout, /no problem found/);
    // Sealed for the browser files of this package: the version file ships with them.
    await temoin('check', 'public/temoin/config.json', '--seal', 'public/temoin/config.sealed.json');
    assert.match(
      (await temoin('check', 'public/temoin/config.sealed.json')).stdout,
      /sealed for this release: the production script starts without validating it/,
    );
    assert.doesNotMatch((await temoin('assets', './public/temoin')).stderr, /seal/, 'a current seal');
    const sealed = JSON.parse(readFileSync(join(dir, 'public/temoin/config.sealed.json'), 'utf8')) as object;
    await writeFile(join(dir, 'public/temoin/config.sealed.json'), JSON.stringify({ ...sealed, revision: 2 }));
    assert.match(
      (await temoin('assets', './public/temoin')).stderr,
      /public\/temoin\/config\.sealed\.json has a seal these files do not take .*; seal it again: npx temoin check <your config> --seal public\/temoin\/config\.sealed\.json/,
    );
    const site = createServer((req, res) => {
      const path = join(dir, 'public', req.url == '/' ? 'index.html' : req.url!.split('?')[0]!);
      let body: Buffer;
      try {
        body = readFileSync(path);
      } catch {
        res.writeHead(404).end();
        return;
      }
      res
        .writeHead(200, {
          'content-type': path.endsWith('.js')
            ? 'text/javascript'
            : path.endsWith('.json')
              ? 'application/json'
              : 'text/html',
        })
        .end(body);
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    try {
      const scanned = await temoin(
        'scan',
        `http://127.0.0.1:${(site.address() as { port: number }).port}/`,
        '--pages',
        '1',
      );
      assert.match(scanned.stdout, /1 page × 3 states scanned/);
    } finally {
      site.close();
    }

    const port = await freePort();
    const child = spawn(
      'node',
      [
        'node_modules/temoin/bin/temoin.js',
        'collector',
        '--origin',
        ORIGIN,
        '--port',
        String(port),
        '--db',
        'receipts.db',
        '--key',
        'collector.key',
      ],
      { cwd: dir, stdio: 'ignore' },
    );
    try {
      let health: Response | undefined;
      for (let i = 0; i < 100 && !health?.ok; i++) {
        health = await fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined);
        if (!health?.ok) await new Promise((r) => setTimeout(r, 100));
      }
      assert.ok(health?.ok, 'the collector answers');
      const posted = await fetch(`http://127.0.0.1:${port}/v1/receipts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: ORIGIN },
        body: JSON.stringify(receipt()),
      });
      assert.equal(posted.status, 201, 'a receipt is stored by the installed better-sqlite3');
    } finally {
      child.kill('SIGTERM');
    }
    const verified = await temoin('verify', '--db', 'receipts.db');
    assert.match(verified.stdout, /chain intact: 1 receipt, #1 to #1/);
  });
});
