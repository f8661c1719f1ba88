// `GET /v1/proof`: a visitor's consent file as JSON (proof/report.ts), for analysts. The read is
// logged like every other, and the report carries the very access-log entry it wrote, so a printed
// file shows who read it and when. `temoin proof --url` renders its HTML from this answer.
import type { FastifyInstance } from 'fastify';
import { readProof } from '../proof/gather.js';
import { PROOF_QUERY, toProofQuery } from '../proof/query.js';
import type { ReceiptStore } from '../store/store.js';

export function proofRoutes(app: FastifyInstance, store: ReceiptStore): void {
  app.get<{ Querystring: { principal?: string; receipt?: string; at?: string } }>(
    '/v1/proof',
    { ...app.guarded('analyst'), schema: { querystring: PROOF_QUERY } },
    async (req) => readProof(store, toProofQuery(req.query), (filters, rows) => app.logAccess(req, filters, rows)),
  );
}
