// `temoin verify-receipt <file>`: anyone holding a receipt (the visitor's download, an export)
// checks it against the collector's public keys, offline with a keys file or from the collector's
// GET /v1/keys; `temoin keys export` writes that keys file. The algorithm is in receipt-proof.ts.
import { InvalidArgumentError, Option, type Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { text } from 'node:stream/consumers';
import {
  findCopies,
  isConsentFileHtml,
  KeysFileError,
  readKeys,
  verifyCopy,
  type KeysFile,
  type Verdict,
} from '../receipt-proof.js';
import { withStore } from '../store/open.js';
import { showDate, tzOption } from './dates.js';
import { checkCollectorRoot, storeOptions } from './options.js';
import { plural } from './table.js';

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

interface VerifyFlags {
  keys?: string;
  url?: string;
  json?: boolean;
  tz: string;
}

async function verifyReceipt(file: string, o: VerifyFlags): Promise<void> {
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
      const where = verdicts.length > 1 ? ` (${v.where})` : '';
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

export function proofCommands(cli: Command): void {
  cli
    .command('verify-receipt')
    .description(
      "Checks a receipt against the collector's public keys: a visitor's download (JSON or HTML), or exported JSON lines. Exits 0 when every receipt is valid, 1 when one is not.",
    )
    .argument('<file>', 'the receipt file, or - for standard input')
    .addOption(new Option('--keys <file>', 'the keys file (from `temoin keys export`); this or --url is required'))
    .addOption(
      new Option('--url <url>', 'the collector, whose GET /v1/keys gives the keys; this or --keys is required'),
    )
    .addOption(tzOption())
    .option('--json', 'JSON for scripts')
    .action(verifyReceipt);

  const keys = cli.command('keys').description("The collector's public keys.");
  storeOptions(
    keys
      .command('export')
      .description(
        'Prints the keys file that `temoin verify-receipt --keys` reads (the same JSON as GET /v1/keys): every public key, retired ones too.',
      ),
  ).action(async (o: { db: string; databaseUrl?: string }) => {
    const found = await withStore(o, (store) => store.keys());
    if (!found.length) {
      process.stderr.write('temoin: this database holds no key yet: the collector saves its key when it starts\n');
      process.exitCode = 1;
      return;
    }
    const file: KeysFile = { keys: found.map((k) => ({ ...k, algorithm: 'Ed25519' })) };
    console.log(JSON.stringify(file, null, 2));
  });
}
