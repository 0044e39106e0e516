/**
 * Streaming small record sets into a dataset, with per-record results.
 * Why one surface: the `jobs.stream` worker (stream-worker.ts) and `xdm-loader stream` call it;
 * the services read the runs' journals back (local-streams.ts) for History and duplicate warnings.
 */
export { DEFAULT_STREAM_MAX_RECORDS, streamRecords, streamStopped, SYNC_VALIDATION_REQUESTS_PER_MINUTE, type StreamInput } from './stream-records';
export { streamFile, type StreamFileInput } from './stream-file';
export { defaultGroupLimits, groupBySize, STREAMING_REQUEST_MAX_BYTES, type GroupLimits } from './message-groups';
export { listLocalStreams, type LocalStream } from './local-streams';
export type { StreamProgress, StreamRecordResult, StreamReport, StreamValidation } from './stream-types';
