// The address the collector listens on: tried before anything is made (the database, the signing
// key), so that a port in use leaves nothing behind, and its errors said with the flag to change.
import { createServer } from 'node:net';

export interface ListenAddress {
  host: string;
  port: number;
}

/** Why the collector cannot listen, with the flag that changes it. */
export function listenError({ host, port }: ListenAddress, e: unknown): Error {
  const { code, message } = e as NodeJS.ErrnoException;
  return new Error(
    code == 'EADDRINUSE'
      ? `${host}:${port} is in use by another program: stop it, or choose another port with --port (or TEMOIN_PORT)`
      : `cannot listen on ${host}:${port}: ${message}. Check --host and --port`,
    { cause: e },
  );
}

/**
 * Listens on the address and lets it go at once; throws `listenError` when it cannot. The collector
 * listens a moment later, once its database is open: another program taking the port meanwhile is
 * still refused then, with the same words.
 */
export function checkPort(address: ListenAddress): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (e) => reject(listenError(address, e)));
    server.listen(address.port, address.host, () => server.close(() => resolve()));
  });
}
