// What `temoin purge` does: removes receipts older than the retention period from the local store,
// or asks a remote collector to purge by its own retention. Imported only when purge runs.
import { InvalidArgumentError, type Command } from 'commander';
import { purgeOld } from '../../retention.js';
import type { Checkpoint } from '../../store/store.js';
import { showDate } from '../dates.js';
import type { Where } from '../options.js';
import { read } from '../reader.js';
import { plural } from '../table.js';

export type PurgeFlags = Where & { retentionDays: number; tz: string };

export async function purge(o: PurgeFlags, command: Command): Promise<void> {
  if (o.url && command.getOptionValueSource('retentionDays') == 'cli')
    throw new InvalidArgumentError(
      '--retention-days applies to a local database; with --url the collector purges by its own --retention-days',
    );
  const done = await read<Checkpoint | null>(o, {
    remote: {
      path: 'v1/purge',
      method: 'POST',
      query: {},
      answer: async (response) => ((await response.json()) as { purged: Checkpoint | null }).purged,
    },
    action: 'temoin purge',
    local: () => async (store, log) => {
      const done = await purgeOld(store, o.retentionDays);
      await log({ retentionDays: o.retentionDays }, done?.count ?? 0);
      return done;
    },
  });
  console.log(
    done
      ? `purged ${plural(done.count, 'receipt')} (#${done.fromSeq} to #${done.toSeq}) received before ${showDate(done.cutoff, o.tz)} (${o.tz})`
      : 'nothing to purge',
  );
}
