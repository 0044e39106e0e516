import path from 'node:path';
import { AppError } from '../../src-shared/domain/errors';
import type { LocalSandboxEndpoint } from '../core/platform/connection-target';
import { type RunningSandbox, startSandbox } from '../core/sandbox/index';

/**
 * The Local sandbox a process embeds, started on first use and closed with the process's services.
 * Why lazily: most sessions prepare files offline and never touch it, and starting it opens a
 * database and a port; the first request that needs the built-in connection pays for it once.
 * Why here and not in core: only composition roots start the emulator (design §2); the app,
 * browser mode and the CLI share this one helper.
 */
export interface EmbeddedSandbox {
  /** Starts the sandbox if needed; concurrent callers share one start. */
  endpoint(): Promise<LocalSandboxEndpoint>;
  /** The running sandbox, or null when it was never started (or failed to start). */
  running(): RunningSandbox | null;
  /** Closes the sandbox if it was started; safe to call more than once. */
  close(): Promise<void>;
}

export interface EmbeddedSandboxOptions {
  /** The app's data folder; the sandbox keeps its database, credentials and files in `<dataDir>/sandbox`. */
  dataDir: () => string;
  /** Told once the sandbox listens (browser mode's `--json` prints it for the e2e fixture). */
  onStarted?: (sandbox: RunningSandbox) => void;
}

export function createEmbeddedSandbox(options: EmbeddedSandboxOptions): EmbeddedSandbox {
  let starting: Promise<RunningSandbox> | undefined;
  let started: RunningSandbox | null = null;
  let closed = false;

  function start(): Promise<RunningSandbox> {
    starting ??= startSandbox({ dataDir: path.join(options.dataDir(), 'sandbox'), port: 0 }).then(
      (sandbox) => {
        started = sandbox;
        options.onStarted?.(sandbox);
        return sandbox;
      },
      (error: unknown) => {
        // A failed start (a locked database, a full disk) may succeed once the cause is fixed.
        starting = undefined;
        throw error;
      },
    );
    return starting;
  }

  return {
    async endpoint() {
      if (closed) throw new AppError('UNREACHABLE', 'The Local sandbox has stopped: XDM Loader is shutting down.');
      const sandbox = await start();
      return { url: sandbox.url, credentials: sandbox.credentials };
    },
    running: () => started,
    async close() {
      closed = true;
      const pending = starting;
      starting = undefined;
      if (!pending) return;
      // A start that failed left nothing to close.
      const sandbox = await pending.catch(() => null);
      started = null;
      if (sandbox) await sandbox.close();
    },
  };
}
