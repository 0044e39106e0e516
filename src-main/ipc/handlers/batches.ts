import type { Services } from '../../core/services/index';
import type { HandlerFragment, RequestsOf } from './fragment';

/**
 * Batches for the Batches screen: Catalog merged with this machine's journals, and failed records.
 * Why thin: `xdm-loader status` and `failed` call the same services, so the screen and the command
 * tell the same story about a batch (test/cli/status-matches-screen.test.ts holds them to it).
 */
export function batchHandlers(deps: { services: Pick<Services, 'batches' | 'failedRecords'> }): HandlerFragment<RequestsOf<'batches'>> {
  const { batches, failedRecords } = deps.services;
  return {
    'batches.list': async ({ datasetId, connectionId, limit, start, createdAfter, createdBefore, status }, ctx) =>
      batches.list({
        datasetId,
        connection: connectionId,
        limit,
        start,
        filter: {
          ...(createdAfter !== undefined ? { createdAfter } : {}),
          ...(createdBefore !== undefined ? { createdBefore } : {}),
          ...(status ? { status } : {}),
        },
        signal: ctx.signal,
      }),
    'batches.revert': async ({ batchId, connectionId }, ctx) => batches.revert({ batchId, connection: connectionId, signal: ctx.signal }),
    'batches.get': async ({ batchId, connectionId }, ctx) => batches.get({ batchId, connection: connectionId, signal: ctx.signal }),
    'batches.failedRecords': async ({ batchId, connectionId, limit }, ctx) =>
      failedRecords.sample({ batchId, connection: connectionId, limit, signal: ctx.signal }),
  };
}
