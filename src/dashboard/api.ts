// The dashboard's calls to the collector, relative to the page, with the analyst's token.
import type { AccessEntry, Role, Stats, VerifyResult } from '../collector/api-types.js';
import type { ProofReport } from '../collector/proof/report.js';
import type { Receipt } from '../receipts/receipt.js';

export type { AccessEntry, Stats, VerifyResult };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** A receipt as the export gives it: the receipt, and its place and proofs in the chain. */
export interface ExportedRow {
  seq: number;
  receivedAt: string;
  hash?: string;
  signature?: string;
  /** Absent for receipts chained before 2026-12. */
  digest?: string;
  receipt: Receipt;
}

export class Api {
  constructor(private readonly token: string) {}

  async get(path: string, query: Record<string, string | number | undefined> = {}): Promise<Response> {
    // The page is <collector>/dashboard: the API is beside it.
    const url = new URL(path, new URL('.', location.href));
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') url.searchParams.set(k, String(v));
    const response = await fetch(url, { headers: { authorization: `Bearer ${this.token}` } });
    if (!response.ok) {
      const body = (await response.json().catch(() => ({}))) as { error?: string };
      throw new ApiError(response.status, body.error ?? response.statusText);
    }
    return response;
  }

  me = async () =>
    (await this.get('v1/me', { view: 'dashboard' })).json() as Promise<{ name: string; role: Role; minCell: number }>;
  stats = async (query: Record<string, string | undefined>) =>
    (await this.get('v1/stats', query)).json() as Promise<Stats>;
  verify = async () => (await this.get('v1/verify')).json() as Promise<VerifyResult>;
  accessLog = async () =>
    ((await (await this.get('v1/access-log', { limit: 100 })).json()) as { entries: AccessEntry[] }).entries;

  recent = (query: Record<string, string | undefined>) => this.receipts({ ...query, newest: 50 });
  /** One visitor's consent file: every receipt in chain order, verified, and the state at `at`. */
  proof = async (principal: string, at?: string) =>
    (await this.get('v1/proof', { principal, at })).json() as Promise<ProofReport>;

  private async receipts(query: Record<string, string | number | undefined>): Promise<ExportedRow[]> {
    const text = await (await this.get('v1/receipts', query)).text();
    return text
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as ExportedRow);
  }

  /** The export as a file download. */
  async download(query: Record<string, string | undefined>, format: 'csv' | 'jsonl'): Promise<void> {
    const response = await this.get('v1/receipts', { ...query, format });
    const name =
      /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? `temoin-receipts.${format}`;
    const link = document.createElement('a');
    link.href = URL.createObjectURL(await response.blob());
    link.download = name;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  }
}
