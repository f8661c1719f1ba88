// What `temoin` loads before it does anything. `--help` and the commands analysts and site owners
// run from scripts and cron (check, verify, stats) must not load the collector's server (Fastify),
// a database driver they do not use, the schema validator or the scanner's browser driver: each
// command's work is imported only when it runs (src/collector/cli/run/). These tests keep a heavy
// module from creeping back into a light command's start (bench/cli.mjs measures the time).
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { program } from '../../src/collector/cli/main.js';
import { temoin, type Ran } from './cli-run.js';
import { freshStore, receipt, ORIGIN, type Fresh } from './support.js';

const fixture = (name: string) => new URL(`../../../../test/fixtures/${name}`, import.meta.url).pathname;

/**
 * Node's flags that write down, in `file`, every module a process loads: each ES module as the
 * loader resolves it (a hook, in the loader's own thread), and at exit every CommonJS module in
 * the cache (what those packages require among themselves, which the hook does not see).
 */
function recording(file: string): string[] {
  const hook = `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const found = await next(specifier, context);
  appendFileSync(${JSON.stringify(file)}, found.url + '\\n');
  return found;
}`;
  const preload = `import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hook)}`)});
const cache = createRequire(${JSON.stringify(file)}).cache;
process.on('exit', () => appendFileSync(${JSON.stringify(file)}, Object.keys(cache).join('\\n') + '\\n'));`;
  return ['--import', `data:text/javascript,${encodeURIComponent(preload)}`];
}

interface Loaded {
  ran: Ran;
  /** The packages under node_modules it loaded, by name. */
  packages: string[];
  /** Every module it loaded: URLs and paths. */
  modules: string;
}

/** Modules that are a command's work, never its flags: the server, the run modules, the checker, the scanner. */
const WORK = /\/dist\/node\/src\/(collector\/(server|plugins\/|cli\/run\/)|check\/|scanner\/)/;

describe('what temoin loads to start', () => {
  let dir: string;
  let fresh: Fresh;
  let runs = 0;

  /** `temoin …args`, and what it loaded. */
  async function loadedBy(args: string[]): Promise<Loaded> {
    const file = join(dir, `loaded-${++runs}.txt`);
    const ran = await temoin(args, { node: recording(file) });
    const modules = await readFile(file, 'utf8');
    const names = [...modules.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)/g)].map((m) => m[1]!);
    return { ran, packages: [...new Set(names)].sort(), modules };
  }

  const none = (loaded: Loaded, packages: string[], what: string) =>
    assert.deepEqual(
      loaded.packages.filter((name) => packages.includes(name)),
      [],
      `${what} loads ${loaded.packages.join(', ')}`,
    );

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'temoin-cli-start-'));
    fresh = await freshStore('sqlite');
    await fresh.store.append(receipt(), { origin: ORIGIN, receivedAt: new Date().toISOString() }, fresh.key);
  });
  after(async () => {
    await fresh.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('records what a command loads: commander alone for the collector’s help, both drivers to migrate', async () => {
    // The recording itself is checked, or the tests below would pass on a file it left empty.
    const help = await loadedBy(['collector', '--help']);
    assert.equal(help.ran.code, 0, help.ran.stderr);
    assert.match(help.modules, /\/dist\/node\/src\/collector\/cli\/main\.js/);
    assert.deepEqual(help.packages, ['commander']);
    const migrate = await loadedBy(['migrate-to-postgres', '--db', join(dir, 'none.db'), '--database-url', 'x']);
    assert.ok(migrate.packages.includes('pg') && migrate.packages.includes('better-sqlite3'), migrate.packages.join());
  });

  it('--help, and every command’s --help, load commander alone and none of the commands’ work', async () => {
    const commands = [[], ...program().commands.map((c) => [c.name()]), ['receipts', 'export'], ['token', 'create']];
    const loaded = await Promise.all(commands.map((command) => loadedBy([...command, '--help'])));
    for (const [i, { ran, packages, modules }] of loaded.entries()) {
      const what = `temoin ${[...commands[i]!, '--help'].join(' ')}`;
      assert.equal(ran.code, 0, `${what}: ${ran.stderr}`);
      assert.match(ran.stdout, /^Usage: temoin/, what);
      assert.deepEqual(packages, ['commander'], `${what} loads ${packages.join(', ')}`);
      assert.doesNotMatch(modules, WORK, what);
    }
  });

  it('a usage error loads none of the commands’ work either', async () => {
    const loaded = await loadedBy(['stats', '--interval', 'year']);
    assert.equal(loaded.ran.code, 2);
    assert.match(loaded.ran.stderr, /argument 'year' is invalid/);
    assert.deepEqual(loaded.packages, ['commander']);
    assert.doesNotMatch(loaded.modules, WORK);
  });

  it('temoin check loads no server, no database driver and no browser driver', async () => {
    const loaded = await loadedBy(['check', fixture('config.json')]);
    assert.equal(loaded.ran.code, 0, loaded.ran.stdout + loaded.ran.stderr);
    none(loaded, ['fastify', 'pg', 'better-sqlite3', 'puppeteer-core'], 'temoin check');
  });

  it('temoin verify on SQLite loads its driver alone: no server, no pg, no schema validator', async () => {
    const loaded = await loadedBy(['verify', '--db', fresh.location.db!, '--key', fresh.keyFile]);
    assert.equal(loaded.ran.code, 0, loaded.ran.stderr);
    assert.match(loaded.ran.stdout, /^chain intact: 1 receipt/);
    assert.ok(loaded.packages.includes('better-sqlite3'), loaded.packages.join());
    none(loaded, ['fastify', 'pg', 'ajv', 'puppeteer-core', 'parse5'], 'temoin verify');
    assert.doesNotMatch(loaded.modules, /\/src\/collector\/server\.js/);
  });

  it('temoin stats on SQLite loads no server, no pg and no browser driver', async () => {
    const loaded = await loadedBy(['stats', '--db', fresh.location.db!, '--json']);
    assert.equal(loaded.ran.code, 0, loaded.ran.stderr);
    assert.ok(JSON.parse(loaded.ran.stdout), loaded.ran.stdout);
    none(loaded, ['fastify', 'pg', 'puppeteer-core', 'parse5'], 'temoin stats');
  });

  it('temoin stats and receipts export load the schema validator only for the filters given', async () => {
    const [stats, exported, filtered] = await Promise.all([
      loadedBy(['stats', '--db', fresh.location.db!, '--json']),
      loadedBy(['receipts', 'export', '--db', fresh.location.db!]),
      loadedBy(['receipts', 'export', '--db', fresh.location.db!, '--category', 'bad category']),
    ]);
    assert.equal(stats.ran.code, 0, stats.ran.stderr);
    assert.equal(exported.ran.code, 0, exported.ran.stderr);
    assert.equal(exported.ran.stdout.split('\n').length, 2, exported.ran.stdout);
    none(stats, ['ajv'], 'temoin stats');
    none(exported, ['ajv'], 'temoin receipts export');
    // A filter given is checked by the API's own schemas, as before.
    assert.equal(filtered.ran.code, 2);
    assert.match(filtered.ran.stderr, /--category must be a category id, not "bad category"/);
    assert.ok(filtered.packages.includes('ajv'), filtered.packages.join());
  });
});
