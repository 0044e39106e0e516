import { type RunningSandbox, startSandbox } from '../core/sandbox/index';
import { serveWorker } from '../core/workers/index';
import type { LocalSandboxInfo, SandboxWorkerApi } from './sandbox-worker-api';

/**
 * Worker-thread entry of the embedded Local sandbox (bundled to dist/workers/sandbox-server.mjs).
 * Why in host: only composition roots start the emulator (design §2), and this thread is where the
 * app's roots run it. The sandbox finds its processing worker from here as from anywhere
 * (`dist/workers/sandbox-processing.mjs` is this bundle's sibling).
 */
let starting: Promise<RunningSandbox> | undefined;

const info = (sandbox: RunningSandbox): LocalSandboxInfo => ({ url: sandbox.url, credentials: sandbox.credentials, tenantId: sandbox.tenantId });

const api: SandboxWorkerApi = {
  async start({ dataDir, port, assetsDir }) {
    // A failed start (a port taken, a locked database) may succeed when asked again.
    starting ??= startSandbox({ dataDir, port, ...(assetsDir ? { assetsDir } : {}) }).catch((error: unknown) => {
      starting = undefined;
      throw error;
    });
    return info(await starting);
  },
  async stop() {
    const pending = starting;
    starting = undefined;
    const sandbox = await pending?.catch(() => undefined);
    await sandbox?.close();
  },
};

serveWorker(api);
