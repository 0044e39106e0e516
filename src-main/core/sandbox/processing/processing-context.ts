/**
 * What batch processing needs, and building it inside the processing worker.
 *
 * Processing uses only the stores and the schema registry, not the server's faults, queue or origin;
 * naming that subset lets the worker build it from its own SQLite connection (a better-sqlite3
 * handle cannot cross threads) while the server keeps its own.
 */
import path from 'node:path';
import type { SandboxContext } from '../context';
import { loadOrCreateCredentials } from '../credentials';
import { ProfileStore } from '../profile/profile-store';
import { openDatabase, type SqliteDb } from '../store/database';
import { DocumentStore } from '../store/documents';
import { FileArea } from '../store/file-area';
import { SchemaRegistryStore } from '../xdm/schema-registry-store';
import { loadXdmLibrary } from '../xdm/xdm-library';

export type ProcessingContext = Pick<SandboxContext, 'db' | 'docs' | 'files' | 'registry' | 'profiles'>;

/**
 * Settings for the worker's own connection, which does the bulk writes (Profile promotion of a
 * whole batch): a page cache big enough for the identity and fragment indexes' hot pages (the
 * default 2 MB thrashes once the identity index outgrows it, and each miss is a `pread`), reads
 * through a memory map instead of `pread` calls, and a WAL checkpoint every 64 MB of WAL instead of
 * every 4 MB (a checkpoint copies dirty index pages back and syncs: fewer, larger ones copy each hot
 * page fewer times). Durability is unchanged (`synchronous = NORMAL` in WAL mode, as the server's).
 */
function tuneWorkerConnection(db: SqliteDb): void {
  db.pragma('cache_size = -65536');
  db.pragma('mmap_size = 268435456');
  db.pragma('wal_autocheckpoint = 16384');
}

/** Opens the data dir's database and stores on a new connection (the worker's). */
export function openProcessingContext(dataDir: string, assetsDir: string): ProcessingContext {
  const credentials = loadOrCreateCredentials(dataDir);
  const db = openDatabase(dataDir);
  tuneWorkerConnection(db);
  const docs = new DocumentStore(db);
  return {
    db,
    docs,
    files: new FileArea(path.join(dataDir, 'files')),
    registry: new SchemaRegistryStore(docs, loadXdmLibrary(assetsDir), credentials.tenantId, credentials.orgId),
    profiles: new ProfileStore(db),
  };
}
