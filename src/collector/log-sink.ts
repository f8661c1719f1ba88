// Where the collector's log lines go (stdout by default). A log that cannot be written must never
// hold the collector: pino's own destination retried a failed write every 100 ms on the main
// thread, for ever, so a full disk stopped every answer and even SIGTERM. Here a line that cannot
// be written (ENOSPC, EPIPE, EIO…) is dropped and counted, and said once on stderr; a full pipe
// (EAGAIN) keeps its lines, up to a limit, and they are written when it drains, off a timer.
import { writeSync } from 'node:fs';

/** Bytes kept while a pipe is full; past that, lines are dropped (and counted). */
const QUEUE_LIMIT = 4 << 20;

export interface LogSinkOptions {
  /** Writes what it can of `text`, synchronously; returns the bytes written or throws (errno `code`). */
  write(text: string): number;
  /** Says something to the person running the collector (stderr); may fail silently. */
  warn(line: string): void;
  /** Milliseconds between tries while a pipe is full. */
  retryMs?: number;
}

/** A file descriptor as a sink: stdout unless told otherwise, with warnings on stderr. */
export function fdSink(fd = 1): LogSinkOptions {
  return {
    // Pipes are non-blocking in Node on Linux: a full one throws EAGAIN rather than waiting.
    write: (text) => writeSync(fd, text),
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
  private queued = '';
  private timer: NodeJS.Timeout | undefined;
  private reason = '';

  constructor(private readonly target: LogSinkOptions = fdSink()) {}

  /** pino's stream interface: one line at a time. Never throws, never waits. */
  write(line: string): void {
    if (this.timer) {
      if (this.queued.length + line.length > QUEUE_LIMIT) this.drop(1, 'EAGAIN', 'the log is not read fast enough');
      else this.queued += line;
      return;
    }
    this.queued = line;
    this.writeQueued();
  }

  private writeQueued(): void {
    this.timer = undefined;
    while (this.queued) {
      let written: number;
      try {
        written = this.target.write(this.queued);
      } catch (e) {
        const { code = 'error', message } = e as NodeJS.ErrnoException;
        if (code == 'EAGAIN') {
          // Kept, in order, until the reader takes them; the timer does not hold a stopping collector.
          this.timer = setTimeout(() => this.writeQueued(), this.target.retryMs ?? 50).unref();
        } else {
          this.drop(lines(this.queued), code, message);
          this.queued = '';
        }
        return;
      }
      if (this.dropped && written) this.recovered();
      this.queued = this.queued.slice(written);
    }
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

/** How many log lines a text holds (each ends with a line break). */
const lines = (text: string) => Math.max(1, text.split('\n').length - 1);
