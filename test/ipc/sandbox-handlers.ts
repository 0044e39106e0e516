import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { AppEvent } from '../../src-shared/ipc/contract';
import { FileRegistry } from '../../src-main/core/files/file-registry';
import { createConnectionService } from '../../src-main/core/platform/connection-service';
import type { LocalSandboxEndpoint } from '../../src-main/core/platform/connection-target';
import { silentLogger, type Logger } from '../../src-main/core/platform/logger';
import type { RetryPolicy } from '../../src-main/core/platform/retry-policy';
import { createSecretResolver } from '../../src-main/core/secrets/secret-resolver';
import { createConnectionStore } from '../../src-main/core/settings/connection-store';
import type { RequestContext } from '../../src-main/ipc/context';
import { createHandlers } from '../../src-main/ipc/handlers';
import type { JobHandlerDeps } from '../../src-main/ipc/handlers/jobs';
import { JobRegistry } from '../../src-main/ipc/jobs/job-registry';
import { createRouter } from '../../src-main/ipc/router';
import { startUploadHarness, type UploadHarness } from '../core/jobs/upload/upload-harness';

/** The request handlers over a Local sandbox on loopback, with a temp data folder: what the ingest and job tests drive. */
export interface SandboxHandlers {
  h: UploadHarness;
  home: string;
  /** The data folder's jobs folder (prepared folders and upload jobs). */
  jobsRoot: string;
  files: FileRegistry;
  jobs: JobRegistry;
  router: ReturnType<typeof createRouter<RequestContext>>;
}

export async function startSandboxHandlers(options: {
  emit: (event: AppEvent) => void;
  logger?: Logger;
  retry?: RetryPolicy;
  uploadTuning: NonNullable<JobHandlerDeps['uploadTuning']>;
  /** Where the app reaches the Local sandbox (a recording proxy in front of it, say); the sandbox itself by default. */
  localSandbox?: (h: UploadHarness) => Promise<LocalSandboxEndpoint>;
}): Promise<SandboxHandlers> {
  const h = await startUploadHarness();
  const endpoint: LocalSandboxEndpoint = options.localSandbox ? await options.localSandbox(h) : h.sandbox;
  const home = path.join(h.dir, 'home');
  const jobsRoot = path.join(home, 'jobs');
  await mkdir(jobsRoot, { recursive: true });
  const files = new FileRegistry();
  const jobs = new JobRegistry({ emit: options.emit, ...(options.logger ? { logger: options.logger } : {}) });
  const connections = createConnectionService({
    store: createConnectionStore({ dataDir: home }),
    secrets: createSecretResolver({ store: { description: 'none', get: async () => null, set: async () => undefined, delete: async () => false } }),
    logger: silentLogger,
    ...(options.retry ? { retry: options.retry } : {}),
    localSandbox: () => endpoint,
  });
  const info = () => ({ name: 'XDM Loader', version: '0', mode: 'browser' as const, platform: 'linux', dataDir: home });
  const router = createRouter(createHandlers({ files, info, connections, jobs, dataDir: home, uploadTuning: options.uploadTuning }), {
    logError: () => undefined,
  });
  return { h, home, jobsRoot, files, jobs, router };
}

/** Polls `find` until it gives something (it may be async), or fails after `ms`. */
export async function until<T>(find: () => T | undefined | Promise<T | undefined>, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = await find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
