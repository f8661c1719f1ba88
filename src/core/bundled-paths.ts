// For bundlers (the ES module build): the check path and the write path as one lazy chunk. Split,
// they would share the record builder and IndexedDB in chunks of their own; the classic script
// serves them as two files (temoin-check.js, temoin-decisions.js) so that a first visit fetches
// only the check.
export * from './check-path.js';
export * from './write-path.js';
