// Keyset pagination by sequence number: a long read (an export, a verification) holds one
// page in memory at a time, and each page starts after the last one's sequence number.
import type { StoredRow } from './store.js';

export const PAGE = 1000;

/** Reads up to `limit` rows after `afterSeq`, in sequence order. */
export type PageReader = (afterSeq: number, limit: number) => Promise<StoredRow[]>;

/** Every page `readPage` finds after `afterSeq`, in sequence order: for reads that go a page at a time. */
export async function* pageRuns(readPage: PageReader, afterSeq = 0): AsyncGenerator<StoredRow[]> {
  for (;;) {
    const rows = await readPage(afterSeq, PAGE);
    if (rows.length) yield rows;
    if (rows.length < PAGE) return;
    afterSeq = rows[rows.length - 1]!.seq;
  }
}

/** Every row `readPage` finds after `afterSeq`, in sequence order, a page at a time. */
export async function* pages(readPage: PageReader, afterSeq = 0): AsyncGenerator<StoredRow> {
  for await (const rows of pageRuns(readPage, afterSeq)) yield* rows;
}
