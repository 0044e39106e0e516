import path from 'node:path';
import { AppError } from '../../src-shared/domain/errors';
import type { LocalSandboxEndpoint } from '../core/platform/connection-target';
import { findXdmAssets } from '../core/sandbox/assets-dir';
import { createSandboxWorkerClient, type LocalSandboxInfo, type SandboxWorkerClient } from './sandbox-worker-api';

export type { LocalSandboxInfo } from './sandbox-worker-api';

/**
 * The Local sandbox a process embeds, started on first use in a worker thread and closed with the process's services.
 * Why lazily: most sessions prepare files offline and never touch it, and starting it opens a
 * database and a port; the first request that needs the built-in connection pays for it once.
 * Why in a worker: the sandbox's HTTP server parses uploads and answers polls; on the Electron
 * main thread a heavy upload would stall the window (design §3).
 * Why here and not in core: only composition roots start the emulator (design §2); the app,
 * browser mode and the CLI share this one helper.
 */
export interface EmbeddedSandbox {
  /** Starts the sandbox if needed; concurrent callers share one start. */
  endpoint(): Promise<LocalSandboxEndpoint>;
  /** Where the running sandbox listens, or null when it was never started (or failed, or its worker died). */
  running(): LocalSandboxInfo | null;
  /** Stops the sandbox and its worker if they were started; safe to call more than once. */
  close(): Promise<void>;
}

export interface EmbeddedSandboxOptions {
  /** The app's data folder; the sandbox keeps its database, credentials and files in `<dataDir>/sandbox`. */
  dataDir: () => string;
  /** Told each time the sandbox starts listening (browser mode's `--json` prints it for the e2e fixture). */
  onStarted?: (sandbox: LocalSandboxInfo) => void;
  /** The worker the sandbox runs in (`createSandboxWorkerClient` by default; tests bring a fake). */
  worker?: typeof createSandboxWorkerClient;
}

/** How long a graceful stop may take before the worker is terminated (its batches resume at the next start). */
const STOP_TIMEOUT_MS = 10_000;

export function createEmbeddedSandbox(options: EmbeddedSandboxOptions): EmbeddedSandbox {
  let worker: SandboxWorkerClient | undefined;
  let starting: Promise<LocalSandboxInfo> | undefined;
  let started: LocalSandboxInfo | null = null;
  /** The port of the last start: a sandbox restarted after a crash keeps its URL when it can. */
  let lastPort = 0;
  let closed = false;

  const createWorker = options.worker ?? createSandboxWorkerClient;
  const client = (): SandboxWorkerClient =>
    (worker ??= createWorker({
      // The thread died (its client logged why): the next request starts a fresh sandbox.
      onCrash: () => {
        started = null;
        starting = undefined;
      },
    }));

  async function launch(): Promise<LocalSandboxInfo> {
    const dataDir = path.join(options.dataDir(), 'sandbox');
    // Found here, where Electron's resources path is known; the worker must not guess again.
    const assetsDir = findXdmAssets();
    let sandbox: LocalSandboxInfo;
    try {
      sandbox = await client().call('start', { dataDir, port: lastPort, assetsDir });
    } catch (error) {
      if (lastPort === 0) throw error;
      // The old port is taken by now: any free one will do.
      sandbox = await client().call('start', { dataDir, port: 0, assetsDir });
    }
    lastPort = Number(new URL(sandbox.url).port);
    started = sandbox;
    options.onStarted?.(sandbox);
    return sandbox;
  }

  function start(): Promise<LocalSandboxInfo> {
    const attempt: Promise<LocalSandboxInfo> = launch().catch((error: unknown) => {
      // A failed start (a locked database, a full disk) may succeed once the cause is fixed.
      if (starting === attempt) starting = undefined;
      throw error;
    });
    starting = attempt;
    return attempt;
  }

  return {
    async endpoint() {
      if (closed) throw new AppError('UNREACHABLE', 'The Local sandbox has stopped: XDM Loader is shutting down.');
      const sandbox = await (starting ?? start());
      return { url: sandbox.url, credentials: sandbox.credentials };
    },
    running: () => started,
    async close() {
      closed = true;
      const pending = starting;
      starting = undefined;
      const current = worker;
      worker = undefined;
      if (!current) return;
      // A start that failed left nothing to stop.
      await pending?.catch(() => null);
      started = null;
      if (current.threadId !== null) {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, STOP_TIMEOUT_MS)));
        await Promise.race([current.call('stop', {}).catch((error: unknown) => console.error('[sandbox] stopping the Local sandbox failed:', error)), timeout]);
        clearTimeout(timer);
      }
      await current.close();
    },
  };
}
