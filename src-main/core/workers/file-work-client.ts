import type { FileWorkApi } from './file-work-api';
import { WorkerClient, type WorkerClientOptions } from './worker-client';
import { locateWorker } from './worker-entry';

export type FileWorkClient = WorkerClient<FileWorkApi>;

/** The file worker's script: `./file-worker.ts` from source, `dist/workers/file-worker.mjs` when bundled. */
export const FILE_WORKER_FILES = { source: './file-worker.ts', bundle: 'file-worker.mjs' } as const;

/**
 * A client of the file worker, which starts on the first call and lives until `close()`.
 * Why here: the location is relative to this module (`import.meta.url`), from source and bundled.
 */
export function createFileWorkClient(options: Pick<WorkerClientOptions, 'log'> = {}): FileWorkClient {
  return new WorkerClient<FileWorkApi>({ name: 'file', entry: () => locateWorker(import.meta.url, FILE_WORKER_FILES), ...options });
}
