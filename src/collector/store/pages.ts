// Keyset pagination by sequence number: a long read (an export, a verification) holds one
// page in memory at a time, and each page starts after the last one's sequence number.
import type { EncodedPage, StoredRow } from './store.js';

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

/**
 * Every page `read` finds, from the start: each next page is asked for before this one is handed
 * on, so the database builds it while this one is sent.
 */
export async function* readAhead(read: (afterSeq: number) => Promise<EncodedPage>): AsyncGenerator<EncodedPage> {
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
