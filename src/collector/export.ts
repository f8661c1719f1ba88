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
const csvPage = (rows: CsvSource[], afterSeq: number): EncodedPage => ({
  count: rows.length,
  lastSeq: rows.at(-1)?.seq ?? afterSeq,
  bytes: Buffer.from(rows.map(csvLine).join('')),
});

/**
 * Every receipt matching the filter, oldest first, encoded a page at a time. The next page is
 * asked for before this one is handed on, so PostgreSQL writes it while this one is sent.
 */
export async function* exportPages(
  store: ReceiptStore,
  filter: ReceiptFilter,
  format: ExportFormat,
): AsyncGenerator<EncodedPage> {
  const read =
    format == 'jsonl'
      ? (afterSeq: number) => store.jsonLines(filter, afterSeq, PAGE)
      : async (afterSeq: number) => csvPage(await store.csvSources(filter, afterSeq, PAGE), afterSeq);
  let next: Promise<EncodedPage> | undefined = read(0);
  try {
    while (next) {
      const page: EncodedPage = await next;
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
): AsyncGenerator<Pick<EncodedPage, 'count' | 'bytes'>> {
  const rows = await store.query(filter, 0, n, 'desc');
  const text = format == 'jsonl' ? rows.map(jsonLine).join('') : rows.map(csvLine).join('');
  yield { count: rows.length, bytes: Buffer.from(text) };
}

/**
 * The export as a byte stream, CSV with its header, from encoded pages (`exportPages`,
 * `newestPage`). `onRows` counts receipts as the stream takes them (for the access log and progress).
 */
export function exportStream(
  encoded: AsyncIterable<Pick<EncodedPage, 'count' | 'bytes'>>,
  format: ExportFormat,
  onRows: (count: number) => void,
): Readable {
  return Readable.from(
    (async function* () {
      // An empty export still has its CSV header.
      if (format == 'csv') yield Buffer.from(CSV_HEADER);
      for await (const { count, bytes } of encoded) {
        yield bytes;
        // Counted once the stream has taken them: an export cut short counts what it handed on.
        onRows(count);
      }
    })(),
    { objectMode: false },
  );
}
