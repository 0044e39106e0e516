import { AppError, isAppError } from '../../../../src-shared/domain/errors';
import { getDataset } from '../../platform/catalog';
import type { PlatformClient } from '../../platform/platform-client';
import { sleep } from '../../platform/retry-policy';
import { sendStreamingBatch, sendStreamingMessageChecked, type StreamingEnvelope, streamingEnvelope } from '../../platform/streaming';
import { defaultGroupLimits, type GroupLimits, groupBySize, STREAMING_REQUEST_MAX_BYTES } from './message-groups';
import type { StreamLog } from './stream-journal';
import type { StreamProgress, StreamRecordResult, StreamReport, StreamValidation } from './stream-types';

/**
 * Streams a small set of XDM records into a dataset through an HTTP API inlet (aep-notes §7).
 * Why two modes: synchronous validation answers each record's fate at once, but only on the
 * single-message endpoint and at most 60 requests a minute per connection at Adobe, so it is
 * paced; `async` groups records into `/collection/batch` calls (up to 10,000 messages/s) and AEP
 * validates later, sending invalid records to the dataset's error batch.
 * Why a cap on the count: beyond a small set, a batch upload is cheaper, resumable and tracked.
 */
export interface StreamInput {
  datasetId: string;
  records: AsyncIterable<Record<string, unknown>> | Iterable<Record<string, unknown>>;
  /** The HTTP API inlet (streaming connection) id; the Local sandbox accepts any. */
  inletId: string;
  flowId?: string;
  /** Send the access token (authenticated inlets only). */
  authenticated?: boolean;
  /** `sync` (default): one validated request per record. `async`: grouped, validated later. */
  validation?: StreamValidation;
  /** Most records this path takes (default 1000); more is refused before anything is sent. */
  maxRecords?: number;
  /** Pace of sync requests (default 60, Adobe's limit for sync validation); 0 or Infinity: no pacing. */
  requestsPerMinute?: number;
  groupLimits?: GroupLimits;
  /** After each request (and each record refused before sending): counts and the new results. */
  onProgress?: (progress: StreamProgress) => void;
  /**
   * The run's journal (stream-journal.ts): told what is about to be sent before each request and
   * what was answered after it, each written before the run goes on.
   */
  log?: StreamLog;
  /** Stops the run between requests (never mid-request), with a CANCELLED error naming the count sent. */
  signal?: AbortSignal;
  now?: () => number;
}

export const DEFAULT_STREAM_MAX_RECORDS = 1000;
export const SYNC_VALIDATION_REQUESTS_PER_MINUTE = 60;

async function collect(records: StreamInput['records'], max: number): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for await (const record of records) {
    if (out.length >= max) {
      throw new AppError(
        'INVALID_INPUT',
        `More than ${max} records: streaming is for small sets. Upload the file as a batch instead (xdm-loader upload), or raise the limit.`,
      );
    }
    out.push(record);
  }
  return out;
}

/**
 * The error of a stop between requests, naming what was already sent.
 * Why the count: a streamed record cannot be taken back, so the steward must know how many of the
 * set are in the dataset now before sending anything again.
 */
export function streamStopped(counts: { sent: number; total: number; accepted: number; received: number; rejected: number }): AppError {
  const { sent, total } = counts;
  const taken = [`${counts.accepted} accepted`, ...(counts.received > 0 ? [`${counts.received} received`] : []), `${counts.rejected} rejected`].join(', ');
  const what =
    sent === 0
      ? 'Streaming was cancelled before any record was sent: nothing was streamed.'
      : `Streaming was cancelled after ${sent} of ${total} record${total === 1 ? '' : 's'} had been sent (${taken}). ` +
        `The ${sent === 1 ? 'record' : `${sent} records`} already sent stay${sent === 1 ? 's' : ''} sent: streamed records cannot be taken back.`;
  return new AppError('CANCELLED', what);
}

/**
 * Results and counts as they come in; each report carries only the results since the previous one.
 * Why: progress crosses a thread and IPC ten times a second; the whole list each time would grow
 * with the set, while the new results alone keep every event small.
 */
function tally(total: number, onProgress: StreamInput['onProgress'], log: StreamLog | undefined) {
  const results: StreamRecordResult[] = [];
  const counts = { sent: 0, total, accepted: 0, received: 0, rejected: 0 };
  let reported = 0;
  let journaled = 0;
  return {
    results,
    counts,
    add(result: StreamRecordResult, sent: boolean): void {
      results.push(result);
      counts[result.status] += 1;
      if (sent) counts.sent += 1;
    },
    report(): void {
      const fresh = results.slice(reported);
      reported = results.length;
      onProgress?.({ ...counts, results: fresh });
    },
    /** Reports, and journals the answers since the last call before the run goes on. */
    async settle(): Promise<void> {
      this.report();
      const fresh = results.slice(journaled);
      journaled = results.length;
      if (fresh.length > 0) await log?.answered(fresh);
    },
  };
}

export async function streamRecords(client: PlatformClient, input: StreamInput): Promise<StreamReport> {
  const validation = input.validation ?? 'sync';
  const now = input.now ?? Date.now;
  const nothingSent = { sent: 0, total: 0, accepted: 0, received: 0, rejected: 0 };
  let records: Record<string, unknown>[];
  let dataset: Awaited<ReturnType<typeof getDataset>>;
  try {
    records = await collect(input.records, input.maxRecords ?? DEFAULT_STREAM_MAX_RECORDS);
    dataset = await getDataset(client, input.datasetId, input.signal);
  } catch (error) {
    // However reading or the lookup reports an abort, the steward needs to hear that nothing went.
    throw input.signal?.aborted ? streamStopped(nothingSent) : error;
  }
  const schemaId = dataset.schemaRef?.id;
  if (schemaId === undefined) throw new AppError('INVALID_INPUT', `Dataset "${dataset.name ?? input.datasetId}" has no XDM schema; streaming needs one.`);

  const target = { schemaId, datasetId: input.datasetId, orgId: client.target.orgId, ...(input.flowId !== undefined ? { flowId: input.flowId } : {}) };
  const envelopes: StreamingEnvelope[] = records.map((r) => streamingEnvelope(r, target));
  const sizes = envelopes.map((e) => Buffer.byteLength(JSON.stringify(e)));
  // The signal stops the run between requests only: a request already on its way completes and
  // its answer is counted, so the count of records sent that a stop reports is exact.
  const inlet = {
    inletId: input.inletId,
    ...(input.flowId !== undefined ? { flowId: input.flowId } : {}),
    ...(input.authenticated ? { authenticated: true } : {}),
  };
  await input.log?.total(records.length);
  const progress = tally(envelopes.length, input.onProgress, input.log);
  const { results } = progress;
  let requests = 0;
  const stopIfAsked = (): void => {
    if (input.signal?.aborted) throw streamStopped(progress.counts);
  };
  const tooLarge = (index: number): StreamRecordResult => ({
    index: index + 1,
    status: 'rejected',
    statusCode: 413,
    message: `The record is ${sizes[index]} bytes with its envelope; a streaming request takes at most 1 MB (records of up to 10 KB are recommended).`,
    record: records[index] ?? {},
  });

  if (validation === 'sync') {
    const rpm = input.requestsPerMinute ?? SYNC_VALIDATION_REQUESTS_PER_MINUTE;
    const gapMs = rpm > 0 && Number.isFinite(rpm) ? 60_000 / rpm : 0;
    let last = Number.NEGATIVE_INFINITY;
    for (const [index, envelope] of envelopes.entries()) {
      stopIfAsked();
      if ((sizes[index] ?? 0) > STREAMING_REQUEST_MAX_BYTES) {
        progress.add(tooLarge(index), false);
        await progress.settle();
        continue;
      }
      const wait = last + gapMs - now();
      if (wait > 0) await sleep(wait, input.signal).catch(() => Promise.reject(streamStopped(progress.counts)));
      last = now();
      await input.log?.sending([index + 1]);
      requests += 1;
      let outcome;
      try {
        outcome = await sendStreamingMessageChecked(client, envelope, { ...inlet, syncValidation: true });
      } catch (error) {
        if (isAppError(error) && error.code === 'REMOTE_ERROR' && /\b501\b/.test(error.message)) {
          throw new AppError(
            'REMOTE_ERROR',
            `This streaming endpoint does not support synchronous validation (501). Stream with asynchronous validation instead. ${error.message}`,
          );
        }
        throw error;
      }
      progress.add(
        outcome.ok
          ? { index: index + 1, status: 'accepted', ...(outcome.xactionId !== undefined ? { xactionId: outcome.xactionId } : {}) }
          : {
              index: index + 1,
              status: 'rejected',
              statusCode: outcome.statusCode,
              message: outcome.message,
              violations: outcome.violations,
              record: records[index] ?? {},
            },
        true,
      );
      await progress.settle();
    }
  } else {
    const sendable = envelopes.map((_, i) => i).filter((i) => (sizes[i] ?? 0) <= STREAMING_REQUEST_MAX_BYTES);
    const sendableSet = new Set(sendable);
    for (const i of envelopes.keys()) if (!sendableSet.has(i)) progress.add(tooLarge(i), false);
    if (results.length > 0) await progress.settle();
    for (const group of groupBySize(
      sendable.map((i) => sizes[i] ?? 0),
      input.groupLimits ?? defaultGroupLimits,
    )) {
      stopIfAsked();
      const indexes = group.map((g) => sendable[g] as number);
      await input.log?.sending(indexes.map((i) => i + 1));
      requests += 1;
      const answers = await sendStreamingBatch(
        client,
        indexes.map((i) => envelopes[i] as StreamingEnvelope),
        inlet,
      );
      indexes.forEach((recordIndex, k) => {
        const answer = answers[k];
        const record = records[recordIndex] ?? {};
        if (answer === undefined) {
          progress.add({ index: recordIndex + 1, status: 'rejected', message: 'The inlet answered no result for this record; send it again.', record }, true);
        } else if (answer.ok) {
          progress.add({ index: recordIndex + 1, status: 'received', ...(answer.xactionId !== undefined ? { xactionId: answer.xactionId } : {}) }, true);
        } else {
          progress.add(
            {
              index: recordIndex + 1,
              status: 'rejected',
              ...(answer.statusCode !== undefined ? { statusCode: answer.statusCode } : {}),
              message: answer.message ?? 'rejected',
              record,
            },
            true,
          );
        }
      });
      await progress.settle();
    }
  }
  const ordered = [...results].sort((a, b) => a.index - b.index);

  return {
    datasetId: input.datasetId,
    schemaId,
    validation,
    total: records.length,
    accepted: progress.counts.accepted,
    received: progress.counts.received,
    rejected: progress.counts.rejected,
    requests,
    results: ordered,
  };
}
