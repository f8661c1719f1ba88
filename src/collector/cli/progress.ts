// An export's progress on stderr, so a long one shows it is moving while stdout carries the data.
import { Transform } from 'node:stream';
import type { ExportFormat } from '../export.js';
import { plural } from './table.js';

/**
 * Counts exported rows, saying so on stderr every 50,000, and at the end once the export is
 * whole (`done`, with words on what was exported); `rows` is the count so far, said nowhere.
 */
export function progress(): { row: (count?: number) => void; rows: () => number; done: (what?: string) => number } {
  let rows = 0;
  const tty = process.stderr.isTTY;
  return {
    /** One more row, or `count` more (a page). */
    row(count = 1) {
      rows += count;
      if (Math.floor(rows / 50_000) > Math.floor((rows - count) / 50_000))
        process.stderr.write(
          tty ? `\rexported ${rows.toLocaleString('en')} receipts…` : `exported ${rows} receipts…\n`,
        );
    },
    rows: () => rows,
    done(what = '') {
      process.stderr.write(`${tty ? '\r' : ''}exported ${plural(rows, 'receipt', rows.toLocaleString('en'))}${what}\n`);
      return rows;
    },
  };
}

/** Passes bytes through while counting complete lines (JSON lines, or CSV rows after the header). */
export class LineCounter extends Transform {
  private header: boolean;
  constructor(
    format: ExportFormat,
    private readonly onLine: () => void,
  ) {
    super();
    this.header = format == 'csv';
  }
  override _transform(chunk: Buffer, _encoding: string, done: (error?: Error | null, data?: Buffer) => void): void {
    for (let i = chunk.indexOf(10); i != -1; i = chunk.indexOf(10, i + 1)) {
      if (this.header) this.header = false;
      else this.onLine();
    }
    done(null, chunk);
  }
}
