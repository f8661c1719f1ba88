// API answers are data, never a page to render, and never kept by a cache along the way.
import type { FastifyPluginCallback } from 'fastify';
import fp from 'fastify-plugin';

const securityHeaders: FastifyPluginCallback = (app, _options, done) => {
  app.addHook('onSend', async (req, reply) => {
    if (!req.url.startsWith('/v1/') && req.url != '/health') return;
    reply.header('x-content-type-options', 'nosniff');
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  });
  done();
};

// fastify-plugin: the hook covers every route of the app, not only this plugin's.
export default fp(securityHeaders, { name: 'temoin-security-headers', fastify: '5.x' });
