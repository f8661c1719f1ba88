// What `temoin keys export` does: the keys file that `temoin verify-receipt --keys` reads, from the
// local database. Imported only when it runs (cli/proof.ts).
import type { KeysFile } from '../../receipt-proof.js';
import { withStore } from '../../store/open.js';

export async function exportKeys(o: { db: string; databaseUrl?: string }): Promise<void> {
  const found = await withStore(o, (store) => store.keys());
  if (!found.length) {
    process.stderr.write('temoin: this database holds no key yet: the collector saves its key when it starts\n');
    process.exitCode = 1;
    return;
  }
  const file: KeysFile = { keys: found.map((k) => ({ ...k, algorithm: 'Ed25519' })) };
  console.log(JSON.stringify(file, null, 2));
}
