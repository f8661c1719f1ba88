// Exports stream a page at a time: memory stays flat whatever the number of receipts. Each page
// is encoded whole (by the database for JSON lines) and handed on as one Buffer: per-row
// strings, writes and awaits cost more than the receipts themselves.
import { Readable } from 'node:stream';
import { csvLine, CSV_HEADER, jsonLine } from './export-encoding.js';
import { pages, PAGE } from './store/pages.js';
import type { CsvSource, EncodedPage, ReceiptFilter, ReceiptStore, StoredRow } from './store/store.js';

export type ExportFormat = 'jsonl' | 'csv';

/** Every row matching the filter, in sequence order, a page at a time. */
export function matching(store: ReceiptStore, filter: ReceiptFilter): AsyncGenerator<StoredRow> {
  return pages((afterSeq, limit) => store.query(filter, afterSeq, limit));
}

/** A page of CSV records from the columns they take. */
function csvPage(rows: CsvSource[], afterSeq: number): EncodedPage & { ends: number[] } {
  const lines = rows.map((row) => Buffer.from(csvLine(row)));
  // Where each record ends: a CSV field may hold a line break, so pieces are cut here.
  let end = 0;
  return {
    count: rows.length,
    lastSeq: rows.at(-1)?.seq ?? afterSeq,
    bytes: Buffer.concat(lines),
    ends: lines.map((line) => (end += line.length)),
  };
}

/**
 * Every receipt matching the filter, oldest first, encoded a page at a time. The next page is
 * asked for before this one is handed on, so PostgreSQL writes it while this one is sent.
 */
export async function* exportPages(
  store: ReceiptStore,
  filter: ReceiptFilter,
  format: ExportFormat,
): AsyncGenerator<EncodedPage & { ends?: number[] }> {
  const read =
    format == 'jsonl'
      ? (afterSeq: number) => store.jsonLines(filter, afterSeq, PAGE)
      : async (afterSeq: number) => csvPage(await store.csvSources(filter, afterSeq, PAGE), afterSeq);
  let next: Promise<EncodedPage & { ends?: number[] }> | undefined = read(0);
  try {
    while (next) {
      const page: EncodedPage & { ends?: number[] } = await next;
      next = page.count == PAGE ? read(page.lastSeq) : undefined;
      if (page.count) yield page;
    }
  } finally {
    // An export cut short leaves the page it asked for unread: its failure is nobody's to hear.
    next?.catch(() => {});
  }
}

/** The n most recent receipts matching the filter, newest first, as one page. */
export async function* newestPage(
  store: ReceiptStore,
  filter: ReceiptFilter,
  n: number,
  format: ExportFormat,
): AsyncGenerator<Pick<EncodedPage, 'count' | 'bytes'> & { ends?: number[] }> {
  const rows = await store.query(filter, 0, n, 'desc');
  yield format == 'csv' ? csvPage(rows, 0) : { count: rows.length, bytes: Buffer.from(rows.map(jsonLine).join('')) };
}

/** Bytes at most in one piece of an export: what a count of rows sent can be off by. */
const PIECE = 64 * 1024;

/** The rows each piece of an export holds, by the piece itself (chunks keep their identity through pipes). */
const rowsIn = new WeakMap<Buffer, number>();

/** How many receipts a chunk of an export holds (0 for the CSV header or anything else). */
export const rowsOf = (chunk: unknown): number => (Buffer.isBuffer(chunk) ? (rowsIn.get(chunk) ?? 0) : 0);

/**
 * A page cut at line ends into pieces of about PIECE bytes, each with its row count: a cut-short
 * export is counted to the piece, not to the page. Lines are records: JSON lines hold no raw line
 * break, and CSV pages are cut where `csvPage` says its records end.
 */
function* piecesOf({
  bytes,
  count,
  ends,
}: Pick<EncodedPage, 'count' | 'bytes'> & { ends?: number[] }): Generator<{ bytes: Buffer; count: number }> {
  if (bytes.length <= PIECE) {
    yield { bytes, count };
    return;
  }
  let start = 0;
  let rows = 0;
  const lineEnds = ends ?? [...newlines(bytes)];
  for (let i = 0; i < lineEnds.length; i++) {
    const end = lineEnds[i]!;
    const next = lineEnds[i + 1];
    if (next !== undefined && next - start <= PIECE) continue;
    yield { bytes: bytes.subarray(start, end), count: i + 1 - rows };
    rows = i + 1;
    start = end;
  }
}

/** The offsets just past each line break. */
function* newlines(bytes: Buffer) {
  for (let i = bytes.indexOf(10); i != -1; i = bytes.indexOf(10, i + 1)) yield i + 1;
}

/**
 * The export as a byte stream, CSV with its header, from encoded pages (`exportPages`,
 * `newestPage`), in pieces of at most 64 KiB whose rows `rowsOf` tells: the access log counts the
 * rows its destination took (`countSent`), not those handed on. `onRows` counts what the stream
 * made (progress).
 */
export function exportStream(
  encoded: AsyncIterable<Pick<EncodedPage, 'count' | 'bytes'> & { ends?: number[] }>,
  format: ExportFormat,
  onRows: (count: number) => void = () => {},
): Readable {
  return Readable.from(
    (async function* () {
      // An empty export still has its CSV header.
      if (format == 'csv') yield Buffer.from(CSV_HEADER);
      for await (const page of encoded) {
        for (const { bytes, count } of piecesOf(page)) {
          rowsIn.set(bytes, count);
          yield bytes;
          onRows(count);
        }
      }
    })(),
    { objectMode: false },
  );
}

/**
 * Counts an export's rows as `destination` finishes writing them (a socket, a pipe): a download
 * or a pipe cut short counts what went out, to the piece. Returns the running count.
 */
export function countSent(destination: { write: (...args: never[]) => boolean }): () => number {
  let sent = 0;
  const write = destination.write.bind(destination) as (chunk: unknown, ...rest: unknown[]) => boolean;
  (destination as { write: unknown }).write = (chunk: unknown, ...rest: unknown[]) => {
    const rows = rowsOf(chunk);
    if (!rows) return write(chunk, ...rest);
    const i = rest.findIndex((r) => typeof r == 'function');
    const done = i == -1 ? undefined : (rest[i] as (e?: Error | null) => void);
    const args = i == -1 ? rest : rest.slice(0, i);
    return write(chunk, ...args, (error?: Error | null) => {
      if (!error) sent += rows;
      done?.(error);
    });
  };
  return () => sent;
}
