import type { FileRegistry } from '../../core/files/file-registry';
import type { ReadColumns, Services } from '../../core/services/index';
import type { ProfileProgress } from '../../core/targets/index';
import type { FileWorkClient } from '../../core/workers/index';
import { proposeJob } from '../jobs/job-kinds';
import type { JobRegistry } from '../jobs/job-registry';
import { withUserFileName } from './app';
import type { HandlerFragment, RequestsOf } from './fragment';
import { registeredFile } from './registered-file';

export interface TargetHandlerDeps {
  services: Pick<Services, 'targetFromFile'>;
  files: FileRegistry;
  jobs: JobRegistry;
  /** The worker thread that reads the whole file (never the main thread: design §3). */
  work: FileWorkClient;
}

function isProfileProgress(value: unknown): value is ProfileProgress {
  if (typeof value !== 'object' || value === null) return false;
  const { bytesRead, bytesTotal, rowsRead } = value as Record<string, unknown>;
  return typeof bytesRead === 'number' && typeof bytesTotal === 'number' && typeof rowsRead === 'number';
}

/**
 * A target from the file (the Map step's "Create a target from this file"): the proposal as a
 * job whose whole-file read runs in the file worker, and the creation in AEP's order.
 * Why thin: `xdm-loader schema create --from` calls the same service, so the screen and the
 * command propose and create the same target from the same file.
 */
export function targetHandlers(deps: TargetHandlerDeps): HandlerFragment<RequestsOf<'targets'>> {
  const { targetFromFile } = deps.services;
  return {
    'targets.propose': async ({ jobId, fileRef, read, connectionId, choices }, ctx) => {
      const file = registeredFile(deps.files, fileRef, read);
      deps.jobs.start({
        id: jobId,
        events: proposeJob,
        outDir: file.path,
        ...(ctx.signal ? { owner: ctx.signal } : {}),
        run: async (control) => {
          const read: ReadColumns = (_path, signal) =>
            deps.work.call('profileColumns', { file }, { ...(signal ? { signal } : {}), onProgress: (p) => isProfileProgress(p) && control.progress(p) });
          try {
            return await targetFromFile.propose(connectionId, file.path, choices, { signal: control.signal, read });
          } catch (error) {
            throw withUserFileName(error, file.path, file.name);
          }
        },
      });
      return { jobId };
    },
    'targets.create': async ({ connectionId, proposal, dryRun }, ctx) => targetFromFile.create(connectionId, proposal, { dryRun }, ctx.signal),
  };
}
