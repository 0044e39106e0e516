/**
 * Finding the processing worker's script: the TypeScript file beside this module from source
 * (vitest, tsx), `dist/workers/sandbox-processing.mjs` once bundled (from `app.asar.unpacked`
 * first inside a packaged app). The rules are every worker's (core/workers/worker-entry.ts).
 */
import { existsSync } from 'node:fs';
import { locateWorker, sourceBootstrap, type WorkerEntry } from '../../workers/index';

export { sourceBootstrap, type WorkerEntry };

/** The bundled worker's file name, as scripts/build.mjs writes it. */
export const BUNDLED_WORKER = 'sandbox-processing.mjs';
/** The worker's source file, beside this module. */
export const SOURCE_WORKER = 'processing-worker.ts';

/**
 * The worker script for the module at `moduleUrl` (the caller's `import.meta.url`).
 * Throws with the places it looked when no bundled worker exists.
 */
export function resolveProcessingWorker(moduleUrl: string, exists: (file: string) => boolean = existsSync): WorkerEntry {
  return locateWorker(moduleUrl, { source: `./${SOURCE_WORKER}`, bundle: BUNDLED_WORKER }, exists);
}
