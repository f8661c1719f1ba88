// Exports stream a page of rows at a time: memory stays flat whatever the number of receipts.
import { stringify } from 'csv-stringify';
import { pipeline, Readable } from 'node:stream';
import type { Receipt } from '../receipts/receipt.js';
import { LINK_DIGEST } from './chain.js';
import { pages } from './store/pages.js';
import type { ReceiptFilter, ReceiptStore, StoredRow } from './store/store.js';

export type ExportFormat = 'jsonl' | 'csv';

/** Every row matching the filter, in sequence order, a page at a time. */
export function matching(store: ReceiptStore, filter: ReceiptFilter): AsyncGenerator<StoredRow> {
  return pages((afterSeq, limit) => store.query(filter, afterSeq, limit));
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

/** The export as a byte stream. `onRow` counts rows as they go (for the access log and progress). */
export function exportStream(rows: AsyncIterable<StoredRow>, format: ExportFormat, onRow: () => void): Readable {
  if (format == 'jsonl') {
    return Readable.from(
      (async function* () {
        for await (const row of rows) {
          onRow();
          yield jsonLine(row);
        }
      })(),
    );
  }
  const csv = stringify({ header: true, columns: [...CSV_COLUMNS] });
  const records = Readable.from(
    (async function* () {
      for await (const row of rows) {
        onRow();
        yield csvRecord(row);
      }
    })(),
    { objectMode: true },
  );
  // pipeline, not pipe: a failing read ends the CSV stream with the error instead of hanging.
  pipeline(records, csv, () => {});
  return csv;
}
