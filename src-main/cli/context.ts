import type { LocalSandboxProvider } from '../core/platform/connection-target';
import { resolveDataDir } from '../core/settings/data-dir';
import { holdDataFolder } from '../core/settings/data-folder-lock';
import { createEmbeddedSandbox } from '../host/embedded-sandbox';

/**
 * What every CLI command gets: where to write, the version, the environment, the data folder.
 * Why: commands never touch process.stdout or process.exit themselves, so the whole CLI runs
 * in-process in tests with captured output, and exit codes are decided in one place.
 */
export interface CliContext {
  readonly out: TextSink;
  readonly err: TextSink;
  readonly version: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Terminal width for tables; a fixed width when output is not a terminal. */
  readonly width: number;
  /** The per-user data folder (XDM_LOADER_HOME or the OS default), created on first use. */
  dataDir(): string;
  /**
   * The built-in "Local sandbox" connection's emulator, started on first use in this process.
   * Absent where no emulator may run (then that connection answers UNREACHABLE).
   */
  readonly localSandbox?: LocalSandboxProvider;
  /** Stops what the run started (the Local sandbox); `runCli` calls it after every command. */
  dispose?(): Promise<void>;
  /**
   * Watches for an interrupt (Ctrl-C: SIGINT, or SIGTERM) until `stop()`: the first one aborts
   * `signal` (its reason names the signal) instead of ending the process, so a command can stop
   * cleanly and say what it did. A second one finds no listener and ends the process as usual.
   * Absent: nothing interrupts (tests pass their own).
   */
  interrupts?(): Interrupts;
}

export interface Interrupts {
  readonly signal: AbortSignal;
  stop(): void;
}

export interface TextSink {
  write(text: string): unknown;
}

/** Width used for tables when stdout is not a terminal (pipes, files, CI logs). */
const DEFAULT_WIDTH = 120;

export function processContext(version: string): CliContext {
  let dataDir: string | undefined;
  const resolveDir = (): string => {
    if (dataDir !== undefined) return dataDir;
    dataDir = resolveDataDir(process.env);
    // In use while the command runs (the lock goes with the process), so no start copies it meanwhile.
    holdDataFolder(dataDir);
    return dataDir;
  };
  // Same place as the app's embedded emulator, so `--connection "Local sandbox"` sees what the app loaded.
  const sandbox = createEmbeddedSandbox({ dataDir: resolveDir });
  return {
    out: process.stdout,
    err: process.stderr,
    version,
    env: process.env,
    width: process.stdout.isTTY ? process.stdout.columns : DEFAULT_WIDTH,
    dataDir: resolveDir,
    localSandbox: () => sandbox.endpoint(),
    dispose: () => sandbox.close(),
    interrupts: () => processInterrupts(),
  };
}

/** The process's SIGINT and SIGTERM, each heard once, as an abort signal (see CliContext.interrupts). */
export function processInterrupts(): Interrupts {
  const controller = new AbortController();
  const on = { SIGINT: (): void => stopBy('SIGINT'), SIGTERM: (): void => stopBy('SIGTERM') };
  const stop = (): void => {
    process.off('SIGINT', on.SIGINT);
    process.off('SIGTERM', on.SIGTERM);
  };
  function stopBy(name: 'SIGINT' | 'SIGTERM'): void {
    stop();
    controller.abort(name);
  }
  process.on('SIGINT', on.SIGINT);
  process.on('SIGTERM', on.SIGTERM);
  return { signal: controller.signal, stop };
}
