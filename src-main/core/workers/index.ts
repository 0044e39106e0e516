/**
 * Worker threads: a typed call-and-reply client for one long-lived worker, the serving side, how a
 * worker's script is found from source and from the build, and the file worker.
 * Why one surface: ipc and the composition roots import from here, never the modules behind it.
 */
export { locateWorker, spawnWorker, sourceBootstrap, isSourceModule, type WorkerEntry, type WorkerFiles } from './worker-entry';
export { WorkerClient, type CallOptions, type WorkerClientOptions } from './worker-client';
export { serveWorker } from './serve-worker';
export { startJobThread, type JobThread, type JobThreadOptions } from './job-thread';
export type { WorkerApi, WorkerCallContext } from './worker-protocol';
export { withFileName } from './file-names';
export { createFileWorkClient, FILE_WORKER_FILES, type FileWorkClient } from './file-work-client';
export type { FileToRead, FileWorkApi, PrepareCheck, PreviewResult, SchemaSource, SuggestResult } from './file-work-api';
