// An export cut short is logged with the rows its destination took (a pipe, the HTTP client), not
// the pages read: `temoin receipts export | head -1` used to log a whole page of 1,000 receipts, or
// the whole export. Real SQLite and PostgreSQL, the real `temoin` command and a listening collector.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { createToken } from '../../src/collector/access.js';
import { countSent, exportStream, rowsOf } from '../../src/collector/export.js';
import { bin } from './cli-run.js';
import { collectorInProcess, eventually, KINDS, seedReceipts } from './support.js';

/** Receipts stored: 20 pages, 22 MB of JSON lines, more than a pipe or loopback's socket buffers hold. */
const TOTAL = 20_000;
/** Rows at most in what a pipe or a socket holds and a 64 KiB piece on its way: 1.1 KB a JSON line, 250 bytes a CSV record. */
const AT_MOST: Record<string, number> = { jsonl: 250, csv: 800 };

describe('countSent', () => {
  it('counts the rows of the pieces whose writes completed, no more', async () => {
    // Three pages of 100 JSON lines of 1 KB: cut into pieces of at most 64 KiB.
    const line = `{"x":"${'a'.repeat(1000)}"}\n`;
    const page = { count: 100, bytes: Buffer.from(line.repeat(100)) };
    const pieces: Buffer[] = [];
    for await (const piece of exportStream(
      // eslint-disable-next-line @typescript-eslint/require-await -- the stream takes pages as the stores give them
      (async function* () {
        yield* [page, page, page];
      })(),
      'jsonl',
    ))
      pieces.push(piece as Buffer);
    assert.ok(pieces.length > 3, `${pieces.length} pieces`);
    assert.equal(
      pieces.reduce((n, p) => n + rowsOf(p), 0),
      300,
    );
    // A destination that completes the first two writes only, as a socket closed after them.
    const callbacks: ((e?: Error | null) => void)[] = [];
    const destination = { write: (_chunk: Buffer, done: (e?: Error | null) => void) => (callbacks.push(done), true) };
    const sent = countSent(destination);
    for (const p of pieces) destination.write(p, () => {});
    assert.equal(sent(), 0, 'nothing completed yet');
    callbacks[0]!();
    callbacks[1]!();
    callbacks[2]!(new Error('closed'));
    assert.equal(sent(), rowsOf(pieces[0]) + rowsOf(pieces[1]));
    assert.ok(sent() < 300);
  });
});

for (const kind of KINDS) {
  describe(`an export cut short on ${kind}`, () => {
    let c: Awaited<ReturnType<typeof collectorInProcess>>;
    let analyst: string;
    let url: string;
    before(async () => {
      c = await collectorInProcess(kind);
      url = await c.listen();
      await seedReceipts(c, kind, TOTAL);
      analyst = (await createToken(c.store, 'Ana Lyste', 'analyst')).token;
    });
    after(() => c.close());

    /** The newest access-log entry after `before`, once written. */
    const entryAfter = async (before: number) => {
      await eventually(
        async () => ((await c.store.accessLog({ limit: 1 }))[0]?.id ?? 0) > before,
        'the access-log entry',
      );
      return (await c.store.accessLog({ limit: 1 }))[0]!;
    };
    const lastId = async () => (await c.store.accessLog({ limit: 1 }))[0]?.id ?? 0;

    for (const format of ['jsonl', 'csv']) {
      it(`temoin receipts export --format ${format} | head -1 logs the rows the pipe took`, async () => {
        const where = c.location.db ? ['--db', c.location.db] : ['--database-url', c.location.databaseUrl!];
        const before = await lastId();
        const child = spawn(process.execPath, [bin, 'receipts', 'export', '--format', format, ...where], {
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        // As `head -1` does: read the first chunk, then close the pipe.
        await new Promise((resolve) => child.stdout.once('data', resolve));
        child.stdout.destroy();
        assert.equal(await new Promise((resolve) => child.on('close', resolve)), 141);
        const entry = await entryAfter(before);
        assert.equal(entry.action, 'temoin receipts export');
        // The first chunk read may be the CSV header alone.
        assert.ok(entry.rows <= AT_MOST[format]!, `rows ${entry.rows}`);
        if (format == 'jsonl') assert.ok(entry.rows > 0, 'the rows read are counted');
      });

      // 20,000 CSV records (5 MB) fit in loopback's socket buffers: only JSON lines can be cut short here.
      if (format == 'jsonl')
        it(`GET /v1/receipts?format=${format} cut short logs the rows the client was sent`, async () => {
          const before = await lastId();
          const stop = new AbortController();
          const response = await fetch(`${url}/v1/receipts?format=${format}`, {
            headers: { authorization: `Bearer ${analyst}` },
            signal: stop.signal,
          });
          assert.equal(response.status, 200);
          const reader = response.body!.getReader();
          await reader.read();
          // What the kernel's socket buffers took was sent; the rest, never written, is not counted.
          await new Promise((resolve) => setTimeout(resolve, 300));
          stop.abort();
          const entry = await entryAfter(before);
          assert.equal(entry.action, 'GET /v1/receipts');
          assert.ok(entry.rows < TOTAL / 2, `rows ${entry.rows}`);
        });
    }

    it('a whole export still logs every row', async () => {
      const before = await lastId();
      const text = await (
        await fetch(`${url}/v1/receipts`, { headers: { authorization: `Bearer ${analyst}` } })
      ).text();
      assert.equal(text.split('\n').length - 1, TOTAL);
      assert.equal((await entryAfter(before)).rows, TOTAL);
    });
  });
}
