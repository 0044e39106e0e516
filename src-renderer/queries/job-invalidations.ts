import type { QueryClient } from '@tanstack/react-query';
import type { JobEvent } from '../../src-shared/ipc/job-events';
import type { JobId } from '../../src-shared/ipc/job-id';
import { invalidate } from './server-cache';

/**
 * Marks stale what a frame's job events changed in main, so no list waits for a Refresh:
 * - an upload that ended (finished or failed) changed its journal and its batches;
 * - an upload's first batch id means its journal names the batch: the history lists it now;
 * - a streaming run that ended (finished, failed or cancelled) is in the history (its journal),
 *   and its records land in the dataset's batches;
 * - an upload that ended, or a run that sent records, may make preflight warn that they were sent before.
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
      } else if (event.kind === 'stream' && (event.phase === 'finished' || event.phase === 'failed')) {
        const connectionId = connectionOf(event.jobId);
        void invalidate.uploadHistory(client);
        void invalidate.batches(client, connectionId);
        // Only records the inlet took can make preflight warn; a run that sent nothing leaves it alone.
        if (streamedAny(event)) void invalidate.preflights(client, connectionId);
      }
    }
  };
}

/** Whether an ended streaming run left records in the dataset (accepted or received; a failed run's `sent` stay). */
function streamedAny(event: Extract<JobEvent, { kind: 'stream'; phase: 'finished' | 'failed' }>): boolean {
  return event.phase === 'finished' ? event.report.accepted + event.report.received > 0 : event.sent > 0;
}
