import { AppError, isAppError } from '../../../../src-shared/domain/errors';
import { getDataset } from '../../platform/catalog';
import type { PlatformClient } from '../../platform/platform-client';
import { sleep } from '../../platform/retry-policy';
import { sendStreamingBatch, sendStreamingMessageChecked, type StreamingEnvelope, streamingEnvelope } from '../../platform/streaming';
import { defaultGroupLimits, type GroupLimits, groupBySize, STREAMING_REQUEST_MAX_BYTES } from './message-groups';
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
  onProgress?: (progress: StreamProgress) => void;
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

function cancelled(): AppError {
  return new AppError('CANCELLED', 'Streaming was cancelled.');
}

export async function streamRecords(client: PlatformClient, input: StreamInput): Promise<StreamReport> {
  const validation = input.validation ?? 'sync';
  const now = input.now ?? Date.now;
  const records = await collect(input.records, input.maxRecords ?? DEFAULT_STREAM_MAX_RECORDS);
  const dataset = await getDataset(client, input.datasetId, input.signal);
  const schemaId = dataset.schemaRef?.id;
  if (schemaId === undefined) throw new AppError('INVALID_INPUT', `Dataset "${dataset.name ?? input.datasetId}" has no XDM schema; streaming needs one.`);

  const target = { schemaId, datasetId: input.datasetId, orgId: client.target.orgId, ...(input.flowId !== undefined ? { flowId: input.flowId } : {}) };
  const envelopes: StreamingEnvelope[] = records.map((r) => streamingEnvelope(r, target));
  const sizes = envelopes.map((e) => Buffer.byteLength(JSON.stringify(e)));
  const inlet = {
    inletId: input.inletId,
    ...(input.flowId !== undefined ? { flowId: input.flowId } : {}),
    ...(input.authenticated ? { authenticated: true } : {}),
    ...(input.signal ? { signal: input.signal } : {}),
  };
  const results: StreamRecordResult[] = [];
  let requests = 0;
  const tooLarge = (index: number): StreamRecordResult => ({
    index: index + 1,
    status: 'rejected',
    statusCode: 413,
    message: `The record is ${sizes[index]} bytes with its envelope; a streaming request takes at most 1 MB (records of up to 10 KB are recommended).`,
  });

  if (validation === 'sync') {
    const rpm = input.requestsPerMinute ?? SYNC_VALIDATION_REQUESTS_PER_MINUTE;
    const gapMs = rpm > 0 && Number.isFinite(rpm) ? 60_000 / rpm : 0;
    let last = Number.NEGATIVE_INFINITY;
    for (const [index, envelope] of envelopes.entries()) {
      if (input.signal?.aborted) throw cancelled();
      if ((sizes[index] ?? 0) > STREAMING_REQUEST_MAX_BYTES) {
        results.push(tooLarge(index));
        continue;
      }
      const wait = last + gapMs - now();
      if (wait > 0) await sleep(wait, input.signal).catch(() => Promise.reject(cancelled()));
      last = now();
      requests += 1;
      let outcome;
      try {
        outcome = await sendStreamingMessageChecked(client, envelope, { ...inlet, syncValidation: true });
      } catch (error) {
        if (isAppError(error) && error.code === 'REMOTE_ERROR' && /\b501\b/.test(error.message)) {
          throw new AppError('REMOTE_ERROR', `This streaming endpoint does not support synchronous validation (501). Stream with asynchronous validation instead. ${error.message}`);
        }
        throw error;
      }
      results.push(
        outcome.ok
          ? { index: index + 1, status: 'accepted', ...(outcome.xactionId !== undefined ? { xactionId: outcome.xactionId } : {}) }
          : { index: index + 1, status: 'rejected', statusCode: outcome.statusCode, message: outcome.message, violations: outcome.violations },
      );
      input.onProgress?.({ sent: index + 1, total: envelopes.length });
    }
  } else {
    const sendable = envelopes.map((_, i) => i).filter((i) => (sizes[i] ?? 0) <= STREAMING_REQUEST_MAX_BYTES);
    for (const i of envelopes.keys()) if (!sendable.includes(i)) results.push(tooLarge(i));
    let sent = 0;
    for (const group of groupBySize(sendable.map((i) => sizes[i] ?? 0), input.groupLimits ?? defaultGroupLimits)) {
      if (input.signal?.aborted) throw cancelled();
      const indexes = group.map((g) => sendable[g] as number);
      requests += 1;
      const answers = await sendStreamingBatch(client, indexes.map((i) => envelopes[i] as StreamingEnvelope), inlet);
      indexes.forEach((recordIndex, k) => {
        const answer = answers[k];
        if (answer === undefined) {
          results.push({ index: recordIndex + 1, status: 'rejected', message: 'The inlet answered no result for this record; send it again.' });
        } else if (answer.ok) {
          results.push({ index: recordIndex + 1, status: 'received', ...(answer.xactionId !== undefined ? { xactionId: answer.xactionId } : {}) });
        } else {
          results.push({
            index: recordIndex + 1,
            status: 'rejected',
            ...(answer.statusCode !== undefined ? { statusCode: answer.statusCode } : {}),
            message: answer.message ?? 'rejected',
          });
        }
      });
      sent += indexes.length;
      input.onProgress?.({ sent, total: sendable.length });
    }
    results.sort((a, b) => a.index - b.index);
  }

  return {
    datasetId: input.datasetId,
    schemaId,
    validation,
    total: records.length,
    accepted: results.filter((r) => r.status === 'accepted').length,
    received: results.filter((r) => r.status === 'received').length,
    rejected: results.filter((r) => r.status === 'rejected').length,
    requests,
    results,
  };
}
