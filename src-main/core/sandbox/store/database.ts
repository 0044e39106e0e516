/**
 * The sandbox's SQLite database: opening it and creating its tables.
 *
 * One file per data dir holds every sandbox's metadata (documents keyed by sandbox, kind and id) and
 * its Profile store (identity graph, record fragments, events). Two connections use it at once: the
 * server's (routes) and the processing worker's; WAL mode keeps reads (GET batch) fast while the
 * worker writes, and `busy_timeout` makes either writer wait briefly for the other instead of failing.
 */
import Database from 'better-sqlite3';
import path from 'node:path';

export type SqliteDb = Database.Database;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
  sandbox TEXT NOT NULL, kind TEXT NOT NULL, id TEXT NOT NULL, parent TEXT,
  created INTEGER NOT NULL, body TEXT NOT NULL,
  PRIMARY KEY (sandbox, kind, id)
);
CREATE INDEX IF NOT EXISTS documents_parent ON documents (sandbox, kind, parent);
CREATE TABLE IF NOT EXISTS identities (
  sandbox TEXT NOT NULL, ns TEXT NOT NULL, value TEXT NOT NULL, profile TEXT NOT NULL,
  PRIMARY KEY (sandbox, ns, value)
);
CREATE INDEX IF NOT EXISTS identities_profile ON identities (sandbox, profile);
CREATE TABLE IF NOT EXISTS primary_identities (
  sandbox TEXT NOT NULL, ns TEXT NOT NULL, value TEXT NOT NULL,
  PRIMARY KEY (sandbox, ns, value)
);
CREATE TABLE IF NOT EXISTS fragments (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, sandbox TEXT NOT NULL, profile TEXT NOT NULL,
  batch TEXT NOT NULL, dataset TEXT NOT NULL, attrs TEXT NOT NULL, updated INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS fragments_profile ON fragments (sandbox, profile, seq);
CREATE INDEX IF NOT EXISTS fragments_batch ON fragments (sandbox, batch);
CREATE TABLE IF NOT EXISTS events (
  sandbox TEXT NOT NULL, id TEXT NOT NULL, profile TEXT NOT NULL, ts INTEGER NOT NULL,
  batch TEXT NOT NULL, dataset TEXT NOT NULL, entity TEXT NOT NULL, updated INTEGER NOT NULL,
  PRIMARY KEY (sandbox, id)
);
CREATE INDEX IF NOT EXISTS events_profile ON events (sandbox, profile, ts);
CREATE INDEX IF NOT EXISTS events_batch ON events (sandbox, batch);
`;

/** How long a write waits for the other connection's transaction before SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 10_000;

/** Opens (and creates when missing) the database in `dataDir`. */
export function openDatabase(dataDir: string): SqliteDb {
  const db = new Database(path.join(dataDir, 'sandbox.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.exec(SCHEMA);
  return db;
}
