// Where the collector's log lines go (stdout by default). A log that cannot be written must never
// hold the collector: pino's own destination retried a failed write every 100 ms on the main
// thread, for ever, so a full disk stopped every answer and even SIGTERM. Here a line that cannot
// be written (ENOSPC, EPIPE, EIO…) is dropped and counted, and said once on stderr; a full pipe
// (EAGAIN) keeps its lines, up to a limit, and they are written when it drains, off a timer.
import { writeSync } from 'node:fs';

/** Bytes kept while a pipe is full; past that, lines are dropped (and counted). */
export const QUEUE_LIMIT = 4 << 20;

export interface LogSinkOptions {
  /** Writes what it can of `bytes`, synchronously; returns how many it wrote or throws (errno `code`). */
  write(bytes: Buffer): number;
  /** Says something to the person running the collector (stderr); may fail silently. */
  warn(line: string): void;
  /** Milliseconds between tries while a pipe is full. */
  retryMs?: number;
}

/** A file descriptor as a sink: stdout unless told otherwise, with warnings on stderr. */
export function fdSink(fd = 1): LogSinkOptions {
  // A full pipe must throw EAGAIN rather than block the event loop. Node sets a pipe on stdout
  // non-blocking only when `process.stdout` is first read (libuv opens it as a stream): read it
  // here, before the first line, or a write to a full pipe would wait for its reader. (A file or
  // a terminal stays blocking, as it should: neither is ever full for long.)
  // eslint-disable-next-line @typescript-eslint/no-unused-expressions -- read for that effect
  if (fd == 1) process.stdout;
  return {
    write: (bytes) => writeSync(fd, bytes),
    warn(line) {
      try {
        writeSync(2, `${line}\n`);
      } catch {
        // stderr is gone or full too: nobody can be told.
      }
    },
  };
}

export class LogSink {
  /** Lines dropped since the last one written. */
  dropped = 0;
  /** What is yet to be written, as bytes: a partial write may stop inside a character. */
  private queued: Buffer[] = [];
  private queuedBytes = 0;
  private timer: NodeJS.Timeout | undefined;
  private reason = '';

  constructor(private readonly target: LogSinkOptions = fdSink()) {}

  /** pino's stream interface: one line at a time. Never throws, never waits. */
  write(line: string): void {
    const bytes = Buffer.from(line, 'utf8');
    if (this.timer) {
      if (this.queuedBytes + bytes.byteLength > QUEUE_LIMIT) this.drop(1, 'EAGAIN', 'the log is not read fast enough');
      else {
        this.queued.push(bytes);
        this.queuedBytes += bytes.byteLength;
      }
      return;
    }
    this.queued = [bytes];
    this.writeQueued();
  }

  private writeQueued(): void {
    this.timer = undefined;
    // One buffer for the lines kept meanwhile (joined once per try, not once per line kept).
    let pending = this.queued.length == 1 ? this.queued[0]! : Buffer.concat(this.queued);
    while (pending.byteLength) {
      let written: number;
      try {
        written = this.target.write(pending);
      } catch (e) {
        const { code = 'error', message } = e as NodeJS.ErrnoException;
        if (code == 'EAGAIN') {
          // Kept, in order, until the reader takes them; the timer does not hold a stopping collector.
          this.queued = [pending];
          this.queuedBytes = pending.byteLength;
          this.timer = setTimeout(() => this.writeQueued(), this.target.retryMs ?? 50).unref();
          return;
        }
        this.drop(lines(pending), code, message);
        break;
      }
      if (this.dropped && written) this.recovered();
      pending = pending.subarray(written);
    }
    this.queued = [];
    this.queuedBytes = 0;
  }

  private drop(count: number, code: string, message: string): void {
    this.dropped += count;
    if (this.reason) return;
    this.reason = code;
    this.target.warn(
      `temoin: the log cannot be written (${code}): ${message}; log lines are dropped and counted, receipts are still taken, stored and acknowledged`,
    );
  }

  private recovered(): void {
    this.target.warn(
      `temoin: the log is written again: ${this.dropped} line${this.dropped == 1 ? ' was' : 's were'} dropped while it could not be (${this.reason})`,
    );
    this.dropped = 0;
    this.reason = '';
  }
}

/** How many log lines the bytes hold (each ends with a line break). */
function lines(bytes: Buffer): number {
  let count = 0;
  for (let at = bytes.indexOf(10); at != -1; at = bytes.indexOf(10, at + 1)) count++;
  return Math.max(1, count);
}
