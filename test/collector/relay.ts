// A TCP relay in front of the real PostgreSQL, to play its outages: cut (a server that stopped:
// each connection ended at once, as a refusal is) and silenced (a host that is down but not
// refusing, or a partition: connections taken and never answered, those open fall silent). It
// keeps its port meanwhile, so that no other test file running beside this one takes it.
import { createServer, connect, type Server, type Socket } from 'node:net';

type Mode = 'open' | 'cut' | 'silent';

export interface Relay {
  port: number;
  /** Forwards again: the server is back. New connections only; silenced ones stay silent. */
  open(): void;
  /** Ends every connection and each new one: what the collector sees of a server that stopped. */
  cut(): void;
  /**
   * Takes each new connection and never answers; the open ones stop forwarding either way, their
   * sockets left open: a black hole, what the collector sees of a host gone or cut off.
   */
  silence(): void;
  close(): Promise<void>;
}

export async function relay(target: URL): Promise<Relay> {
  const sockets = new Set<Socket>();
  const pairs = new Set<[Socket, Socket]>();
  let mode: Mode = 'open';
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const server: Server = createServer((client) => {
    track(client);
    if (mode == 'cut') return client.destroy();
    // Read nothing, answer nothing: the kernel takes the bytes, as a black hole's TCP would time out.
    if (mode == 'silent') return client.pause();
    const upstream = connect(Number(target.port), target.hostname);
    track(upstream);
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    client.once('close', () => {
      pairs.delete(pair);
      upstream.destroy();
    });
    upstream.once('close', () => client.destroy());
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    open: () => {
      mode = 'open';
    },
    cut: () => {
      mode = 'cut';
      for (const socket of sockets) socket.destroy();
    },
    silence: () => {
      mode = 'silent';
      for (const [client, upstream] of pairs) {
        client.unpipe(upstream);
        upstream.unpipe(client);
        client.pause();
        upstream.pause();
      }
      pairs.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The same database URL through the relay, with `params` added to its query. */
export function throughRelay(databaseUrl: string, r: Relay, params: Record<string, string> = {}): string {
  const url = new URL(databaseUrl);
  url.hostname = '127.0.0.1';
  url.port = String(r.port);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url.href;
}
