// A stop that ends. Once `server.close()` is called, Node stops timing connections out and closes
// only those it has answered: a connection that has not sent a request yet (a browser's
// preconnect, a proxy's pool, a port scan) would hold the collector until its client left. So a
// stop closes at once every connection with no answer under way, finishes the answers under way
// and closes each connection after its answer, and cuts what is still open after `graceMs` (a
// browser's outbox sends again a receipt it has no answer for).
import type { FastifyInstance } from 'fastify';
import type { Socket } from 'node:net';

export function closeConnectionsOnStop(app: FastifyInstance, graceMs: number): void {
  /** Open connections, each with the number of answers under way on it. */
  const open = new Map<Socket, number>();
  let stopping = false;

  app.server.on('connection', (socket: Socket) => {
    // Between the stop's start and the server's close, a new connection gets nothing.
    if (stopping) return void socket.destroy();
    open.set(socket, 0);
    socket.once('close', () => open.delete(socket));
  });
  app.server.on('request', (req, res) => {
    const socket = req.socket;
    open.set(socket, (open.get(socket) ?? 0) + 1);
    res.once('close', () => {
      const answering = open.get(socket);
      if (answering === undefined) return;
      open.set(socket, answering - 1);
      if (stopping && answering == 1) socket.end();
    });
  });
  // An answer given while stopping says the connection closes, so no client sends another request on it.
  app.addHook('onSend', async (_req, reply) => {
    if (stopping) reply.header('connection', 'close');
  });

  app.addHook('preClose', (done) => {
    stopping = true;
    for (const [socket, answering] of open) if (!answering) socket.destroy();
    const cut = setTimeout(() => app.server.closeAllConnections(), graceMs).unref();
    app.server.once('close', () => clearTimeout(cut));
    done();
  });
}
