// A stop that ends. Once `server.close()` is called, Node stops timing connections out and closes
// only those it has answered: a connection that has not sent a request yet (a browser's
// preconnect, a proxy's pool, a port scan) would hold the collector until its client left. So a
// stop closes at once every connection with no answer under way, finishes the answers under way
// and closes each connection after its answer, and cuts what is still open after `graceMs` (a
// browser's outbox sends again a receipt it has no answer for). It counts the answers it gave and
// cut, for the line that says the collector stopped.
import type { FastifyInstance } from 'fastify';
import type { Socket } from 'node:net';

/** What a stop does with the requests under way: for the log lines that say it stops, and stopped. */
export interface Drain {
  /** Requests being answered now. */
  underWay(): number;
  /**
   * Starts counting the answers given: when the line that says the collector stops (and counts
   * the requests under way) is written, which may be a while before the server's close.
   */
  count(): void;
  /** Answers given since counting began (the stop's start at the latest). */
  answered: number;
  /** Answers still under way at the deadline, cut with their connection. */
  cut: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    drain: Drain;
  }
}

export function closeConnectionsOnStop(app: FastifyInstance, graceMs: number): void {
  /** Open connections, each with the number of answers under way on it. */
  const open = new Map<Socket, number>();
  let stopping = false;
  let counting = false;
  const drain: Drain = {
    underWay: () => [...open.values()].reduce((sum, answering) => sum + answering, 0),
    count: () => void (counting = true),
    answered: 0,
    cut: 0,
  };
  app.decorate('drain', drain);

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
      // Its whole answer written: not one the deadline cut.
      if (counting && res.writableFinished) drain.answered++;
      if (stopping && answering == 1) socket.end();
    });
  });
  // An answer given while stopping says the connection closes, so no client sends another request on it.
  app.addHook('onSend', async (_req, reply) => {
    if (stopping) reply.header('connection', 'close');
  });

  app.addHook('preClose', (done) => {
    stopping = counting = true;
    for (const [socket, answering] of open) if (!answering) socket.destroy();
    const cut = setTimeout(() => {
      drain.cut = drain.underWay();
      app.server.closeAllConnections();
    }, graceMs).unref();
    app.server.once('close', () => clearTimeout(cut));
    done();
  });
}
