import { AppError } from '../../src-shared/domain/errors';
import type { AppJobsView } from '../core/services/index';
import type { JobRegistry } from './jobs/job-registry';

/**
 * The job registry as core's services see it: the uploads running now, and a finished prepare
 * job's output folder (an upload's or a stream's `source: { kind: 'job' }`).
 * Why here: the registry is the IPC side's, and core never imports it; it hands this view in.
 */
export function appJobsView(jobs: JobRegistry): AppJobsView {
  return {
    runningUploads: () => jobs.runningUploads(),
    preparedOutput(jobId) {
      const job = jobs.get(jobId);
      if (job.kind !== 'prepare') throw new AppError('INVALID_INPUT', 'This job is not a prepare job.', { field: 'source.jobId' });
      if (job.state !== 'finished') throw new AppError('CONFLICT', 'The prepare job has not finished: upload its parts once it has.', { field: 'source.jobId' });
      return job.outDir;
    },
  };
}
