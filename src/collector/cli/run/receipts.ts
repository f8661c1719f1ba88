// What `temoin receipts export` and `temoin receipts get` do, on a local database or a remote
// collector, each read logged (cli/reader.ts). Imported only when one of them runs (cli/analyst.ts).
import { InvalidArgumentError } from 'commander';
import { Readable, type Writable } from 'node:stream';
import type { ReadableStream } from 'node:stream/web';
import { pipeline } from 'node:stream/promises';
import { canonicalJson } from '../../../receipts/canonical.js';
import { bodyDigest } from '../../chain.js';
import { erasedReceiptMessage } from '../../erasure.js';
import { jsonLine } from '../../export-encoding.js';
import { countSent, exportPages, exportStream, type ExportFormat } from '../../export.js';
import { parseFilter, UUID } from '../../filters.js';
import type { ReceiptStore, StoredRow } from '../../store/store.js';
import { rangeText, readDate } from '../dates.js';
import type { Where } from '../options.js';
import { LineCounter, progress } from '../progress.js';
import { read } from '../reader.js';

export type ExportFlags = Where & Record<string, string | undefined> & { format: ExportFormat; tz: string };

export async function exportReceipts(o: ExportFlags): Promise<void> {
  const query = {
    from: readDate(o.from, o.tz, '--from'),
    to: readDate(o.to, o.tz, '--to'),
    category: o.category,
    decision: o.decision,
    event: o.event,
    revision: o.revision,
    principal: o.principal,
  };
  const filter = parseFilter(query);
  const count = progress();
  const out = process.stdout as Writable;
  // A hint when --category may be a typo; a local read only, since the API lists no categories.
  const hint = await read<string | null>(o, {
    remote: {
      path: 'v1/receipts',
      query: { ...query, format: o.format },
      async answer(response) {
        await pipeline(Readable.fromWeb(response.body! as ReadableStream), new LineCounter(o.format, count.row), out);
        return null;
      },
    },
    action: 'temoin receipts export',
    local: () => async (store, log) => {
      const sent = countSent(out);
      try {
        await pipeline(exportStream(exportPages(store, filter, o.format), o.format, count.row), out);
      } finally {
        // The rows stdout took, even when the export stopped short (a closed pipe).
        await log({ ...filter, format: o.format }, sent());
      }
      if (count.rows()) return null;
      return filter.category ? unknownCategory(store, filter.category) : erasedVisitor(store, filter.principal);
    },
  });
  // Only an export that went through says so: a closed pipe or a failure throws before this.
  count.done(rangeText(filter, o.tz) && ` decided${rangeText(filter, o.tz)}`);
  if (hint) process.stderr.write(`temoin: ${hint}\n`);
}

const FULL_ID = new RegExp(UUID);

/** Why an export by a visitor's full id found nothing: that visitor was erased; or null. */
async function erasedVisitor(store: ReceiptStore, principal: string | undefined): Promise<string | null> {
  if (!principal || !FULL_ID.test(principal) || !(await store.erasedPrincipal(bodyDigest(principal)))) return null;
  return `visitor ${principal} was erased: an export leaves out their receipts' tombstones; \`temoin proof --principal ${principal}\` says when, by whom and why`;
}

/** Why a --category that matched nothing may be a typo: no receipt or stored config names it; or null. */
async function unknownCategory(store: ReceiptStore, category: string): Promise<string | null> {
  const [chosen, configured] = await Promise.all([store.categoriesChosen(), store.configCategories()]);
  const known = [...new Set([...chosen, ...configured])].sort();
  if (known.includes(category)) return null;
  return `no stored receipt counts a choice on category "${category}" and no stored config names it: check the id${known.length ? ` (known: ${known.join(', ')})` : ''}`;
}

/** One receipt, or why there is none to show: never stored, or erased (a tombstone). */
type Found = { row: StoredRow } | { missing: string };

export async function getReceipt(id: string, o: Where): Promise<void> {
  const receiptId = (id.trim() || id).toLowerCase();
  if (!new RegExp(UUID).test(receiptId)) throw new InvalidArgumentError(`"${id}" is not a receipt id (a UUID)`);
  const found = await read<Found>(o, {
    remote: {
      path: `v1/receipts/${receiptId}`,
      query: {},
      answers: [404, 410],
      async answer(response) {
        if (response.status == 404) return { missing: `no receipt ${receiptId}` };
        // The collector's own words for a tombstone, as a local read says them.
        if (response.status == 410) return { missing: ((await response.json()) as { error: string }).error };
        const { receipt, ...chain } = (await response.json()) as Omit<StoredRow, 'body'> & { receipt: unknown };
        return { row: { ...chain, body: canonicalJson(receipt) } };
      },
    },
    action: 'temoin receipts get',
    local: () => async (store, log) => {
      const row = await store.receipt(receiptId);
      // A tombstone holds nothing of the visitor: no row read.
      await log({ receiptId }, row && !row.erasedAt ? 1 : 0);
      if (!row) return { missing: `no receipt ${receiptId}` };
      return row.erasedAt ? { missing: erasedReceiptMessage(row) } : { row };
    },
  });
  if ('missing' in found) {
    process.stderr.write(`temoin: ${found.missing}\n`);
    process.exitCode = 1;
    return;
  }
  process.stdout.write(jsonLine(found.row));
}
