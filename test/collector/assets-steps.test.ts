// `temoin assets`, then the steps it prints, as an editor follows them in an empty folder: the
// files it copied, one a line; the config written where it says; the seal command it prints writes
// the file the tag loads, again after each change (never the refusal to write over a config that
// names templates); the page then checks clean.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';

const bin = new URL('../../../../bin/temoin.js', import.meta.url).pathname;
const run = promisify(execFile);

void describe('temoin assets, and the steps it prints', () => {
  let dir: string;
  /** Runs `temoin …` in the folder; resolves with the exit code and output, whatever the code. */
  const temoin = (...args: string[]) =>
    run('node', [bin, ...args], { cwd: dir }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (e: unknown) => e as { code: number; stdout: string; stderr: string },
    );
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'temoin-assets-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  void it('lists the files it copied, one a line', async () => {
    const assets = await temoin('assets', './public/temoin');
    assert.equal(assets.code, 0, assets.stderr);
    const copied = (await readdir(join(dir, 'public/temoin'))).sort();
    const [first, ...lines] = assets.stderr.split('\n').filter(Boolean);
    assert.equal(first, `temoin: copied ${copied.length} files to ./public/temoin:`);
    assert.deepEqual(
      lines.sort(),
      copied.map((name) => `  ${name}`),
    );
  });

  void it('prints steps that write the config apart and seal it into the file the tag loads, again after each change', async () => {
    const assets = await temoin('assets', './public/temoin');
    assert.equal(assets.code, 0, assets.stderr);
    // The tag it prints, in a page, and the config where it says to write it.
    const tag = /<script src="[^"]*" data-config="[^"]*"><\/script>/.exec(assets.stdout)![0];
    await writeFile(
      join(dir, 'public/index.html'),
      `<!doctype html><html lang="fr"><head>\n${tag}<title>Site</title></head><body><p>Bonjour</p></body></html>\n`,
    );
    const steps = /Write your config in (\S+), here, not in \S+ \("\$schema": "([^"]+)"/;
    assert.match(assets.stdout, steps);
    const [, file, schema] = steps.exec(assets.stdout)!;
    const config = {
      $schema: schema,
      revision: 1,
      categories: [
        { id: 'necessary', required: true, title: 'Nécessaires' },
        { id: 'media', title: 'Vidéos', services: [{ template: 'youtube', id: 'youtube' }] },
      ],
    };
    await writeFile(join(dir, file!), JSON.stringify(config, null, 2));
    assert.ok(JSON.parse(await readFile(join(dir, schema!), 'utf8')), 'its "$schema" is the schema assets copied');
    const seal = /^ {2}npx temoin check (.*)$/m.exec(assets.stdout)![1]!.split(' ');
    // The page checked before the config is sealed: where it should be, and the command (newcomer44).
    const early = await temoin('check', 'public/index.html');
    assert.equal(early.code, 2, early.stdout);
    assert.match(
      early.stderr,
      /public\/temoin\/config\.json: no such file .*; seal your config into it: npx temoin check temoin\.config\.json --seal public\/temoin\/config\.json$/m,
    );
    for (const revision of [1, 2]) {
      await writeFile(join(dir, file!), JSON.stringify({ ...config, revision }, null, 2));
      const sealed = await temoin('check', ...seal);
      assert.equal(sealed.code, 0, sealed.stdout + sealed.stderr);
      assert.match(sealed.stdout, /sealed: wrote public\/temoin\/config\.json/);
    }
    const served = JSON.parse(await readFile(join(dir, 'public/temoin/config.json'), 'utf8')) as {
      revision: number;
      $schema?: string;
    };
    assert.equal(served.revision, 2);
    // The editor's "$schema" is a path from temoin.config.json: from the file served it names nothing.
    assert.equal(served.$schema, undefined);
    const page = await temoin('check', 'public/index.html');
    assert.equal(page.code, 0, page.stdout);
    assert.match(page.stdout, /sealed for this release/);
    // A checkout or a copy gives the editor's config a later time, the same text: the seal is up to date.
    const later = new Date(Date.now() + 60_000);
    await utimes(join(dir, file!), later, later);
    const touched = await temoin('check', 'public/index.html');
    assert.equal(touched.code, 0, touched.stdout);
    // The config changed since it was sealed: the page loads the old one, and check says so (newcomer44).
    await writeFile(join(dir, file!), JSON.stringify({ ...config, revision: 3 }, null, 2));
    const earlier = new Date(Date.now() - 60_000);
    await utimes(join(dir, file!), earlier, earlier);
    const stale = await temoin('check', 'public/index.html');
    assert.equal(stale.code, 1, stale.stdout);
    assert.match(
      stale.stdout,
      /✗ public\/temoin\/config\.json is not what sealing temoin\.config\.json writes now \(it was sealed from an earlier text of it, or from another config\), so the page loads the config as it was then: seal it again with npx temoin check temoin\.config\.json --seal public\/temoin\/config\.json/,
    );
  });
});
