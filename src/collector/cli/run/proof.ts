// What `temoin proof` does: gathers a visitor's consent file from the local store or a remote
// collector, and writes it as HTML or JSON. Imported only when proof runs (cli/proof-file.ts).
import { TemoinError } from '../../errors.js';
import { readProof } from '../../proof/gather.js';
import { proofHtml } from '../../proof/html.js';
import type { ProofLanguage } from '../../proof/i18n.js';
import { parseProofQuery, type ProofQuery } from '../../proof/query.js';
import type { ProofReport } from '../../proof/report.js';
import { readDate } from '../dates.js';
import type { Where } from '../options.js';
import { read } from '../reader.js';
import { plural } from '../table.js';
import { checkOut, writeOut, type OutFlags } from './out-file.js';

export interface ProofFlags extends Where, OutFlags {
  principal?: string;
  receipt?: string;
  at?: string;
  format: 'html' | 'json';
  lang?: ProofLanguage;
  tz: string;
}

/** A report, or why there is none: no such visitor or receipt (exit 1, the read still logged). */
type Answer = ProofReport | { missing: string };

const readReport = (o: ProofFlags, query: ProofQuery) =>
  read<Answer>(o, {
    remote: {
      path: 'v1/proof',
      query: { principal: query.principal, receipt: query.receipt, at: query.at },
      answers: [404],
      async answer(response) {
        if (response.status != 404) return (await response.json()) as ProofReport;
        const refusal = (await response.json()) as { error: string; code?: string };
        // A collector from before GET /v1/proof answers 404 too, for the route.
        if (refusal.code == 'TEMOIN_ERR_NO_ROUTE')
          throw new Error(`${o.url!}: this collector has no GET /v1/proof; update it to 2026-12 or later`);
        return { missing: refusal.error };
      },
    },
    action: 'temoin proof',
    local: () => async (store, log) => {
      try {
        return await readProof(store, query, log);
      } catch (e) {
        if (e instanceof TemoinError && e.code == 'TEMOIN_ERR_NO_RECEIPT') return { missing: e.message };
        throw e;
      }
    },
  });

/**
 * The language the visitor read their last notice in (French for any fr-* tag, else English,
 * the file's two languages), unless --lang says otherwise. With no receipt left to tell (an
 * erased visitor), French, as the committee's report defaults to.
 */
function languageOf(report: ProofReport, asked: ProofLanguage | undefined): ProofLanguage {
  const last = report.receipts.findLast((r) => r.receipt)?.receipt?.language;
  return asked ?? (last === undefined || last.startsWith('fr') ? 'fr' : 'en');
}

/** One line saying what the file holds: receipts, erased, verified, for whom. */
function described(report: ProofReport): string {
  const total = report.receipts.length;
  const erased = report.receipts.filter((r) => r.erasedAt).length;
  const failed = report.receipts.filter((r) => !r.verification.ok).length;
  const who = report.principal ? `visitor ${report.principal}` : 'an erased visitor';
  return (
    `consent file of ${who}: ${plural(total, 'receipt')}${erased ? ` (${erased} erased)` : ''}, ` +
    (failed ? `${failed} NOT verified` : 'all verified') +
    `; access-log entry #${report.access.id}`
  );
}

export async function writeProof(o: ProofFlags): Promise<void> {
  const query = parseProofQuery({ principal: o.principal, receipt: o.receipt, at: readDate(o.at, o.tz, '--at') });
  await checkOut(o);
  const answer = await readReport(o, query);
  if ('missing' in answer) {
    process.stderr.write(`temoin: ${answer.missing}\n`);
    process.exitCode = 1;
    return;
  }
  const text =
    o.format == 'json' ? `${JSON.stringify(answer, null, 2)}\n` : proofHtml(answer, languageOf(answer, o.lang), o.tz);
  if (o.out) {
    // A visitor's receipts: readable by the owner only, as the database.
    await writeOut({ ...o, out: o.out }, text);
    console.log(`wrote ${o.out} (${o.format}, ${Buffer.byteLength(text)} bytes): ${described(answer)}`);
  } else {
    process.stdout.write(text);
    process.stderr.write(`${described(answer)}\n`);
  }
  // As verify-receipt: a receipt that does not verify is a negative answer.
  process.exitCode = answer.receipts.every((r) => r.verification.ok) ? 0 : 1;
}
