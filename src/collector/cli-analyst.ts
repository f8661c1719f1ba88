// The analysts' commands: tokens, exports, statistics and the access log. Reads work on a local
// database (--db, --database-url) or a remote collector (--url with --token); either way they
// are logged. Data goes to stdout, progress and summaries to stderr, so pipes stay clean.
import { Command, InvalidArgumentError, Option } from 'commander';
import { userInfo } from 'node:os';
import { Readable, Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createToken, ROLES, type Actor } from './access.js';
import { exportStream, matching, type ExportFormat } from './export.js';
import { parseFilter, parseTimeRange } from './filters.js';
import { computeStats, type Stats } from './stats.js';
import { storeOptions } from './cli-options.js';
import { withStore } from './store/open.js';
import type { AccessEntry, ReceiptStore, Role } from './store/store.js';
import { table } from './table.js';

interface Where {
  db: string;
  databaseUrl?: string;
  url?: string;
  token?: string;
}

const local = storeOptions;
const anywhere = (command: Command) => local(command)
  .addOption(new Option('--url <url>', 'a remote collector, instead of a local database').env('TEMOIN_URL'))
  .addOption(new Option('--token <token>', 'token for --url').env('TEMOIN_TOKEN'));
const filters = (command: Command) => command
  .option('--from <date>', 'decisions from this day or time (inclusive)')
  .option('--to <date>', 'decisions before this day or time')
  .option('--category <id>', 'receipts in which this category was granted (or --decision)')
  .option('--decision <granted|refused>', 'with --category')
  .option('--event <event>', 'given, refused, updated, withdrawn or expired')
  .option('--revision <n>', 'config revision')
  .option('--principal <uuid>', 'one visitor, for an access request');

const cliActor = (): Actor => ({ name: `cli:${userInfo().username}`, tokenId: null });

/** A GET on the remote collector; its answer, or an error naming what went wrong. */
async function remote(where: Where, path: string, query: Record<string, string | number | undefined>): Promise<Response> {
  if (!where.token) throw new InvalidArgumentError('--url needs --token (or TEMOIN_TOKEN)');
  const url = new URL(path, where.url!.replace(/\/?$/, '/'));
  for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, String(v));
  const response = await fetch(url, { headers: { authorization: `Bearer ${where.token}` } });
  if (!response.ok) throw new Error(`${url.pathname}: ${response.status} ${(await response.json().catch(() => ({})) as { error?: string }).error ?? response.statusText}`);
  return response;
}

const logLocal = (store: ReceiptStore, action: string, filters: Record<string, unknown>, rows: number) =>
  store.logAccess({ at: new Date().toISOString(), actor: cliActor().name, tokenId: null, action, filters, rows });

/** Counts exported rows on stderr, so a long export shows it is moving. */
function progress(): { row: () => void; done: () => number } {
  let rows = 0;
  const tty = process.stderr.isTTY;
  return {
    row() {
      rows++;
      if (rows % 50_000 == 0) process.stderr.write(tty ? `\rexported ${rows.toLocaleString('en')} receipts…` : `exported ${rows} receipts…\n`);
    },
    done() {
      process.stderr.write(`${tty ? '\r' : ''}exported ${rows.toLocaleString('en')} receipts\n`);
      return rows;
    },
  };
}

export function analystCommands(cli: Command): void {
  const token = cli.command('token').description('Tokens for analysts and admins (on the local database).');
  local(token.command('create').description('Makes a token and prints it once; only its hash is kept.'))
    .requiredOption('--name <name>', 'whose token it is, as the access log will say')
    .addOption(new Option('--role <role>', 'analyst (read receipts and statistics) or admin (also purge, tokens, access log)').choices(ROLES).default('analyst'))
    .action(async (o: Where & { name: string; role: Role }) => {
      const made = await withStore(o, (store) => createToken(store, o.name, o.role));
      process.stderr.write(`token ${made.id} for "${o.name}" (${o.role}); it is shown only now:\n`);
      console.log(made.token);
    });
  local(token.command('list').description('Lists tokens (never the tokens themselves).'))
    .option('--json', 'JSON for scripts')
    .action(async (o: Where & { json?: boolean }) => {
      const tokens = await withStore(o, (store) => store.tokens());
      console.log(o.json ? JSON.stringify(tokens) : table(['id', 'name', 'role', 'created', 'revoked'],
        tokens.map((t) => [t.id, t.name, t.role, t.createdAt, t.revokedAt])));
    });
  local(token.command('revoke').description('Revokes a token at once.').argument('<id>', 'the token id from `temoin token list`'))
    .action(async (id: string, o: Where) => {
      const done = await withStore(o, (store) => store.revokeToken(id, new Date().toISOString()));
      if (!done) throw new InvalidArgumentError(`no token ${id}; see temoin token list`);
      console.log(`token ${id} revoked`);
    });

  const receipts = cli.command('receipts').description('Consent receipts.');
  filters(anywhere(receipts.command('export').description('Streams every matching receipt to stdout, as JSON lines or CSV.')))
    .addOption(new Option('--format <format>', 'jsonl or csv').choices(['jsonl', 'csv']).default('jsonl'))
    .action(async (o: Where & Record<string, string | undefined> & { format: ExportFormat }) => {
      const query = { from: o.from, to: o.to, category: o.category, decision: o.decision, event: o.event, revision: o.revision, principal: o.principal };
      const filter = parseFilter(query);
      const count = progress();
      const out = process.stdout as Writable;
      if (o.url) {
        const response = await remote(o, 'v1/receipts', { ...query, format: o.format });
        const lines = new LineCounter(o.format, count.row);
        await pipeline(Readable.fromWeb(response.body! as import('node:stream/web').ReadableStream), lines, out);
        count.done();
        return;
      }
      await withStore(o, async (store) => {
        try {
          await pipeline(exportStream(matching(store, filter), o.format, count.row), out);
        } finally {
          await logLocal(store, 'temoin receipts export', { ...filter, format: o.format }, count.done());
        }
      });
    });

  anywhere(cli.command('stats').description('Opt-in statistics per day or week; small cells are suppressed.'))
    .option('--from <date>', 'from this day or time (inclusive)')
    .option('--to <date>', 'before this day or time')
    .addOption(new Option('--interval <interval>', 'day or week').choices(['day', 'week']).default('day'))
    .addOption(new Option('--by <split>', 'revision or language').choices(['revision', 'language']))
    .addOption(new Option('--min <n>', 'smallest cell shown').env('TEMOIN_MIN_CELL').default('5'))
    .option('--json', 'JSON for scripts')
    .action(async (o: Where & { from?: string; to?: string; interval: 'day' | 'week'; by?: 'revision' | 'language'; min: string; json?: boolean }) => {
      let stats: Stats;
      if (o.url) {
        stats = await (await remote(o, 'v1/stats', { from: o.from, to: o.to, interval: o.interval, by: o.by, min: o.min })).json() as Stats;
      } else {
        const minCell = Number(o.min);
        if (!Number.isInteger(minCell) || minCell < 1) throw new InvalidArgumentError(`--min must be a whole number ≥ 1, not "${o.min}"`);
        const filter = parseFilter({ from: o.from, to: o.to });
        stats = await withStore(o, async (store) => {
          const { rows, ...result } = await computeStats(matching(store, filter), { interval: o.interval, ...(o.by ? { by: o.by } : {}), minCell });
          await logLocal(store, 'temoin stats', { ...filter, interval: o.interval, by: o.by, min: minCell }, rows);
          return result;
        });
      }
      if (o.json) return console.log(JSON.stringify(stats));
      const pct = (n: number | null | undefined) => (n === null || n === undefined ? '–' : `${(n * 100).toFixed(1)} %`);
      console.log(table(
        [o.interval == 'week' ? 'week of' : 'day', ...(stats.by ? [stats.by] : []), 'decisions', ...stats.categories, 'accept all', 'reject all', 'GPC'],
        stats.buckets.map((b) => b.suppressed
          ? [b.start, ...(stats.by ? [b.group] : []), `< ${stats.minCell}`, ...stats.categories.map(() => '·'), '·', '·', '·']
          : [b.start, ...(stats.by ? [b.group] : []), b.decisions, ...stats.categories.map((c) => pct(b.acceptance?.[c])), pct(b.acceptAll), pct(b.rejectAll), pct(b.gpc)]),
      ));
      process.stderr.write(`cells under ${stats.minCell} decisions are suppressed\n`);
    });

  anywhere(cli.command('access-log').description('Who read what, when, and how many rows (admins).'))
    .option('--from <date>', 'from this day or time')
    .option('--to <date>', 'before this day or time')
    .option('--limit <n>', 'newest entries shown', '100')
    .option('--json', 'JSON for scripts')
    .action(async (o: Where & { from?: string; to?: string; limit: string; json?: boolean }) => {
      const limit = Number(o.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new InvalidArgumentError(`--limit must be a whole number ≥ 1, not "${o.limit}"`);
      let entries: AccessEntry[];
      if (o.url) {
        entries = (await (await remote(o, 'v1/access-log', { from: o.from, to: o.to, limit })).json() as { entries: AccessEntry[] }).entries;
      } else {
        const range = parseTimeRange({ from: o.from, to: o.to });
        entries = await withStore(o, async (store) => {
          const found = await store.accessLog({ ...range, limit });
          await logLocal(store, 'temoin access-log', { ...range, limit }, found.length);
          return found;
        });
      }
      console.log(o.json ? JSON.stringify(entries) : table(['at', 'who', 'what', 'filters', 'rows'],
        entries.map((e) => [e.at, e.actor, e.refused ? `${e.action} (refused: ${e.refused})` : e.action, JSON.stringify(e.filters), e.rows])));
    });
}

/** Passes bytes through while counting complete lines (JSON lines, or CSV rows after the header). */
class LineCounter extends Transform {
  private header: boolean;
  constructor(format: ExportFormat, private readonly onLine: () => void) {
    super();
    this.header = format == 'csv';
  }
  override _transform(chunk: Buffer, _encoding: string, done: (error?: Error | null, data?: Buffer) => void): void {
    for (let i = chunk.indexOf(10); i != -1; i = chunk.indexOf(10, i + 1)) {
      if (this.header) this.header = false;
      else this.onLine();
    }
    done(null, chunk);
  }
}
