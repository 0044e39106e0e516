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
import { openDatabase } from '../store/database';
import { DocumentStore } from '../store/documents';
import { FileArea } from '../store/file-area';
import { SchemaRegistryStore } from '../xdm/schema-registry-store';
import { loadXdmLibrary } from '../xdm/xdm-library';

export type ProcessingContext = Pick<SandboxContext, 'db' | 'docs' | 'files' | 'registry' | 'profiles'>;

/** Opens the data dir's database and stores on a new connection (the worker's). */
export function openProcessingContext(dataDir: string, assetsDir: string): ProcessingContext {
  const credentials = loadOrCreateCredentials(dataDir);
  const db = openDatabase(dataDir);
  const docs = new DocumentStore(db);
  return {
    db,
    docs,
    files: new FileArea(path.join(dataDir, 'files')),
    registry: new SchemaRegistryStore(docs, loadXdmLibrary(assetsDir), credentials.tenantId, credentials.orgId),
    profiles: new ProfileStore(db),
  };
}
