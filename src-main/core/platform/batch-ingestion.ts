import { stat } from 'node:fs/promises';
import { z } from 'zod';
import { AppError } from '../../../src-shared/domain/errors';
import { aepServices } from './aep-services';
import { CatalogBatch } from './catalog';
import type { PlatformClient, RequestBody } from './platform-client';

/**
 * Batch Ingestion calls: create, upload (single PUT or large-file chunks), complete (aep-notes §2).
 * Why the thresholds are constants here: 256 MB is the single-PUT limit and 512,000,000 bytes the
 * largest chunk; the upload engine picks chunk sizes within them and resumes with `uploadedRanges`.
 */
const base = aepServices.batchIngestion.basePath;

export const SINGLE_PUT_MAX_BYTES = 256 * 1024 * 1024;
export const CHUNK_MAX_BYTES = 512_000_000;
export const DEFAULT_CHUNK_BYTES = 64 * 1024 * 1024;
/** Uploads move many megabytes per call; give them longer than a JSON call. */
const UPLOAD_TIMEOUT_MS = 15 * 60_000;

export interface NewBatch {
  datasetId: string;
  format: 'json' | 'parquet';
  /** Only with `json`: true when each file is one JSON array rather than JSON Lines. */
  isMultiLineJson?: boolean;
  /** Unique in the org; lets a client find the batch it created when the create call's answer was lost. */
  externalId?: string;
  enableErrorDiagnostics?: boolean;
  partialIngestionPercent?: number;
  /** Batch ids this batch replaces. */
  replaces?: string[];
}

export const Batch = CatalogBatch.extend({ id: z.string() });
export type Batch = z.infer<typeof Batch>;

/**
 * Creates a batch. Never retried blindly: a second POST makes a second batch (aep-notes §10);
 * after an unclear failure, look the batch up by `externalId` with `listBatches`.
 */
export function createBatch(client: PlatformClient, batch: NewBatch, signal?: AbortSignal): Promise<Batch> {
  return client.json(Batch, {
    method: 'POST',
    path: `${base}/batches`,
    body: {
      kind: 'json',
      value: {
        datasetId: batch.datasetId,
        inputFormat: batch.format === 'json' ? { format: 'json', isMultiLineJson: batch.isMultiLineJson ?? false } : { format: 'parquet' },
        ...(batch.externalId !== undefined ? { externalId: batch.externalId } : {}),
        ...(batch.enableErrorDiagnostics !== undefined ? { enableErrorDiagnostics: batch.enableErrorDiagnostics } : {}),
        ...(batch.partialIngestionPercent !== undefined ? { partialIngestionPercent: batch.partialIngestionPercent } : {}),
        ...(batch.replaces && batch.replaces.length > 0 ? { replay: { predecessors: batch.replaces.map((id) => `$${id}`), reason: 'replace' } } : {}),
      },
    },
    idempotent: false,
    signal,
  });
}

/** Where a file goes inside a batch. */
export interface BatchFile {
  batchId: string;
  datasetId: string;
  /** Name in the batch, may contain `/` (kept as directories); use the real extension. */
  fileName: string;
}

function filePath(file: BatchFile): string {
  const name = file.fileName.split('/').map(encodeURIComponent).join('/');
  return `${base}/batches/${encodeURIComponent(file.batchId)}/datasets/${encodeURIComponent(file.datasetId)}/files/${name}`;
}

/** The bytes to upload: a local file (read per attempt, never held in memory) or a buffer. */
export type UploadSource = { path: string } | { data: Uint8Array };

async function sizeOf(source: UploadSource): Promise<number> {
  return 'data' in source ? source.data.byteLength : (await stat(source.path)).size;
}

function bodyOf(source: UploadSource, start: number, end: number): RequestBody {
  return 'data' in source ? { kind: 'bytes', data: source.data.subarray(start, end) } : { kind: 'file', path: source.path, start, end };
}

/** Uploads a whole file with one PUT (at most 256 MB). Idempotent: a repeat replaces the file. */
export async function putFile(client: PlatformClient, file: BatchFile, source: UploadSource, signal?: AbortSignal): Promise<void> {
  const size = await sizeOf(source);
  if (size === 0) throw new AppError('FILE_EMPTY', `${file.fileName} is empty; AEP rejects empty files (code 106).`, { file: file.fileName });
  if (size > SINGLE_PUT_MAX_BYTES) {
    throw new AppError('INVALID_INPUT', `${file.fileName} is ${size} bytes; a single PUT takes at most 256 MB. Use the large-file upload.`);
  }
  await client.send({ method: 'PUT', path: filePath(file), body: bodyOf(source, 0, size), idempotent: true, signal, timeoutMs: UPLOAD_TIMEOUT_MS });
}

/** Starts a large-file upload (`?action=INITIALIZE`); 200 or 201. */
export async function initializeLargeFile(client: PlatformClient, file: BatchFile, signal?: AbortSignal): Promise<void> {
  await client.send({ method: 'POST', path: filePath(file), query: { action: 'INITIALIZE' }, idempotent: true, signal });
}

/**
 * Sends bytes `start` to `end` (exclusive) of a large file as one chunk.
 * Why idempotent: a chunk re-sent at the same range overwrites itself; ranges are checked only at COMPLETE.
 */
export async function uploadChunk(
  client: PlatformClient,
  file: BatchFile,
  source: UploadSource,
  range: { start: number; end: number },
  signal?: AbortSignal,
): Promise<void> {
  if (range.end - range.start > CHUNK_MAX_BYTES) throw new AppError('INVALID_INPUT', `A chunk may carry at most ${CHUNK_MAX_BYTES} bytes.`);
  await client.send({
    method: 'PATCH',
    path: filePath(file),
    // The guide's form, inclusive end and no total: the one AEP documents (aep-notes §2.3).
    headers: { 'content-range': `bytes ${range.start}-${range.end - 1}` },
    body: bodyOf(source, range.start, range.end),
    idempotent: true,
    signal,
    timeoutMs: UPLOAD_TIMEOUT_MS,
  });
}

/** Byte ranges (inclusive start, exclusive end) AEP already holds, from `HEAD`'s `Range` header. */
export async function uploadedRanges(client: PlatformClient, file: BatchFile, signal?: AbortSignal): Promise<Array<{ start: number; end: number }>> {
  const response = await client.send({ method: 'HEAD', path: filePath(file), idempotent: true, accept: [404], signal });
  if (response.status === 404) return [];
  return parseRangeHeader(response.headers.get('range'));
}

/** Parses `bytes=0-99,200-299` (or without `bytes=`) into half-open ranges. */
export function parseRangeHeader(header: string | null): Array<{ start: number; end: number }> {
  if (!header) return [];
  const spec = header.replace(/^\s*bytes\s*[=:]?\s*/i, '');
  const ranges: Array<{ start: number; end: number }> = [];
  for (const part of spec.split(',')) {
    const match = /^\s*(\d+)\s*-\s*(\d+)\s*(?:\/\s*\d+\s*)?$/.exec(part);
    if (match) ranges.push({ start: Number(match[1]), end: Number(match[2]) + 1 });
  }
  return ranges.sort((a, b) => a.start - b.start);
}

/** Finishes a large file: AEP stitches the chunks and checks their ranges. */
export async function completeLargeFile(client: PlatformClient, file: BatchFile, signal?: AbortSignal): Promise<void> {
  await client.send({ method: 'POST', path: filePath(file), query: { action: 'COMPLETE' }, idempotent: true, signal });
}

/**
 * Uploads a file of any size: one PUT up to 256 MB, chunks above; resumes chunks AEP already has.
 * Why resume by HEAD: after a crash or a dropped connection the journal may be behind; AEP's
 * `Range` header is the truth about which bytes arrived.
 */
export async function uploadFile(
  client: PlatformClient,
  file: BatchFile,
  source: UploadSource,
  options: {
    chunkBytes?: number;
    /** Files up to this size go in one PUT (at most 256 MB, the gateway's limit). */
    singlePutMaxBytes?: number;
    onProgress?: (sentBytes: number, totalBytes: number) => void;
    /** Ask AEP which bytes it already holds (HEAD) and send only the rest. */
    resume?: boolean;
    signal?: AbortSignal;
  } = {},
): Promise<void> {
  const total = await sizeOf(source);
  if (total <= Math.min(options.singlePutMaxBytes ?? SINGLE_PUT_MAX_BYTES, SINGLE_PUT_MAX_BYTES)) {
    await putFile(client, file, source, options.signal);
    options.onProgress?.(total, total);
    return;
  }
  const chunk = Math.min(options.chunkBytes ?? DEFAULT_CHUNK_BYTES, CHUNK_MAX_BYTES);
  const have = options.resume ? await uploadedRanges(client, file, options.signal) : [];
  if (have.length === 0) await initializeLargeFile(client, file, options.signal);
  for (let start = 0; start < total; start += chunk) {
    const end = Math.min(start + chunk, total);
    if (!have.some((r) => r.start <= start && r.end >= end)) await uploadChunk(client, file, source, { start, end }, options.signal);
    options.onProgress?.(end, total);
  }
  await completeLargeFile(client, file, options.signal);
}

/**
 * Signals a batch's action: COMPLETE (start processing), ABORT (while loading), REVERT (after promotion).
 * Why idempotent: Adobe says a repeated COMPLETE returns success if the first went through.
 */
export async function batchAction(client: PlatformClient, batchId: string, action: 'COMPLETE' | 'ABORT' | 'REVERT', signal?: AbortSignal): Promise<void> {
  await client.send({ method: 'POST', path: `${base}/batches/${encodeURIComponent(batchId)}`, query: { action }, idempotent: true, signal });
}
