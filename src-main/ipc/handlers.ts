import type { Handlers } from '../../src-shared/ipc/handlers';
import { DEFAULT_UPLOAD_RETENTION_MS } from '../core/jobs/upload/index';
import { createDrafts, type Drafts } from '../core/drafts/index';
import { type Logger, lineLogger } from '../core/platform/logger';
import { createServices } from '../core/services/index';
import { type AppSettingsStore, createAppSettingsStore } from '../core/settings/app-settings-store';
import { createDataFolderSettings, type DataFolderSettings } from '../core/settings/data-folder-choice';
import { createFileWorkClient, type FileWorkClient } from '../core/workers/index';
import type { RequestContext } from './context';
import { PreparedOutputs } from './jobs/prepared-outputs';
import { type AppHandlerDeps, appHandlers } from './handlers/app';
import { batchHandlers } from './handlers/batches';
import { type ConnectionHandlerDeps, connectionHandlers } from './handlers/connections';
import { datasetHandlers } from './handlers/datasets';
import { draftHandlers } from './handlers/drafts';
import { entityHandlers } from './handlers/entities';
import { identityHandlers } from './handlers/identity';
import { type JobHandlerDeps, jobHandlers } from './handlers/jobs';
import { mappingHandlers } from './handlers/mapping';
import { type PrepareHandlerDeps, prepareHandlers } from './handlers/prepare';
import { createSchemaResolver } from './handlers/schema-sources';
import { schemaHandlers } from './handlers/schemas';
import { targetHandlers } from './handlers/targets';
import { uploadHandlers } from './handlers/uploads';
import { appJobsView } from './app-jobs-view';
import { DownloadTickets } from './download-tickets';
import { type ResultHandlerDeps, resultHandlers } from './handlers/results';
import { settingsHandlers } from './handlers/settings';

export { withUserFileName } from './handlers/app';

/**
 * Everything the handler fragments need, injected by the composition root (or a test).
 * `work` is optional: without one the table starts its own file worker on first use. Why the
 * composition root passes its own: it closes the worker on dispose; an unowned one only ends with
 * the process (it never keeps a process alive while idle). `prepared` (what finished prepare jobs
 * made, shared by the prepare and ingest handlers) is made here when not given.
 */
export type HandlerDeps = Omit<
  AppHandlerDeps & ConnectionHandlerDeps & PrepareHandlerDeps & JobHandlerDeps & ResultHandlerDeps,
  'work' | 'services' | 'schemaSources' | 'prepared' | 'recent' | 'downloads' | 'appSettings'
> & {
  /** The Settings screen's choices; in `dataDir`'s settings file when not given. */
  appSettings?: AppSettingsStore;
  /** Where the data folder came from, and its change for the next start; when not given, `dataDir` as fixed (tests). */
  dataFolder?: DataFolderSettings;
  /** The desktop shell's folder dialog (the data folder's "Change…"); browser mode has none. */
  pickFolder?: () => Promise<string | null>;
  /** Browser mode's one-time download links (made here when not given: then nobody redeems them). */
  downloads?: DownloadTickets;
  work?: FileWorkClient;
  prepared?: PreparedOutputs;
  /** Drafts and recent files; by default in `dataDir`, reporting unreadable ones to `logger`. */
  drafts?: Drafts;
  /** Where the handlers' own stores report what they ignore (stderr by default). */
  logger?: Logger;
  /**
   * Succeeded upload jobs, ended streaming runs and unused prepared outputs older than `maxAgeMs`
   * are removed when the handlers are created (app start: core/jobs/job-retention.ts); by default
   * the Settings screen's retention (30 days unless changed), `false` keeps every job folder.
   * Interrupted, running and failed uploads are kept.
   */
  uploadRetention?: { maxAgeMs: number } | false;
};

/**
 * The handler table: one function per request in the contract, composed from one fragment per domain.
 * Why fragments spread into one object: each domain keeps its handlers in `handlers/<domain>.ts`,
 * and the return type (a mapped type over the whole contract) still refuses to compile while any
 * request is left without a handler. A new domain adds its fragment here, in one line.
 * Why the services are made here: they are core's application layer (core/services), the same the
 * CLI's commands call; this table only adds the view of its own job registry.
 */
export function createHandlers(deps: HandlerDeps): Handlers<RequestContext> {
  const prepared = deps.prepared ?? new PreparedOutputs();
  const appSettings = deps.appSettings ?? createAppSettingsStore({ dataDir: deps.dataDir });
  const services = createServices({
    connections: deps.connections,
    dataDir: deps.dataDir,
    uploadRetention: deps.uploadRetention ?? retentionFromSettings(appSettings),
    jobs: appJobsView(deps.jobs, prepared),
    files: deps.files,
  });
  // One cache of fetched sandbox schemas for the tree, the mapping previews and the prepare job.
  const schemaSources = createSchemaResolver(deps);
  const drafts = deps.drafts ?? createDrafts(deps.dataDir, deps.logger ?? lineLogger((line) => console.error(`[drafts] ${line}`), 'warn'));
  const full = {
    ...deps,
    work: deps.work ?? createFileWorkClient(),
    services,
    schemaSources,
    prepared,
    drafts,
    recent: drafts.recent,
    downloads: deps.downloads ?? new DownloadTickets(),
    appSettings,
    dataFolder:
      deps.dataFolder ??
      createDataFolderSettings({ folder: { dir: deps.dataDir, source: 'option', defaultDir: deps.dataDir }, runningJobs: () => deps.jobs.count() }),
  };
  return {
    ...appHandlers(full),
    ...connectionHandlers(full),
    ...schemaHandlers(full),
    ...datasetHandlers(full),
    ...identityHandlers(full),
    ...mappingHandlers(full),
    ...prepareHandlers(full),
    ...uploadHandlers(full),
    ...jobHandlers(full),
    ...batchHandlers(full),
    ...entityHandlers(full),
    ...targetHandlers(full),
    ...draftHandlers(full),
    ...resultHandlers(full),
    ...settingsHandlers(full),
  };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The Settings screen's retention, read at start; an unreadable settings file keeps the default. */
async function retentionFromSettings(appSettings: AppSettingsStore): Promise<{ maxAgeMs: number }> {
  try {
    return { maxAgeMs: (await appSettings.get()).retentionDays * DAY_MS };
  } catch {
    return { maxAgeMs: DEFAULT_UPLOAD_RETENTION_MS };
  }
}
