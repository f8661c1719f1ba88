// A stop (SIGTERM from a service manager) ends, and loses no answer under way. The real
// `temoin collector` process, on SQLite (connections are the server's, not the store's): a
// connection that has sent nothing does not hold it, a receipt arriving when the stop comes is
// stored and acknowledged first, and an answer that never ends is cut after the request timeout.
// The log says it stops, on which signal, and once stopped what it answered and cut, and when.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { collectorProcess } from './collector-process.js';
import { eventually, freshStore, ORIGIN, receipt, type Fresh } from './support.js';

/** A raw connection to the collector, and everything it receives until the collector closes it. */
async function rawConnection(url: string): Promise<{ socket: Socket; received: Promise<string> }> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  await once(socket, 'connect');
  let text = '';
  socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const received = new Promise<string>((resolve) => socket.once('close', () => resolve(text)));
  socket.on('error', () => {});
  return { socket, received };
}

/** A receipt POST's head and body, to be sent in parts. */
function receiptRequest(): { head: string; body: Buffer } {
  const body = Buffer.from(JSON.stringify(receipt()));
  const head = [
    'POST /v1/receipts HTTP/1.1',
    'host: 127.0.0.1',
    `origin: ${ORIGIN}`,
    'content-type: application/json',
    `content-length: ${String(body.length)}`,
    '',
    '',
  ].join('\r\n');
  return { head, body };
}

describe('the collector stopped with SIGTERM', () => {
  let f: Fresh;
  before(async () => {
    f = await freshStore('sqlite');
  });
  after(() => f.drop());

  const started = async (extra: string[] = []) => {
    const c = collectorProcess(['--db', f.location.db!], f.keyFile, extra);
    await c.start();
    return c;
  };

  it('exits at once beside a connection that has sent nothing yet', async () => {
    const c = await started();
    const idle = await rawConnection(c.url);
    // Accepted by the collector, not waiting in the listening socket's queue.
    await sleep(300);
    // Before, the stop waited for this connection's client to leave, for ever.
    assert.deepEqual(await c.stop(5000), { code: 0, signal: null });
    assert.equal(await idle.received, '', 'closed without an answer');
  });

  it('stores and acknowledges a receipt arriving when the stop comes, then exits', async () => {
    const c = await started();
    const storedBefore = Number((await f.sql('SELECT COUNT(*) AS n FROM receipts'))[0]!.n);
    const { head, body } = receiptRequest();
    const posting = await rawConnection(c.url);
    posting.socket.write(head + body.subarray(0, 100).toString('latin1'));
    // Time for the collector to read the head: a request is under way once it has.
    await sleep(500);
    const stopped = c.stop(5000);
    await sleep(300);
    posting.socket.write(body.subarray(100));
    const answer = await posting.received;
    assert.match(answer, /^HTTP\/1\.1 201 /, answer);
    assert.match(answer, /\r\nconnection: close\r\n/i, 'no other request is sent on it');
    assert.deepEqual(await stopped, { code: 0, signal: null });
    const now = Number((await f.sql('SELECT COUNT(*) AS n FROM receipts'))[0]!.n);
    assert.equal(now, storedBefore + 1, 'the receipt is stored');
  });

  it('says in its log that it stops, on which signal, and once stopped how long it took and what it answered', async () => {
    const c = await started(['--log-level', 'info']);
    const { head, body } = receiptRequest();
    const posting = await rawConnection(c.url);
    posting.socket.write(head + body.subarray(0, 100).toString('latin1'));
    await sleep(500);
    const stopped = c.stop(5000);
    // The rest of the body once the stop has begun (it counts from its first line): however late,
    // under load, the signal's handler runs.
    await eventually(() => Promise.resolve(c.output().includes('stopping on SIGTERM')), 'the stopping line', 10_000);
    posting.socket.write(body.subarray(100));
    assert.match(await posting.received, /^HTTP\/1\.1 201 /);
    assert.deepEqual(await stopped, { code: 0, signal: null });
    const lines = c.output();
    assert.match(
      lines,
      /"level":30,.*"msg":"stopping on SIGTERM: answering the 1 request under way \(for up to 30 s\), then closing the database"/,
    );
    assert.match(lines, /"level":30,.*"msg":"stopped in \d+\.\d s: 1 request answered while stopping"/);
    // Ctrl-C, with nothing under way.
    const idle = await started(['--log-level', 'info']);
    await idle.kill('SIGINT');
    assert.match(idle.output(), /"msg":"stopping on SIGINT: no request under way; closing the database"/);
    assert.match(idle.output(), /"msg":"stopped in \d+\.\d s: 0 requests answered while stopping"/);
  });

  it('with --workers, says so in the first process too, and each worker in its log', async () => {
    const c = await started(['--workers', '2', '--log-level', 'info']);
    // The first worker answering is not the second listening: a stop before then leaves it no stop line.
    await eventually(
      () => Promise.resolve(c.output().match(/Server listening at/g)?.length == 2),
      'both workers listening',
      15_000,
    );
    assert.deepEqual(await c.stop(10_000), { code: 0, signal: null });
    const lines = c.output();
    assert.match(lines, /temoin: stopping on SIGTERM: 2 workers answer the requests under way \(for up to 35 s\)/);
    assert.equal(lines.match(/"msg":"stopping on SIGTERM: no request under way/g)?.length, 2, lines);
    assert.match(lines, /temoin: stopped in \d+\.\d s\n/);
  });

  it('cuts an answer that does not end once the request timeout has passed, and exits', async () => {
    const c = await started(['--request-timeout', '2', '--log-level', 'info']);
    const { head, body } = receiptRequest();
    const trickle = await rawConnection(c.url);
    trickle.socket.write(head + body.subarray(0, 100).toString('latin1'));
    await sleep(500);
    const stopping = performance.now();
    // Before, with no deadline, the stop waited for this body until its client left.
    assert.deepEqual(await c.stop(8000), { code: 0, signal: null });
    assert.ok(performance.now() - stopping >= 1000, 'the answer under way had its time, not cut at once');
    await trickle.received;
    assert.match(
      c.output(),
      /"msg":"stopped in \d+\.\d s: 0 requests answered while stopping, 1 answer cut at --request-timeout \(browsers send those receipts again\)"/,
    );
  });
});
