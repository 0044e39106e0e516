/**
 * What every sandbox route needs: stores, registry, credentials, faults, the processing queue.
 *
 * Built once by `startSandbox` and handed to each route module, so routes stay plain functions of
 * (context, request) with no hidden globals.
 */
import type { SqliteDb } from './store/database';
import type { DocumentStore } from './store/documents';
import type { XdmLibrary } from './xdm/xdm-library';
import type { SchemaRegistryStore } from './xdm/schema-registry-store';
import type { SandboxCredentials } from './credentials';
import type { FaultController } from './http/faults';
import type { ProfileStore } from './profile/profile-store';
import type { BatchQueue } from './processing/batch-queue';
import type { FileArea } from './store/file-area';

export interface SandboxContext {
  dataDir: string;
  db: SqliteDb;
  docs: DocumentStore;
  files: FileArea;
  library: XdmLibrary;
  registry: SchemaRegistryStore;
  credentials: SandboxCredentials;
  faults: FaultController;
  profiles: ProfileStore;
  queue: BatchQueue;
  /** Files a batch may hold: AEP's 1500 (MAX_FILES), unless the sandbox was started with another. */
  maxFilesPerBatch: number;
  /** Seeds a sandbox (schemas, datasets, namespaces) the first time its name is used. */
  ensureSandbox(name: string): void;
  /** The origin the server listens on, for `_links` hrefs. */
  origin(): string;
}
