/**
 * `startSandbox`: the Local sandbox's library API, for the app's composition roots, the CLI and tests.
 *
 * Opens (or creates) the data dir, loads the XDM library, wires stores, routes and the processing
 * queue (whose worker thread processes batches), listens on loopback, re-queues batches a previous
 * run left processing, and returns the URL, the sandbox's credentials, the runtime fault controls
 * and `close()`.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { SandboxContext } from './context';
import { loadOrCreateCredentials } from './credentials';
import { FaultController, type FaultSettings } from './http/faults';
import { createServer } from './http/server';
import { BatchQueue } from './processing/batch-queue';
import { ProfileStore } from './profile/profile-store';
import { DEFAULT_SANDBOX_NAME } from './sandbox-name';
import { SERVICE_FAMILIES } from './service-families';
import { seedSandbox } from './seed/seed-sandbox';
import { openDatabase } from './store/database';
import { DocumentStore } from './store/documents';
import { FileArea } from './store/file-area';
import { findXdmAssets } from './assets-dir';
import { loadXdmLibrary } from './xdm/xdm-library';
import { SchemaRegistryStore } from './xdm/schema-registry-store';
import { MAX_FILES } from './routes/batch-ingestion';
import type { JsonObject } from './json';

export { DEFAULT_SANDBOX_NAME };

export interface StartSandboxOptions {
  /** Folder for the database, credentials and files; created when missing. */
  dataDir: string;
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Interface; loopback by default. */
  host?: string;
  /** Faults active from the start. */
  faults?: FaultSettings;
  /** Folder of the copied XDM subset; found automatically when omitted. */
  assetsDir?: string;
  /**
   * Files a batch may hold; AEP's 1500 by default. Why an option: a test of the limit otherwise
   * uploads 1500 files, which cost more than the rest of its suite together.
   */
  maxFilesPerBatch?: number;
}

export interface SandboxCredentialsView {
  orgId: string;
  clientId: string;
  clientSecret: string;
  sandboxName: string;
}

export interface RunningSandbox {
  /** Base URL (origin) for every service: `${url}/data/foundation/catalog`, `${url}/ims/token/v3`, … */
  url: string;
  credentials: SandboxCredentialsView;
  /** The tenant id of `/stats` (`_{tenantId}` namespaces tenant fields). */
  tenantId: string;
  /** Runtime fault control (also reachable over HTTP under `/_sandbox/faults`). */
  faults: FaultController;
  /** Resolves when no batch is queued or processing. */
  idle(): Promise<void>;
  /** Stops processing (the worker thread ends; an unfinished batch resumes at the next start), closes the server and the database. */
  close(): Promise<void>;
}

/** Starts a Local sandbox. */
export async function startSandbox(options: StartSandboxOptions): Promise<RunningSandbox> {
  const dataDir = path.resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const credentials = loadOrCreateCredentials(dataDir);
  const db = openDatabase(dataDir);
  const docs = new DocumentStore(db);
  const assetsDir = findXdmAssets(options.assetsDir);
  const library = loadXdmLibrary(assetsDir);
  const registry = new SchemaRegistryStore(docs, library, credentials.tenantId, credentials.orgId);
  const faults = new FaultController(options.faults ?? {});
  const queue = new BatchQueue({ dataDir, assetsDir, docs });
  let origin = '';
  const ctx: SandboxContext = {
    dataDir,
    db,
    docs,
    files: new FileArea(path.join(dataDir, 'files')),
    library,
    registry,
    credentials,
    faults,
    profiles: new ProfileStore(db),
    queue,
    maxFilesPerBatch: options.maxFilesPerBatch ?? MAX_FILES,
    ensureSandbox: (name) => seedSandbox(ctx, name),
    origin: () => origin,
  };
  ctx.ensureSandbox(DEFAULT_SANDBOX_NAME);

  const app = await createServer(ctx, SERVICE_FAMILIES);

  await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
  const address = app.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  origin = `http://${host}:${address.port}`;

  for (const sandbox of docs.sandboxes()) {
    for (const batch of docs.list<JsonObject>(sandbox, 'batch')) if (batch.status === 'processing') queue.enqueue(sandbox, String(batch.id));
  }

  let closing: Promise<void> | undefined;
  return {
    url: origin,
    credentials: { orgId: credentials.orgId, clientId: credentials.clientId, clientSecret: credentials.clientSecret, sandboxName: DEFAULT_SANDBOX_NAME },
    tenantId: credentials.tenantId,
    faults,
    idle: () => queue.idle(),
    close: () => {
      closing ??= (async () => {
        await queue.close();
        await app.close();
        db.close();
      })();
      return closing;
    },
  };
}
