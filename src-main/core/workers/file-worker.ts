import { createFileWork } from './file-work';
import { serveWorker } from './serve-worker';

/**
 * Worker-thread entry of the file worker (bundled to dist/workers/file-worker.mjs).
 * Why a thread: inspecting, suggesting and previewing parse up to a MiB of the user's file and
 * map and validate it; on the Electron main thread that would freeze the window (design §3).
 */
serveWorker(createFileWork());
