// What `temoin verify-receipt` does: reads the receipt file and the collector's public keys (a
// keys file, or GET /v1/keys), and checks each receipt. Imported only when it runs (cli/proof.ts).
import { InvalidArgumentError } from 'commander';
import { readFile } from 'node:fs/promises';
import { text } from 'node:stream/consumers';
import {
  findCopies,
  isConsentFileHtml,
  KeysFileError,
  readKeys,
  verifyCopy,
  type Verdict,
} from '../../receipt-proof.js';
import { showDate } from '../dates.js';
import { checkCollectorRoot } from '../options.js';
import { plural } from '../table.js';

/** GET /v1/keys of a collector (no token needed): the keys file's text. */
async function fetchKeys(url: string): Promise<string> {
  checkCollectorRoot(url, '--url');
  let target: URL;
  try {
    target = new URL('v1/keys', url.replace(/\/?$/, '/'));
  } catch {
    throw new InvalidArgumentError(`--url "${url}" is not a URL such as https://consent.example.org`);
  }
  let response: Response;
  try {
    response = await fetch(target);
  } catch (e) {
    const cause = (e as { cause?: Error & { code?: string } }).cause;
    throw new Error(`cannot reach the collector at ${url}: ${cause?.message || cause?.code || (e as Error).message}`, {
      cause: e,
    });
  }
  if (!response.ok) throw new Error(`GET ${target.href}: ${response.status} ${response.statusText}`);
  return response.text();
}

async function readText(file: string, what: string): Promise<string> {
  try {
    // `-`: standard input, as in `temoin receipts get <id> | temoin verify-receipt - --keys …`.
    return file == '-' ? await text(process.stdin) : await readFile(file, 'utf8');
  } catch (e) {
    throw new InvalidArgumentError(`cannot read the ${what} ${file}: ${(e as Error).message}`);
  }
}

export interface VerifyReceiptFlags {
  keys?: string;
  url?: string;
  json?: boolean;
  tz: string;
}

export async function verifyReceipt(file: string, o: VerifyReceiptFlags): Promise<void> {
  if (!o.keys == !o.url)
    throw new InvalidArgumentError(
      "give the collector's public keys: --keys FILE (from `temoin keys export` or GET /v1/keys), or --url of the collector",
    );
  const content = await readText(file, 'receipt file');
  const keysText = o.keys ? await readText(o.keys, 'keys file') : await fetchKeys(o.url!);
  let keys;
  try {
    keys = readKeys(keysText, o.keys ?? `${o.url} (GET /v1/keys)`);
  } catch (e) {
    if (e instanceof KeysFileError) throw new InvalidArgumentError(e.message);
    throw e;
  }
  const copies = findCopies(content);
  if (!copies && isConsentFileHtml(content))
    throw new InvalidArgumentError(
      `${file} is a visitor's consent file made by \`temoin proof\` (HTML, to read and print): it shows each receipt's check, not the signatures to check it again. Make the same file with --format json (or GET /v1/proof) and give that to verify-receipt, or give it the visitor's receipts from \`temoin receipts export --principal <id>\``,
    );
  const verdicts: Verdict[] = copies?.length
    ? copies.map((copy) => verifyCopy(copy, keys))
    : [
        {
          ok: false,
          where: file,
          problem: 'malformed',
          reason: copies
            ? 'it holds no receipt'
            : 'not a receipt file: expected JSON, JSON lines, or an HTML receipt with its temoin-receipt script block',
        },
      ];
  if (o.json) console.log(JSON.stringify(verdicts));
  else
    for (const v of verdicts) {
      // A consent file's receipts are placed by their number in the chain, which a valid one names.
      const where = verdicts.length > 1 && !(v.ok && v.where == `#${v.seq}`) ? ` (${v.where})` : '';
      console.log(
        v.ok
          ? `valid: receipt ${v.receiptId}${where}, #${v.seq} received ${showDate(v.receivedAt, o.tz)} (${o.tz}), signed by key ${v.keyId}${v.erasedAt ? `; erased ${showDate(v.erasedAt, o.tz)}, so its signature and place are checked, not its content` : ''}`
          : `not valid: ${v.receiptId ? `receipt ${v.receiptId}` : file}${where}: ${v.problem}: ${v.reason}`,
      );
    }
  const bad = verdicts.filter((v) => !v.ok).length;
  if (verdicts.length > 1)
    process.stderr.write(`${plural(verdicts.length - bad, 'receipt')} valid, ${bad} not valid\n`);
  process.exitCode = bad ? 1 : 0;
}
