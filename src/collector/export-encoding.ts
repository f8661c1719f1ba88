// An export's two formats, written in JS: a JSON line and a CSV record. The database writes the
// same JSON lines itself for a streamed export (store/export-sql.ts); these serve one receipt,
// the newest few, and CSV, whose records need the receipt parsed (JS does it faster than either
// database). A test holds both ways to the same bytes as JSON.stringify and csv-stringify.
import type { Receipt } from '../receipts/receipt.js';
import { LINK_DIGEST } from './chain.js';
import type { CsvSource, StoredRow } from './store/store.js';

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

export const CSV_HEADER = CSV_COLUMNS.join(',') + '\n';

/** A CSV field as RFC 4180 (and csv-stringify) writes it: quoted, quotes doubled, when it holds a quote, comma or line break. */
const field = (text: string) => (/[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);

/** The optional categories given one decision, space-separated, in the receipt's order. */
function categories(receipt: Receipt, decision: 'granted' | 'refused'): string {
  let list = '';
  for (const p of receipt.purposes)
    if (!p.required && p.decision == decision) list += list ? ' ' + p.category : p.category;
  return list;
}

/** One CSV record, in the order of CSV_COLUMNS, ending with a line feed. */
export function csvLine(row: CsvSource): string {
  const r = JSON.parse(row.body) as Receipt;
  return (
    `${row.seq},${field(r.receiptId)},${field(row.receivedAt)},${field(r.timestamp)},${field(r.event)},` +
    `${field(r.principal)},${r.revision},${field(r.language)},${field(r.collectionMethod)},` +
    `${r.signals.gpc ? 'yes' : 'no'},${field(categories(r, 'granted'))},${field(categories(r, 'refused'))},` +
    `${field(r.previousReceiptId ?? '')},${field(row.origin)},${field(row.hash)}\n`
  );
}
