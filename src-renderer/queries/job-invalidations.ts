import type { QueryClient } from '@tanstack/react-query';
import type { JobEvent } from '../../src-shared/ipc/job-events';
import type { JobId } from '../../src-shared/ipc/job-id';
import { invalidate } from './server-cache';

/**
 * Marks stale what a frame's job events changed in main, so no list waits for a Refresh:
 * - an upload that ended (finished or failed) changed its journal and its batches;
 * - an upload's first batch id means its journal names the batch: the history lists it now;
 * - a streaming run that ended (finished, failed or cancelled) is in the history (its journal),
 *   and its records land in the dataset's batches.
 * `connectionOf` says which connection a job sent to, when this window knows (else every
 * connection's batches are marked).
 */
export function createJobInvalidations(client: QueryClient, connectionOf: (jobId: JobId) => string | null): (events: readonly JobEvent[]) => void {
  const withBatch = new Set<JobId>();
  return (events) => {
    for (const event of events) {
      if (event.kind === 'upload') {
        if (event.phase === 'finished' || event.phase === 'failed') {
          withBatch.delete(event.jobId);
          void invalidate.upload(client, connectionOf(event.jobId));
        } else if (event.phase === 'progress' && event.progress.batchIds.length > 0 && !withBatch.has(event.jobId)) {
          withBatch.add(event.jobId);
          void invalidate.uploadHistory(client);
        }
      } else if (event.kind === 'stream' && (event.phase === 'finished' || event.phase === 'failed')) void invalidate.upload(client, connectionOf(event.jobId));
    }
  };
}
