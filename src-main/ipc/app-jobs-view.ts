import { AppError } from '../../src-shared/domain/errors';
import type { AppJobsView } from '../core/services/index';
import type { JobRegistry } from './jobs/job-registry';
import type { PreparedOutputs } from './jobs/prepared-outputs';

/**
 * The job registry as core's services see it: the uploads running now, and a finished prepare
 * job's output folder (an upload's or a stream's `source: { kind: 'job' }`), which `PreparedOutputs`
 * keeps once the job has left the registry.
 * Why here: the registry is the IPC side's, and core never imports it; it hands this view in.
 */
export function appJobsView(jobs: JobRegistry, prepared: PreparedOutputs): AppJobsView {
  return {
    runningUploads: () => jobs.runningUploads(),
    preparedOutput(jobId) {
      // A job still in the registry has not finished; a finished prepare job left it for `prepared`.
      if (jobs.has(jobId)) throw new AppError('CONFLICT', 'The prepare job has not finished: upload its parts once it has.', { field: 'source.jobId' });
      return prepared.get(jobId, 'source.jobId').outDir;
    },
  };
}
