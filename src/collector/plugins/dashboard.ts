// GET /dashboard: the analysts' page (a Lit app built to dist/dashboard/dashboard.js). It holds
// no data; everything it shows comes from the token-protected API, so every view is logged.
import type { FastifyPluginCallback } from 'fastify';
import { readFile } from 'node:fs/promises';
import { TemoinError } from '../errors.js';

const SCRIPT = new URL('../../../../dashboard/dashboard.js', import.meta.url);

const PAGE = `<!doctype html>
<html lang="fr">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="referrer" content="no-referrer">
  <title>Témoin : tableau de bord / dashboard</title>
  <script type="module" src="dashboard/dashboard.js"></script>
</head>
<body>
  <temoin-dashboard></temoin-dashboard>
  <noscript>Le tableau de bord a besoin de JavaScript. / The dashboard needs JavaScript.</noscript>
</body>
</html>
`;

// Nothing inline, nothing from elsewhere, never framed.
const CSP =
  "default-src 'self'; img-src 'self' data: blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'self'; form-action 'none'";

const dashboard: FastifyPluginCallback = (app, _options, done) => {
  let script: Promise<Buffer> | undefined;
  app.get('/dashboard', (_req, reply) =>
    reply
      .header('content-security-policy', CSP)
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'no-store')
      .type('text/html; charset=utf-8')
      .send(PAGE),
  );
  app.get('/dashboard/', (_req, reply) => reply.redirect('../dashboard'));
  app.get('/dashboard/dashboard.js', async (_req, reply) => {
    try {
      const body = await (script ??= readFile(SCRIPT));
      return await reply.header('x-content-type-options', 'nosniff').type('text/javascript; charset=utf-8').send(body);
    } catch {
      script = undefined;
      throw new TemoinError('TEMOIN_ERR_DASHBOARD_NOT_BUILT', 'the dashboard is not built: run npm run build');
    }
  });
  done();
};

export default dashboard;
