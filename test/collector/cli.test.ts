// The command line around the collector, on real SQLite and PostgreSQL: --version, a closed pipe,
// time zones, help that marks required flags, counts in words, the remote verify and purge, and
// errors that name the URL they could not reach.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createToken } from '../../src/collector/access.js';
import { readDate, showDate } from '../../src/collector/cli/dates.js';
import { parseFilter, parseTimeRange, toFilter } from '../../src/collector/filters.js';
import { bin, temoin } from './cli-run.js';
import { collectorProcess } from './collector-process.js';
import { collectorInProcess, freePort, KINDS, receipt } from './support.js';

const { version } = JSON.parse(readFileSync(new URL('../../../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

describe('the temoin command', () => {
  it('--version prints the package version', async () => {
    for (const flag of ['--version', '-V']) {
      const ran = await temoin([flag]);
      assert.equal(ran.code, 0);
      assert.equal(ran.stdout, `${version}\n`);
    }
  });

  it('help marks the flags that must be given', async () => {
    /** Help as one line: commander wraps it to the terminal's width. */
    const help = async (...command: string[]) => (await temoin([...command, '--help'])).stdout.replace(/\s+/g, ' ');
    const create = await help('token', 'create');
    assert.match(create, /--name <name> +\(required\) whose token it is/);
    assert.doesNotMatch(create, /--role.*\(required\)/);
    const collector = await help('collector');
    assert.match(collector, /--origin <origin> +site origin allowed to send receipts \(required;/);
    const proof = await help('verify-receipt');
    assert.match(proof, /--keys <file> +the keys file .*this or --url is required/);
    // The program's description names every tool an editor runs.
    const program = (await help()).split(' Options:')[0]!;
    for (const command of ['temoin assets', 'temoin check', 'temoin scan', 'collector'])
      assert.ok(program.includes(command), program);
  });

  it('a usage error is followed by one line naming the help of its command, not by the whole help', async () => {
    for (const [args, error, hint] of [
      [['verify', '--nope'], "error: unknown option '--nope'", '(run "temoin verify --help" for its options)'],
      [['nope'], "error: unknown command 'nope'", '(run "temoin --help" for its commands)'],
      [['receipts', 'nope'], "error: unknown command 'nope'", '(run "temoin receipts --help" for its commands)'],
      [
        ['token', 'create', '--name', 'x', '--role', 'boss'],
        "error: option '--role <role>' argument 'boss' is invalid. Allowed choices are analyst, admin.",
        '(run "temoin token create --help" for its options)',
      ],
    ]) {
      const ran = await temoin(args as string[]);
      assert.equal(ran.code, 2, ran.stderr);
      assert.equal(ran.stderr, `${error as string}\n${hint as string}\n`);
      assert.equal(ran.stdout, '');
    }
  });

  it('takes a choice in any case, and still refuses a value that is none, with the list', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'temoin-cli-'));
    try {
      const db = join(dir, 'receipts.db');
      const collector = collectorProcess(['--db', db], join(dir, 'key.pem'), ['--log-level', 'DEBUG']);
      await collector.start();
      await collector.stop();
      const period = ['--from', '2026-01-01', '--to', '2026-02-01'];
      const json = await temoin(['report', '--db', db, ...period, '--format', 'JSON'], { env: { TEMOIN_LANG: 'EN' } });
      assert.equal(json.code, 0, json.stderr);
      assert.equal((JSON.parse(json.stdout) as { from: string }).from, '2026-01-01T00:00:00.000Z');
      assert.match(json.stderr, /^JSON report/);
      const loud = await temoin([
        'collector',
        '--db',
        db,
        '--origin',
        'https://www.ville-demo.test',
        '--log-level',
        'LOUD',
      ]);
      assert.equal(loud.code, 78, loud.stderr);
      assert.match(
        loud.stderr,
        /'--log-level <level>' argument 'LOUD' is invalid\. Allowed choices are fatal, error, warn, info, debug, trace, silent\./,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reads and shows dates in a time zone, with their offset', () => {
    assert.equal(readDate('2026-01-01', 'America/Toronto', '--from'), '2026-01-01T05:00:00.000Z');
    assert.equal(readDate('2026-07-01', 'America/Toronto', '--from'), '2026-07-01T04:00:00.000Z', 'summer time');
    assert.equal(readDate('2026-07-01T09:30', 'Asia/Kolkata', '--from'), '2026-07-01T04:00:00.000Z');
    assert.equal(readDate('2026-01-01', 'UTC', '--from'), '2026-01-01T00:00:00.000Z');
    assert.equal(
      readDate('2026-01-01T00:00:00+02:00', 'America/Toronto', '--from'),
      '2026-01-01T00:00:00+02:00',
      'an offset given is kept',
    );
    assert.equal(readDate('yesterday', 'UTC', '--from'), 'yesterday', 'left for the filter to refuse by name');
    // A day or time that does not exist is refused, never moved to another one (2026-03-02).
    for (const wrong of [
      '2026-02-30',
      '2026-13-01',
      '2025-02-29',
      '2026-04-31T10:00',
      '2026-01-01T24:00',
      '2026-01-01T09:60',
    ])
      assert.throws(() => readDate(wrong, 'UTC', '--to'), {
        message: `--to "${wrong}" is not a day and time of the calendar; give a real one, e.g. 2026-01-01 or 2026-01-01T09:30`,
      });
    assert.equal(readDate('2028-02-29', 'UTC', '--to'), '2028-02-29T00:00:00.000Z', 'a leap day');
    assert.equal(readDate('0050-01-01', 'UTC', '--to'), '0050-01-01T00:00:00.000Z', 'not 1950');
    // Clock changes: a day whose midnight is skipped starts when the clocks resume (01:00 -03),
    // a time shown twice is its first showing, a time skipped is refused.
    assert.equal(readDate('2026-09-06', 'America/Santiago', '--from'), '2026-09-06T04:00:00.000Z');
    assert.equal(readDate('2026-11-01T01:30', 'America/Toronto', '--from'), '2026-11-01T05:30:00.000Z');
    assert.throws(() => readDate('2026-03-08T02:30', 'America/Toronto', '--from'), {
      message: '--from "2026-03-08T02:30" does not exist in America/Toronto: the clocks skip it; give a later time',
    });
    assert.equal(showDate('2026-01-01T05:00:00.000Z', 'America/Toronto'), '2026-01-01T00:00:00.000-05:00');
    assert.equal(showDate('2026-07-01T04:00:00.000Z', 'Asia/Kolkata'), '2026-07-01T09:30:00.000+05:30');
    assert.equal(showDate('2026-07-01T04:00:00.000Z', 'UTC'), '2026-07-01T04:00:00.000Z');
  });

  it("names the CLI's flags in a filter's problems, where the API names its parameters", () => {
    for (const [flags, message] of [
      [{ from: '2026-02-01', to: '2026-01-01' }, '--from must be before --to'],
      [{ decision: 'granted' }, '--decision needs --category: the decision on which category'],
      [{ event: 'nope' }, '--event must be one of given, refused, updated, withdrawn, expired, not "nope"'],
      [{ from: 'yesterday' }, '--from must be a date (2026-11-23) or an ISO 8601 time, not "yesterday"'],
    ] as const)
      assert.throws(() => parseFilter(flags), { message });
    assert.throws(() => parseTimeRange({ to: '01/02/2026' }), { message: /^--to must be a date/ });
    assert.throws(() => toFilter({ decision: 'granted' }), {
      message: 'decision needs category: the decision on which category',
    });
  });

  it('a collector it cannot reach is named, not "fetch failed"', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    for (const command of [['stats'], ['verify'], ['receipts', 'export'], ['access-log'], ['purge']]) {
      const ran = await temoin([...command, '--url', url, '--token', 'tmn_x']);
      assert.equal(ran.code, 2, command.join(' '));
      assert.match(
        ran.stderr,
        new RegExp(`^temoin: cannot reach the collector at ${url}: .*ECONNREFUSED.*Check --url`),
      );
    }
    const keys = await temoin(['verify-receipt', bin, '--url', url]);
    assert.equal(keys.code, 2);
    assert.match(keys.stderr, new RegExp(`cannot reach the collector at ${url}`));
    const bad = await temoin(['stats', '--url', 'consent.example', '--token', 'tmn_x']);
    assert.match(bad.stderr, /--url "consent\.example" is not a URL/);
    const zone = await temoin(['stats', '--tz', 'Mars/Olympus', '--db', 'x.db']);
    assert.equal(zone.code, 2);
    assert.match(zone.stderr, /"Mars\/Olympus" is not a time zone/);
    const notUrl = await temoin(['stats', '--database-url', 'mysql://ana:secret@db/temoin']);
    assert.equal(notUrl.code, 2);
    assert.match(
      notUrl.stderr,
      /--database-url is not a PostgreSQL URL: write it as postgres:\/\/user:password@host:5432\/database/,
    );
    assert.doesNotMatch(notUrl.stderr, /secret/, 'a password is never printed');
  });

  it('the collector says which database it made, and names the flag of what it cannot use', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'temoin-cli-'));
    try {
      const start = (...flags: string[]) =>
        temoin(['collector', '--origin', 'https://www.ville-demo.test', '--db', 'made.db', ...flags], { cwd: dir });
      // A log level pino does not know, from the flag or the variable: named with the choices, nothing made.
      for (const bad of [
        await start('--log-level', 'verbose'),
        await temoin(['collector', '--db', 'made.db'], { cwd: dir, env: { TEMOIN_LOG_LEVEL: 'verbose' } }),
      ]) {
        // Refused for good (EX_CONFIG): a service manager must not start it again unchanged.
        assert.equal(bad.code, 78);
        assert.match(
          bad.stderr,
          /'--log-level <level>' .*'verbose'.* is invalid\. Allowed choices are fatal, error, warn, info, debug, trace, silent/,
        );
      }
      assert.ok(!existsSync(join(dir, 'made.db')), 'no database made');
      // The key first: a --key that cannot be made leaves no database behind.
      const key = await start('--key', join(dir, 'no/such/folder/k.pem'));
      assert.equal(key.code, 78);
      assert.match(key.stderr, /cannot make the signing key .*k\.pem: ENOENT.*\. Check --key \(or TEMOIN_KEY\)/);
      assert.ok(!existsSync(join(dir, 'made.db')), 'no database made');
      // A port in use: named, with the flag to change, before the key or the database is made.
      const taken = createServer().listen(0, '127.0.0.1');
      await once(taken, 'listening');
      const port = String((taken.address() as AddressInfo).port);
      for (const workers of ['1', '2']) {
        const inUse = await start('--port', port, '--log-level', 'info', '--workers', workers);
        assert.equal(inUse.code, 78);
        assert.match(
          inUse.stderr,
          new RegExp(
            `127\\.0\\.0\\.1:${port} is in use by another program: stop it, or choose another port with --port`,
          ),
        );
        assert.deepEqual(readdirSync(dir), [], `--workers ${workers}: no database, no key made`);
      }
      taken.close();
      // Started, it says where it made the database.
      const collector = collectorProcess(['--db', join(dir, 'made.db')], join(dir, 'key.pem'), ['--log-level', 'info']);
      await collector.start();
      await collector.stop();
      assert.match(
        collector.output(),
        new RegExp(`made a new SQLite database ${join(dir, 'made.db').replaceAll('.', '\\.')}`),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

for (const kind of KINDS) {
  describe(`the temoin command on ${kind}`, () => {
    let c: Awaited<ReturnType<typeof collectorInProcess>>;
    let url: string;
    let analyst: string;
    let admin: string;
    const where = () => (c.location.db ? ['--db', c.location.db] : ['--database-url', c.location.databaseUrl!]);
    const remote = () => ['--url', url, '--token', analyst];

    before(async () => {
      c = await collectorInProcess(kind);
      // Toronto's 22 November evening is 23 November in UTC; its 23 November starts at 05:00 UTC.
      for (const timestamp of ['2026-11-22T12:00:00.000Z', '2026-11-23T03:00:00.000Z', '2026-11-23T06:00:00.000Z'])
        assert.equal((await c.post(receipt({ timestamp }))).status, 201);
      // Enough to fill a pipe many times over: an export cut short has more to write.
      for (let i = 0; i < 300; i++)
        await c.store.append(receipt(), { origin: 'https://x.test', receivedAt: new Date().toISOString() }, c.key);
      url = await c.listen();
      analyst = (await createToken(c.store, 'Ana Lyste', 'analyst')).token;
      admin = (await createToken(c.store, 'Ad Min', 'admin')).token;
    });
    after(() => c.close());

    it('--from is a day in --tz, and the summary says which', async () => {
      const toronto = await temoin([
        'receipts',
        'export',
        '--from',
        '2026-11-23',
        '--to',
        '2026-11-24',
        '--tz',
        'America/Toronto',
        ...where(),
      ]);
      assert.equal(toronto.code, 0, toronto.stderr);
      assert.deepEqual(
        toronto.stdout
          .trimEnd()
          .split('\n')
          .map((l) => (JSON.parse(l) as { receipt: { timestamp: string } }).receipt.timestamp),
        ['2026-11-23T06:00:00.000Z'],
      );
      assert.equal(
        toronto.stderr,
        'exported 1 receipt decided from 2026-11-23T00:00:00.000-05:00 before 2026-11-24T00:00:00.000-05:00 (America/Toronto)\n',
      );
      const utc = await temoin(['receipts', 'export', '--from', '2026-11-23', '--to', '2026-11-24', ...where()]);
      assert.equal(utc.stdout.trimEnd().split('\n').length, 2);
      assert.equal(
        utc.stderr,
        'exported 2 receipts decided from 2026-11-23T00:00:00.000Z before 2026-11-24T00:00:00.000Z (UTC)\n',
      );
      const viaUrl = await temoin([
        'receipts',
        'export',
        '--from',
        '2026-11-23',
        '--to',
        '2026-11-24',
        '--tz',
        'America/Toronto',
        ...remote(),
      ]);
      assert.equal(viaUrl.stdout, toronto.stdout, 'a remote read takes the same zone');
    });

    it('access-log shows its times in --tz, UTC said by default', async () => {
      await temoin(['receipts', 'export', '--from', '2026-11-23', '--tz', 'America/Toronto', ...where()]);
      const log = await temoin(['access-log', '--limit', '1', '--tz', 'America/Toronto', ...where()]);
      assert.equal(log.code, 0, log.stderr);
      const [header, , row] = log.stdout.split('\n');
      assert.match(header!, /^at \(America\/Toronto\) +who/);
      assert.match(
        row!,
        /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}-0[45]:00 +cli:.*"from":"2026-11-23T00:00:00\.000-05:00"/,
      );
      const utc = await temoin(['access-log', '--limit', '1', ...where()]);
      assert.match(utc.stdout, /^at \(UTC\) +who/);
      assert.match(utc.stdout.split('\n')[2]!, /^\S+Z +cli:/);
      const tokens = await temoin(['token', 'list', '--tz', 'Europe/Paris', ...where()]);
      assert.match(tokens.stdout, /created \(Europe\/Paris\) +revoked \(Europe\/Paris\)/);
      assert.match(tokens.stdout, /\d\d:\d\d:\d\d\.\d{3}\+01:00/);
    });

    it('a closed pipe ends the export quietly: nothing on stderr, exit 141, the read still logged', async () => {
      for (const flags of [where(), remote()]) {
        const before = (await c.store.accessLog({ limit: 1 }))[0]!.id;
        const child = spawn(process.execPath, [bin, 'receipts', 'export', ...flags], {
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stderr = '';
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        // As `head -1` does: read the first chunk, then close the pipe.
        await new Promise((resolve) => child.stdout.once('data', resolve));
        child.stdout.destroy();
        const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
        assert.equal(stderr, '', `${flags[0]}: stderr`);
        assert.equal(code, 141, `${flags[0]}: exit code`);
        const entry = (await c.store.accessLog({ limit: 1 }))[0]!;
        assert.ok(entry.id > before, 'the export is in the access log');
        assert.ok(entry.rows > 0 && entry.rows <= 303, `rows ${entry.rows}`);
      }
    });

    it('counts are in words: one decision, one receipt', async () => {
      const one = await temoin(['stats', '--min-cell', '1', ...where()]);
      assert.equal(one.code, 0, one.stderr);
      assert.match(one.stderr, /^cells under 1 decision are suppressed\n$/);
      assert.match(one.stdout, /^day \(UTC\) /);
      const five = await temoin(['stats', ...where()]);
      assert.match(five.stderr, /^cells under 5 decisions are suppressed\n$/);
      const firstName = await temoin(['stats', '--min', '1', ...where()]);
      assert.match(firstName.stderr, /^cells under 1 decision are suppressed\n$/, 'the flag’s first name still works');
      // A remote collector's minimum is named by the flag, not the API's parameter.
      const underRemote = await temoin(['stats', '--min-cell', '3', ...remote()]);
      assert.equal(underRemote.code, 2);
      assert.match(
        underRemote.stderr,
        /^temoin: --min-cell must be a whole number of at least 5, this collector's minimum/,
      );
      const both = await temoin(['stats', '--min-cell', '3', '--min', '7', ...where()]);
      assert.equal(both.code, 2);
      assert.match(both.stderr, /--min-cell and --min are the same flag \(--min is its old name\): give one/);
    });

    it('verify and purge work on a remote collector, with the roles they need', async () => {
      const local = await temoin(['verify', ...where()]);
      assert.equal(local.stdout, 'chain intact: 303 receipts, #1 to #303\n');
      // No collector key in this folder: passed, and says what it could not look for.
      assert.match(
        local.stderr,
        /no acknowledged record for .*: the end of the chain was checked against the database's own head only/,
      );
      const viaUrl = await temoin(['verify', ...remote()]);
      assert.equal(viaUrl.code, 0, viaUrl.stderr);
      assert.equal(viaUrl.stdout, local.stdout);
      const purged = await temoin(['purge', '--url', url, '--token', admin]);
      assert.equal(purged.code, 0, purged.stderr);
      assert.equal(purged.stdout, 'nothing to purge\n');
      const notAdmin = await temoin(['purge', ...remote()]);
      assert.equal(notAdmin.code, 2);
      assert.match(notAdmin.stderr, /POST http:\/\/127\.0\.0\.1:\d+\/v1\/purge: 403 .*needs the admin role/);
      const days = await temoin(['purge', '--retention-days', '30', '--url', url, '--token', admin]);
      assert.equal(days.code, 2);
      assert.match(days.stderr, /--retention-days applies to a local database/);
      // Changed behind the collector's back: the remote verify says so, and exits 1.
      await c.sql('UPDATE receipts SET body = replace(body, \'"given"\', \'"refused"\') WHERE seq = 2');
      const broken = await temoin(['verify', ...remote()]);
      assert.equal(broken.code, 1);
      assert.match(broken.stdout, /^chain broken at #2: /);
    });
  });
}
