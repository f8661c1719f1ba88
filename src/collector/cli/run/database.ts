// The database in the collector's words, shared by what `temoin collector` and `temoin verify` say.
import { described, type StoreLocation } from '../../store/open.js';

/** Its file's full path or its URL without password: a relative --db depends on the folder the collector starts in. */
export const database = (o: StoreLocation) => (o.databaseUrl ? described(o) : `SQLite database ${described(o)}`);
