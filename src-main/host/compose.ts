import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { AppInfo } from '../../src-shared/ipc/contract';
import { FileRegistry } from '../core/files/file-registry';
import { type ConnectionService, createConnectionService } from '../core/platform/connection-service';
import { createTokenProvider } from '../core/platform/ims-token';
import { type Logger, lineLogger } from '../core/platform/logger';
import { createKeyringSecretStore } from '../core/secrets/keyring-secret-store';
import { createSecretResolver } from '../core/secrets/secret-resolver';
import type { SecretStore } from '../core/secrets/secret-store';
import { createConnectionStore } from '../core/settings/connection-store';
import { type DataFolder, defaultDataDirPath, resolveDataFolder } from '../core/settings/data-dir';
import { createDataFolderSettings } from '../core/settings/data-folder-choice';
import { holdDataFolder } from '../core/settings/data-folder-lock';
import type { RequestContext } from '../ipc/context';
import { createFileWorkClient } from '../core/workers/index';
import { createEmbeddedSandbox, type LocalSandboxInfo } from './embedded-sandbox';
import { EventHub } from '../ipc/event-hub';
import { createHandlers } from '../ipc/handlers';
import { DownloadTickets } from '../ipc/download-tickets';
import { JobRegistry } from '../ipc/jobs/job-registry';
import { resumeInterruptedUploads, type ResumeOnStartReport } from '../ipc/jobs/resume-on-start';
import type { Router } from '../ipc/router';
import { createRouter } from '../ipc/router';

export interface MainServicesOptions {
  mode: AppInfo['mode'];
  /** Overrides the data directory (tests, `--data-dir`); it cannot be changed on the Settings screen then. */
  dataDir?: string;
  /** The data folder as the shell resolved it (XDM_LOADER_HOME, the chosen folder, the OS default); resolveDataFolder() when neither is given. */
  dataFolder?: DataFolder;
  /** The desktop shell's folder dialog, for the data folder's "Change…"; browser mode has none. */
  pickFolder?: () => Promise<string | null>;
  version: string;
  /** Where client secrets live; the OS keychain unless a test brings its own. */
  secretStore?: SecretStore;
  /** The AEP client's log; warnings and errors to stderr by default (never secrets or tokens). */
  logger?: Logger;
  /**
   * Told once the embedded Local sandbox listens, with its URL and credentials.
   * Why a hook: browser mode's `--json` hands them to the e2e fixture on stdout, so a test can
   * add a connection to the emulator; they never travel to the renderer.
   */
  onSandboxStarted?: (sandbox: LocalSandboxInfo) => void;
  /** Resume uploads cut short by a crash or a closed window (default true). */
  resumeUploads?: boolean;
  /** Opens a documentation page in the system browser (the Electron shell's); browser mode has none. */
  openExternal?: (url: string) => Promise<void>;
  /** "Show in folder": the desktop shell passes Electron's `shell.showItemInFolder`; browser mode has none. */
  revealInFolder?: (fullPath: string) => void;
}

export interface MainServices {
  router: Router<RequestContext>;
  events: EventHub;
  files: FileRegistry;
  connections: ConnectionService;
  dataDir: string;
  /** One-time links to job files that `results.open` hands browser mode, redeemed by its server. */
  downloads: DownloadTickets;
  /** Where the embedded Local sandbox listens if a request has started it, else null. */
  localSandbox(): LocalSandboxInfo | null;
  /** What start-up did with interrupted uploads (resumed, or left with why); settles once all were tried. */
  resumedUploads: Promise<ResumeOnStartReport>;
  /** Stops everything the services started (the Local sandbox and the file worker too); safe to call more than once. */
  dispose(): Promise<void>;
}

export const APP_NAME = 'XDM Loader';

/**
 * The composition root shared by the Electron shell and browser mode.
 * Why one root: both transports must serve the same handlers over the same services, so the
 * wiring lives here once and each shell only binds a transport to `router` and `events`.
 * The Local sandbox is started on the first request that needs the built-in connection, on a
 * free loopback port, with its data in `<dataDir>/sandbox`, in a worker thread of its own; files
 * are read and parsed in the file worker. Neither runs on this thread (design §3).
 */
export function createMainServices(options: MainServicesOptions): MainServices {
  const folder: DataFolder =
    options.dataDir !== undefined
      ? { dir: path.resolve(options.dataDir), source: 'option', defaultDir: defaultDataDirPath() }
      : (options.dataFolder ?? resolveDataFolder());
  const dataDir = path.resolve(folder.dir);
  mkdirSync(dataDir, { recursive: true });
  // Marks the folder in use, so no other start copies it to a newly chosen folder meanwhile.
  const releaseDataFolder = holdDataFolder(dataDir);

  const files = new FileRegistry();
  const events = new EventHub();
  const info = (): AppInfo => ({
    name: APP_NAME,
    version: options.version,
    mode: options.mode,
    platform: process.platform,
    dataDir,
  });
  const sandbox = createEmbeddedSandbox({ dataDir: () => dataDir, ...(options.onSandboxStarted ? { onStarted: options.onSandboxStarted } : {}) });
  const logger = options.logger ?? lineLogger((line) => console.error(`[aep] ${line}`), 'warn');
  // One token cache for the screens' calls and the upload workers (which ask this thread for tokens).
  const tokens = createTokenProvider({ logger });
  const connections = createConnectionService({
    store: createConnectionStore({ dataDir }),
    // No environment secret in the app: one variable cannot belong to every connection.
    secrets: createSecretResolver({ store: options.secretStore ?? createKeyringSecretStore() }),
    logger,
    tokens,
    localSandbox: () => sandbox.endpoint(),
  });
  const jobs = new JobRegistry({ emit: (event) => events.emit(event), logger });
  const work = createFileWorkClient();
  const downloads = new DownloadTickets();
  const router = createRouter<RequestContext>(
    createHandlers({
      files,
      info,
      connections,
      jobs,
      dataDir,
      work,
      tokens,
      logger,
      downloads,
      dataFolder: createDataFolderSettings({ folder: { ...folder, dir: dataDir }, runningJobs: () => jobs.count() }),
      ...(options.pickFolder ? { pickFolder: options.pickFolder } : {}),
      ...(options.openExternal ? { openExternal: options.openExternal } : {}),
      ...(options.revealInFolder ? { revealInFolder: options.revealInFolder } : {}),
    }),
  );

  // After the handlers exist, off the start-up path: the window opens while uploads resume.
  const resumedUploads: Promise<ResumeOnStartReport> =
    options.resumeUploads === false
      ? Promise.resolve({ resumed: [], left: [] })
      : new Promise<void>((resolve) => setImmediate(resolve))
          .then(() => resumeInterruptedUploads(router, { transport: options.mode === 'electron' ? 'electron' : 'websocket' }))
          .then((report) => {
            for (const left of report.left) logger.warn(`upload not resumed at start${left.jobDir ? ` (${left.jobDir})` : ''}: ${left.reason}`);
            return report;
          });

  let disposed = false;
  return {
    router,
    events,
    files,
    connections,
    dataDir,
    downloads,
    localSandbox: () => sandbox.running(),
    resumedUploads,
    async dispose() {
      if (disposed) return;
      disposed = true;
      // A resume still being started would otherwise start its worker after the jobs were stopped.
      await resumedUploads.catch(() => undefined);
      await jobs.cancelAll();
      events.clear();
      files.clear();
      await Promise.all([work.close(), sandbox.close()]);
      releaseDataFolder();
    },
  };
}
