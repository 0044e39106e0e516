import type { SandboxCredentialsView } from '../core/sandbox/index';
import type { AppError } from '../../src-shared/domain/errors';
import { WorkerClient, locateWorker, type WorkerCallContext } from '../core/workers/index';

/**
 * The Local sandbox's worker thread, as main sees it: start it on loopback, learn where it listens, stop it.
 * Why a thread: the sandbox parses uploads, stores them in SQLite and answers the client's polling;
 * on the Electron main thread a heavy upload would freeze the window (design §3). Its batch
 * processing already runs in a worker of its own, which this thread starts.
 */

/** Where the embedded Local sandbox listens and the credentials it accepts (never sent to the renderer). */
export interface LocalSandboxInfo {
  /** Base URL (origin) for every service, e.g. `http://127.0.0.1:PORT`. */
  url: string;
  credentials: SandboxCredentialsView;
  /** The tenant id (`_{tenantId}` namespaces tenant fields). */
  tenantId: string;
}

export interface StartLocalSandbox {
  /** The sandbox's own folder (database, credentials, files). */
  dataDir: string;
  /** 0 picks a free port. */
  port: number;
  /** The XDM assets folder, found by main (where Electron's resources path is known). */
  assetsDir?: string;
}

export interface SandboxWorkerApi {
  /** Starts the sandbox (or answers where the running one listens). */
  start(input: StartLocalSandbox, ctx: WorkerCallContext): Promise<LocalSandboxInfo>;
  /** Closes the server, the processing worker and the database; safe when nothing runs. */
  stop(input: Record<string, never>, ctx: WorkerCallContext): Promise<void>;
}

export type SandboxWorkerClient = WorkerClient<SandboxWorkerApi>;

/** The sandbox worker's script: `./sandbox-worker.ts` from source, `dist/workers/sandbox-server.mjs` when bundled. */
export const SANDBOX_WORKER_FILES = { source: './sandbox-worker.ts', bundle: 'sandbox-server.mjs' } as const;

export interface SandboxWorkerClientOptions {
  /** Told when the thread dies on its own (the sandbox is gone with it). */
  onCrash?: (error: AppError) => void;
}

export function createSandboxWorkerClient(options: SandboxWorkerClientOptions = {}): SandboxWorkerClient {
  return new WorkerClient<SandboxWorkerApi>({
    name: 'Local sandbox',
    entry: () => locateWorker(import.meta.url, SANDBOX_WORKER_FILES),
    ...(options.onCrash ? { onCrash: options.onCrash } : {}),
  });
}
