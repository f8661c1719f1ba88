// Exports stream a page of rows at a time: memory stays flat whatever the number of receipts.
import { stringify } from 'csv-stringify/sync';
import { Readable } from 'node:stream';
import type { Receipt } from '../receipts/receipt.js';
import { LINK_DIGEST } from './chain.js';
import { pageRuns, pages } from './store/pages.js';
import type { ReceiptFilter, ReceiptStore, StoredRow } from './store/store.js';

export type ExportFormat = 'jsonl' | 'csv';

/** Every row matching the filter, in sequence order, a page at a time. */
export function matching(store: ReceiptStore, filter: ReceiptFilter): AsyncGenerator<StoredRow> {
  return pages((afterSeq, limit) => store.query(filter, afterSeq, limit));
}

/** The same, as pages: an export's loop then awaits once a page, not once a row. */
export function matchingPages(store: ReceiptStore, filter: ReceiptFilter): AsyncGenerator<StoredRow[]> {
  return pageRuns((afterSeq, limit) => store.query(filter, afterSeq, limit));
}

/** One JSON line: the receipt as stored (the exact hashed text) with where it sits in the chain. */
export const jsonLine = (row: StoredRow) =>
  `{"seq":${row.seq},"receivedAt":${JSON.stringify(row.receivedAt)},"origin":${JSON.stringify(row.origin)},` +
  `"hash":"${row.hash}","prevHash":"${row.prevHash}","signature":${JSON.stringify(row.signature)},` +
  `${row.link == LINK_DIGEST ? `"digest":"${row.digest!}",` : ''}"receipt":${row.body}}\n`;

export const CSV_COLUMNS = [
  'seq',
  'receipt_id',
  'received_at',
  'timestamp',
  'event',
  'principal',
  'revision',
  'language',
  'collection_method',
  'gpc',
  'granted',
  'refused',
  'previous_receipt_id',
  'origin',
  'hash',
] as const;

export function csvRecord(row: StoredRow): (string | number)[] {
  const r = JSON.parse(row.body) as Receipt;
  const optional = r.purposes.filter((p) => !p.required);
  return [
    row.seq,
    r.receiptId,
    row.receivedAt,
    r.timestamp,
    r.event,
    r.principal,
    r.revision,
    r.language,
    r.collectionMethod,
    r.signals.gpc ? 'yes' : 'no',
    optional
      .filter((p) => p.decision == 'granted')
      .map((p) => p.category)
      .join(' '),
    optional
      .filter((p) => p.decision == 'refused')
      .map((p) => p.category)
      .join(' '),
    r.previousReceiptId ?? '',
    row.origin,
    row.hash,
  ];
}

/** Bytes gathered before they are handed on: one write per 64 KiB, not one per receipt. */
const CHUNK = 64 * 1024;

/**
 * The export as a byte stream, from pages of rows (`matchingPages`). `onRow` counts rows as they
 * go (for the access log and progress). Rows are encoded a run at a time and written in chunks:
 * per-row writes, awaits and stream objects cost more than encoding the receipts themselves.
 */
export function exportStream(rowPages: AsyncIterable<StoredRow[]>, format: ExportFormat, onRow: () => void): Readable {
  const encode =
    format == 'jsonl'
      ? (run: StoredRow[]) => run.map(jsonLine).join('')
      : (run: StoredRow[], first: boolean) =>
          stringify(run.map(csvRecord), { header: first, columns: [...CSV_COLUMNS] });
  return Readable.from(
    (async function* () {
      let run: StoredRow[] = [];
      let size = 0;
      let first = true;
      for await (const page of rowPages) {
        for (const row of page) {
          run.push(row);
          size += row.body.length;
          if (size < CHUNK) continue;
          yield encode(run, first);
          // Counted once the stream has taken them: an export cut short counts what it handed on.
          for (let i = 0; i < run.length; i++) onRow();
          [run, size, first] = [[], 0, false];
        }
      }
      // An empty export still has its CSV header.
      if (run.length || (first && format == 'csv')) yield encode(run, first);
      for (let i = 0; i < run.length; i++) onRow();
    })(),
    { objectMode: false },
  );
}
