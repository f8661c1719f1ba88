// A collector whose log cannot be written keeps answering and stops on SIGTERM. The real
// `temoin collector` process on SQLite, its stdout a file on a full disk (/dev/full: every write
// fails with ENOSPC) or a pipe whose reader has gone (EPIPE). Before, pino retried the write every
// 100 ms on the main thread for ever: no request was answered and only kill -9 stopped it.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { openSync, closeSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { LogSink, QUEUE_LIMIT } from '../../src/collector/log-sink.js';
import { bin } from './cli-run.js';
import { freePort, freshStore, ORIGIN, receipt, type Fresh } from './support.js';

/** The collector with `stdout` as its standard output; what it says on stderr; its exit. */
async function collectorWithStdout(f: Fresh, stdout: number | 'pipe') {
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [bin, 'collector', '--db', f.location.db!, '--key', f.keyFile, '--origin', ORIGIN, '--port', String(port)],
    { stdio: ['ignore', stdout, 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  return { child, url: `http://127.0.0.1:${String(port)}`, stderr: () => stderr, exited };
}

/** Whether the collector answers within a second. */
const answering = (url: string) =>
  fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) }).then(
    (r) => r.ok,
    () => false,
  );

async function untilAnswering(url: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await answering(url))) {
    assert.equal(child.exitCode, null, `the collector exited: ${stderr()}`);
    assert.ok(Date.now() < deadline, `the collector did not answer within 15 s: ${stderr()}`);
    await sleep(50);
  }
}

describe('a collector whose log cannot be written', () => {
  let f: Fresh;
  before(async () => {
    f = await freshStore('sqlite');
  });
  after(() => f.drop());

  const keepsAnswering = async (stdout: number | 'pipe', closeReader: (c: ChildProcess) => void) => {
    const c = await collectorWithStdout(f, stdout);
    try {
      closeReader(c.child);
      await untilAnswering(c.url, c.child, c.stderr);
      for (let i = 0; i < 5; i++) {
        const answer = await fetch(`${c.url}/v1/receipts`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: ORIGIN },
          body: JSON.stringify(receipt()),
          signal: AbortSignal.timeout(5000),
        });
        assert.equal(answer.status, 201, 'stored and acknowledged');
      }
      const started = Date.now();
      c.child.kill('SIGTERM');
      const [code, signal] = await Promise.race([
        c.exited,
        sleep(10_000).then(() => [null, 'still running 10 s after SIGTERM'] as const),
      ]);
      assert.deepEqual({ code, signal }, { code: 0, signal: null }, c.stderr());
      assert.ok(Date.now() - started < 5000);
      // Said once, not once a line.
      assert.equal(c.stderr().match(/log lines are dropped/g)?.length, 1, c.stderr());
    } finally {
      c.child.kill('SIGKILL');
    }
  };

  it('on a full disk (ENOSPC), answers 201 and stops on SIGTERM', async () => {
    const full = openSync('/dev/full', 'w');
    try {
      await keepsAnswering(full, () => {});
    } finally {
      closeSync(full);
    }
  });

  it('on a pipe whose reader has gone (EPIPE), answers 201 and stops on SIGTERM', async () => {
    await keepsAnswering('pipe', (child) => child.stdout!.destroy());
  });
});

describe('LogSink', () => {
  it('drops and counts lines it cannot write, says so once, and says how many when it writes again', () => {
    const said: string[] = [];
    let failing: string | null = 'ENOSPC';
    const written: string[] = [];
    const sink = new LogSink({
      write(line) {
        if (failing) throw Object.assign(new Error(failing), { code: failing });
        written.push(line.toString());
        return Buffer.byteLength(line);
      },
      warn: (line) => said.push(line),
    });
    sink.write('a\n');
    sink.write('b\n');
    assert.equal(sink.dropped, 2);
    failing = null;
    sink.write('c\n');
    assert.deepEqual(written, ['c\n']);
    assert.equal(said.length, 2, said.join('\n'));
    assert.match(said[0]!, /cannot be written \(ENOSPC\).*log lines are dropped/);
    assert.match(said[1]!, /written again: 2 lines were dropped/);
  });

  it('keeps what a full pipe (EAGAIN) did not take, in order, and writes it later', async () => {
    let busy = true;
    const written: string[] = [];
    const sink = new LogSink({
      write(line) {
        if (busy) throw Object.assign(new Error('EAGAIN'), { code: 'EAGAIN' });
        written.push(line.toString());
        return Buffer.byteLength(line);
      },
      warn: () => {},
      retryMs: 5,
    });
    sink.write('a\n');
    sink.write('b\n');
    assert.deepEqual(written, []);
    busy = false;
    await sleep(50);
    sink.write('c\n');
    assert.equal(written.join(''), 'a\nb\nc\n');
    assert.equal(sink.dropped, 0);
  });

  it('writes multi-byte text whole when the sink takes a few bytes at a time', () => {
    const taken: Buffer[] = [];
    const sink = new LogSink({
      write(chunk) {
        const part = chunk.subarray(0, 10);
        taken.push(part);
        return part.byteLength;
      },
      warn: () => {},
    });
    const line = "created Témoin's tables in /srv/témoin/é.db\n";
    sink.write(line);
    sink.write('ça\n');
    assert.equal(Buffer.concat(taken).toString('utf8'), `${line}ça\n`);
  });

  it('counts the bytes kept while a pipe is full against its limit, not the characters', async () => {
    let busy = true;
    const written: Buffer[] = [];
    const said: string[] = [];
    const sink = new LogSink({
      write(chunk) {
        if (busy) throw Object.assign(new Error('EAGAIN'), { code: 'EAGAIN' });
        written.push(chunk);
        return chunk.byteLength;
      },
      warn: (line) => said.push(line),
      retryMs: 5,
    });
    // Each line is 1 MiB of characters and 2 MiB of bytes: the second already passes 4 MiB.
    const line = 'é'.repeat(QUEUE_LIMIT / 4) + '\n';
    sink.write(line);
    sink.write(line);
    sink.write(line);
    assert.equal(sink.dropped, 2);
    busy = false;
    await sleep(50);
    assert.equal(Buffer.concat(written).toString('utf8'), line);
    assert.match(said[0]!, /cannot be written \(EAGAIN\)/);
  });
});
