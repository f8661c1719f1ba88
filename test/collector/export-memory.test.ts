// A 400,000-receipt export (188 MB) streams: the collector's memory stays within a fixed budget
// while the whole export goes through. Held whole in memory instead, it peaked at 496 MB (SQLite)
// and 510 MB (PostgreSQL), well past the budget: enough rows to tell, and 2.5 times fewer to make
// and stream than the million it took before (TEMOIN_EXPORT_ROWS=1000000 runs that). The
// collector runs as its own process (`temoin collector`), so its resident memory can be read
// from /proc.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { createToken } from '../../src/collector/access.js';
import { freePort, freshStore, KINDS, type Fresh } from './support.js';

const ROWS = Number(process.env.TEMOIN_EXPORT_ROWS ?? 400_000);
/** Peak resident memory allowed to the collector process, whatever the export's size. */
const BUDGET_MB = 200;
const bin = new URL('../../../../bin/temoin.js', import.meta.url).pathname;

const residentMb = async (pid: number) => {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
};

/** ROWS rows made by the database itself: ids and bodies from the row number. */
function seedSql(kind: string): string {
  const hex = kind == 'sqlite' ? "printf('%012x', i)" : "lpad(to_hex(i), 12, '0')";
  const id = `'00000000-0000-4000-8000-' || ${hex}`;
  const body = `'{"event":"given","language":"fr","principal":"' || ${id} || '","receiptId":"' || ${id} || '","revision":1,"timestamp":"2026-11-23T10:00:00.000Z","version":"1.0"}'`;
  const rows =
    kind == 'sqlite'
      ? `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${ROWS}) SELECT`
      : 'SELECT';
  const from = kind == 'sqlite' ? 'FROM n' : `FROM generate_series(1, ${ROWS}) AS i`;
  return `INSERT INTO receipts (seq, receipt_id, received_at, origin, principal, event, decided_at, revision, body, prev_hash, hash, signature)
    ${rows} i, ${id}, '2026-11-23T10:00:00.000Z', 'https://www.ville-demo.test', ${id}, 'given', '2026-11-23T10:00:00.000Z', 1,
    ${body}, '${'0'.repeat(64)}', '${'0'.repeat(64)}', 'ed25519:seed:seed' ${from}`;
}

for (const kind of KINDS) {
  describe(`a ${ROWS.toLocaleString('en')}-receipt export on ${kind}`, () => {
    let f: Fresh;
    let token: string;
    before(async () => {
      f = await freshStore(kind);
      await f.sql(seedSql(kind));
      // As a running store leaves it: without statistics, PostgreSQL reads the whole table per page.
      if (kind == 'postgres') await f.sql('ANALYZE receipts');
      token = (await createToken(f.store, 'Export', 'analyst')).token;
    });
    after(() => f.drop());

    it(`streams within ${BUDGET_MB} MB of memory`, { timeout: 300_000 }, async () => {
      const port = await freePort();
      const where = f.location.db ? ['--db', f.location.db] : ['--database-url', f.location.databaseUrl!];
      const child = spawn(
        'node',
        [
          bin,
          'collector',
          ...where,
          '--port',
          String(port),
          '--origin',
          'https://www.ville-demo.test',
          '--key',
          f.keyFile,
          '--log-level',
          'warn',
        ],
        { stdio: ['ignore', 'inherit', 'inherit'] },
      );
      try {
        let response: Response | undefined;
        for (let i = 0; i < 100 && !response; i++) {
          response = await fetch(`http://127.0.0.1:${port}/v1/receipts`, {
            headers: { authorization: `Bearer ${token}` },
          }).catch(() => undefined);
          if (!response) await new Promise((r) => setTimeout(r, 100));
        }
        assert.equal(response?.status, 200);
        let peak = 0;
        const sampler = setInterval(
          () =>
            void residentMb(child.pid!).then(
              (mb) => (peak = Math.max(peak, mb)),
              () => {},
            ),
          50,
        );
        let lines = 0;
        let bytes = 0;
        for await (const chunk of response.body! as AsyncIterable<Uint8Array>) {
          bytes += chunk.length;
          for (let i = chunk.indexOf(10); i != -1; i = chunk.indexOf(10, i + 1)) lines++;
        }
        clearInterval(sampler);
        peak = Math.max(peak, await residentMb(child.pid!));
        console.log(
          `# ${kind}: ${lines} receipts, ${(bytes / 1048576).toFixed(0)} MB streamed; collector peak RSS ${peak.toFixed(0)} MB`,
        );
        assert.equal(lines, ROWS);
        assert.ok(
          peak < BUDGET_MB,
          `the collector used ${peak.toFixed(0)} MB for an export of ${(bytes / 1048576).toFixed(0)} MB`,
        );
      } finally {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill();
        await exited;
      }
    });
  });
}
