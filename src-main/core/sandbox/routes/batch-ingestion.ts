/**
 * Batch Ingestion routes (`/data/foundation/import`): create a batch, upload files (PUT up to
 * 256 MB, or INITIALIZE / PATCH chunks / HEAD / COMPLETE for large files), then COMPLETE, ABORT,
 * REVERT or FAIL the batch (aep-notes §2).
 *
 * Bodies are streamed to disk. A large file's chunks are written in place, each at its offset of one
 * file being assembled, so that completing it is a rename rather than a copy of every byte (a 1 GB
 * file used to be written twice). Chunk ranges are only checked when the file is completed, where
 * gaps and overlaps give 400, as the guide says. COMPLETE hands the batch to the processing queue
 * and answers at once; it is idempotent.
 */
import { closeSync, createReadStream, createWriteStream, openSync, renameSync, rmSync, truncateSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../context';
import { batchDataset, newBatchDocument, updateBatch } from '../batches';
import { callerOf } from '../caller';
import { ApiError } from '../http/errors';
import { anyCase } from '../http/schema-parts';
import { STREAMED_BODY } from '../http/service-family';
import { RawBody } from '../http/raw-body';
import { streamIntoFile, streamToFile, TooLargeError } from '../http/stream-to-file';
import { ulid } from '../ids';
import { isJsonObject, type JsonObject, type JsonValue } from '../json';
import { FileArea } from '../store/file-area';
import { BATCH_FORMAT, registerBatchPreviewRoute } from './batch-preview';
import { headerOf } from '../http/gates';

export const MAX_PUT_BYTES = 256 * 1024 * 1024;
export const MAX_CHUNK_BYTES = 512_000_000;
export const MAX_FILES = 1500;
/** AEP's largest batch (100 GB, aep-notes §2.5): no file of one can be larger, so no chunk ends beyond it. */
export const MAX_FILE_BYTES = 100 * 1024 ** 3;
const PERCENT = { type: 'number', minimum: 0, maximum: 100, description: 'a number from 0 to 100' } as const;

/**
 * A new batch: a dataset (that it exists is checked by the route), a format AEP reads, in any letter
 * case, and multi-line JSON only with the json format.
 */
const CREATE_BODY = {
  type: 'object',
  description: 'a batch object',
  required: ['datasetId', 'inputFormat'],
  properties: {
    datasetId: { type: 'string' },
    inputFormat: {
      type: 'object',
      required: ['format'],
      properties: { format: BATCH_FORMAT },
    },
    partialIngestionPercent: PERCENT,
    partialIngestionPercentage: PERCENT,
  },
  if: {
    required: ['inputFormat'],
    properties: { inputFormat: { type: 'object', required: ['isMultiLineJson'], properties: { isMultiLineJson: { const: true } } } },
  },
  then: {
    properties: {
      inputFormat: { type: 'object', properties: { format: { type: 'string', pattern: anyCase(['json']), description: 'json when isMultiLineJson is true' } } },
    },
  },
};

type CreateBody = JsonObject & {
  datasetId: string;
  inputFormat: JsonObject & { format: string };
  partialIngestionPercent?: number;
  partialIngestionPercentage?: number;
};

/** The `action` query parameter of a POST, one of `actions` in any letter case. */
function actionQuery(actions: readonly string[]): JsonObject {
  return {
    type: 'object',
    required: ['action'],
    properties: { action: { type: 'string', pattern: anyCase(actions), description: `one of ${actions.join(', ')}` } },
  };
}

type BatchAction = 'COMPLETE' | 'ABORT' | 'REVERT' | 'FAIL';
const BATCH_ACTIONS: readonly BatchAction[] = ['COMPLETE', 'ABORT', 'REVERT', 'FAIL'];

/** A received range (inclusive end). `file` only on chunks stored by earlier versions, one file per chunk. */
interface Chunk extends JsonObject {
  start: number;
  end: number;
}

function bad(message: string, code = '400'): ApiError {
  return new ApiError(400, code, 'Bad Request', message);
}

/**
 * A large-file INITIALIZE or COMPLETE answer: the guide's 201 carrying the spec's `File` body.
 * Why both: the guide shows 201 and the spec 200 + `File` ({ name, sizeInBytes }); clients written
 * against the real platform (aepp) parse a body on any status but 200/204, so an empty 201 broke them.
 */
function largeFileAnswer(name: string, sizeInBytes: number): JsonObject {
  return { name, sizeInBytes };
}

export function registerBatchIngestionRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const { docs, files } = ctx;

  app.post<{ Body: CreateBody }>('/batches', { schema: { body: CREATE_BODY } }, async (req, reply) => {
    const body = req.body;
    const datasetId = body.datasetId;
    if (!docs.get(req.sandboxName, 'dataset', datasetId)) throw bad(`Dataset ${datasetId} was not found`);
    const input = body.inputFormat;
    const format = input.format.toLowerCase();
    const externalId = typeof body.externalId === 'string' ? body.externalId : undefined;
    if (externalId && docs.list<JsonObject>(req.sandboxName, 'batch').some((b) => b.externalId === externalId)) {
      throw new ApiError(409, '409', 'Conflict', `A batch with externalId ${externalId} already exists`);
    }
    const tags: JsonObject = isJsonObject(body.tags) ? { ...body.tags } : {};
    if (body.enableErrorDiagnostics === true) tags.acp_enableErrorDiagnostics = true;
    const pct = body.partialIngestionPercent ?? body.partialIngestionPercentage;
    if (pct !== undefined) tags.acp_partialIngestionPercent = pct;
    const batch = newBatchDocument(
      ctx.credentials.orgId,
      req.sandboxName,
      ulid(),
      { datasetId, status: 'loading', inputFormat: { ...input, format }, tags, ...(externalId ? { externalId } : {}) },
      callerOf(req),
    );
    const id = String(batch.id);
    if (isJsonObject(body.replay)) {
      const strip = (v: JsonValue | undefined): JsonValue[] => (Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? x.replace(/^\$/, '') : x)) : []);
      batch.replay = { predecessors: strip(body.replay.predecessors), reason: typeof body.replay.reason === 'string' ? body.replay.reason : 'replace' };
    }
    docs.put(req.sandboxName, 'batch', id, batch);
    return reply.code(201).send(batch);
  });

  /** The batch of a file route, which must exist, belong to the dataset and still be loading. */
  const loadingBatch = (req: FastifyRequest<{ Params: { batchId: string; datasetId: string } }>): JsonObject => {
    const batch = docs.get<JsonObject>(req.sandboxName, 'batch', req.params.batchId);
    if (!batch) throw new ApiError(404, '404', 'Not Found', `Batch ${req.params.batchId} was not found`);
    if (batchDataset(batch) !== req.params.datasetId)
      throw new ApiError(404, '404', 'Not Found', `Dataset ${req.params.datasetId} is not the dataset of batch ${req.params.batchId}`);
    if (batch.status !== 'loading') throw bad(`Batch ${req.params.batchId} is ${String(batch.status)}: files can only be added while it is loading`);
    return batch;
  };

  const fileName = (req: FastifyRequest<{ Params: { '*': string } }>): string => {
    const name = req.params['*'];
    const problem = FileArea.nameProblem(name);
    if (problem !== undefined) throw bad(`Invalid file path ${name.slice(0, 300)}: ${problem}`);
    return name;
  };

  /**
   * Refuses a name that is a folder of another file of the batch, or below one (`a` then `a/b`):
   * on disk one path cannot be both, and the write failed as a 500.
   */
  const checkNameFree = (sandbox: string, batchId: string, name: string): void => {
    for (const upload of docs.list<JsonObject>(sandbox, 'upload', batchId)) {
      const other = String(upload.name);
      if (name.startsWith(`${other}/`)) throw bad(`Invalid file path ${name}: ${other} is a file of this batch, so it cannot also be a folder`);
      if (other.startsWith(`${name}/`)) throw bad(`Invalid file path ${name}: it is a folder of this batch's file ${other}`);
    }
  };

  const checkFileCount = (sandbox: string, batchId: string, name: string): void => {
    if (!docs.get(sandbox, 'upload', `${batchId}/${name}`) && docs.count(sandbox, 'upload', batchId) >= ctx.maxFilesPerBatch) {
      throw bad(`A batch holds at most ${ctx.maxFilesPerBatch} files`);
    }
  };

  const rawBody = (req: FastifyRequest): RawBody => {
    const ct = headerOf(req, 'content-type');
    if (ct && !ct.toLowerCase().startsWith('application/octet-stream')) {
      throw new ApiError(415, '415', 'Unsupported Media Type', `Content-Type must be application/octet-stream, not ${ct}`);
    }
    if (!(req.body instanceof RawBody)) throw bad('The request has no body');
    return req.body;
  };

  type FileRoute = { Params: { batchId: string; datasetId: string; '*': string } };
  const filesPath = '/batches/:batchId/datasets/:datasetId/files/*';

  app.put<FileRoute>(filesPath, STREAMED_BODY, async (req, reply) => {
    loadingBatch(req);
    const name = fileName(req);
    const sandbox = req.sandboxName;
    checkFileCount(sandbox, req.params.batchId, name);
    checkNameFree(sandbox, req.params.batchId, name);
    const declared = Number(headerOf(req, 'content-length') ?? NaN);
    if (declared > MAX_PUT_BYTES)
      throw new ApiError(413, '413', 'Payload Too Large', `A single PUT carries at most ${MAX_PUT_BYTES} bytes: use the large-file upload`);
    const body = rawBody(req);
    const target = files.uploadPath(sandbox, req.params.batchId, name);
    let size: number;
    try {
      size = await streamToFile(body.stream, target, MAX_PUT_BYTES);
    } catch (e) {
      if (e instanceof TooLargeError) throw new ApiError(413, '413', 'Payload Too Large', e.message);
      throw e;
    }
    if (size === 0) {
      rmSync(target, { force: true });
      throw bad('Dataset file is empty', '106');
    }
    docs.put(sandbox, 'upload', `${req.params.batchId}/${name}`, { name, sizeInBytes: size, complete: true, chunks: [] }, req.params.batchId);
    return reply.code(200).send();
  });

  app.post<FileRoute & { Querystring: { action: string } }>(
    filesPath,
    { ...STREAMED_BODY, schema: { querystring: actionQuery(['INITIALIZE', 'COMPLETE']) } },
    async (req, reply) => {
      const action = req.query.action.toUpperCase();
      loadingBatch(req);
      const name = fileName(req);
      const sandbox = req.sandboxName;
      const key = `${req.params.batchId}/${name}`;
      if (req.body instanceof RawBody) req.body.stream.resume();
      if (action === 'INITIALIZE') {
        checkFileCount(sandbox, req.params.batchId, name);
        checkNameFree(sandbox, req.params.batchId, name);
        FileArea.remove(files.chunkDir(sandbox, req.params.batchId, name));
        docs.put(sandbox, 'upload', key, { name, sizeInBytes: 0, complete: false, chunks: [] }, req.params.batchId);
        return reply.code(201).send(largeFileAnswer(name, 0));
      }
      // COMPLETE: the route schema lets no other action through.
      const upload = docs.get<JsonObject>(sandbox, 'upload', key);
      if (!upload) throw new ApiError(404, '404', 'Not Found', `File ${name} was not initialized`);
      if (upload.complete === true) return reply.code(201).send(largeFileAnswer(name, Number(upload.sizeInBytes ?? 0)));
      const chunks = (Array.isArray(upload.chunks) ? upload.chunks : []).filter(isJsonObject) as Chunk[];
      chunks.sort((a, b) => a.start - b.start || a.end - b.end);
      let next = 0;
      for (const c of chunks) {
        if (c.start > next) throw bad(`Missing bytes ${next}-${c.start - 1} in ${name}`);
        if (c.start < next) throw bad(`Overlapping chunk ${c.start}-${c.end} in ${name}`);
        next = c.end + 1;
      }
      if (next === 0) throw bad('Dataset file is empty', '106');
      const total = upload.declaredTotal;
      if (typeof total === 'number' && next !== total) throw bad(`Missing bytes ${next}-${total - 1} in ${name} (Content-Range declared ${total} bytes)`);
      const target = files.uploadPath(sandbox, req.params.batchId, name);
      const assembly = files.assemblyPath(sandbox, req.params.batchId, name);
      await copyLegacyChunks(chunks, assembly);
      truncateSync(assembly, next);
      FileArea.ensureParent(target);
      renameSync(assembly, target);
      FileArea.remove(files.chunkDir(sandbox, req.params.batchId, name));
      docs.put(sandbox, 'upload', key, { name, sizeInBytes: next, complete: true, chunks: [] }, req.params.batchId);
      return reply.code(201).send(largeFileAnswer(name, next));
    },
  );

  app.patch<FileRoute>(filesPath, STREAMED_BODY, async (req, reply) => {
    loadingBatch(req);
    const name = fileName(req);
    const sandbox = req.sandboxName;
    const key = `${req.params.batchId}/${name}`;
    const upload = docs.get<JsonObject>(sandbox, 'upload', key);
    if (!upload || upload.complete === true) throw bad(`File ${name} was not initialized for a large-file upload`);
    const { start, end, total } = contentRange(headerOf(req, 'content-range'), upload.declaredTotal);
    const length = end - start + 1;
    if (length > MAX_CHUNK_BYTES) throw new ApiError(413, '413', 'Payload Too Large', `A chunk carries at most ${MAX_CHUNK_BYTES} bytes`);
    const body = rawBody(req);
    /** Sets whether this range is held, on the record as it is now (other chunks finish meanwhile). */
    const record = (held: boolean): JsonObject[] => {
      const fresh = docs.get<JsonObject>(sandbox, 'upload', key) ?? upload;
      const before = (Array.isArray(fresh.chunks) ? fresh.chunks : []).filter(isJsonObject);
      const chunks = before.filter((c) => !(c.start === start && c.end === end));
      if (held) chunks.push({ start, end });
      const declaredTotal = total ?? fresh.declaredTotal;
      if (held || chunks.length !== before.length)
        docs.put(
          sandbox,
          'upload',
          key,
          { ...fresh, chunks, sizeInBytes: receivedBytes(chunks), ...(declaredTotal !== undefined ? { declaredTotal } : {}) },
          req.params.batchId,
        );
      return chunks;
    };
    // Its bytes are overwritten in place: a range sent again is not held until it all arrived again.
    record(false);
    let size: number;
    try {
      size = await streamIntoFile(body.stream, files.assemblyPath(sandbox, req.params.batchId, name), start, length);
    } catch (e) {
      if (e instanceof TooLargeError) throw bad(`The body is longer than the Content-Range (${length} bytes)`);
      throw e;
    }
    if (size !== length) throw bad(`The body has ${size} bytes but Content-Range announces ${length}`);
    const chunks = record(true);
    const received = receivedBytes(chunks);
    return reply
      .code(200)
      .header('range', rangeHeader(chunks as Chunk[]))
      .send({ name, sizeInBytes: received });
  });

  app.head<FileRoute>(filesPath, async (req, reply) => {
    const name = fileName(req);
    const upload = docs.get<JsonObject>(req.sandboxName, 'upload', `${req.params.batchId}/${name}`);
    if (!upload) throw new ApiError(404, '404', 'Not Found', `File ${name} was not found`);
    const chunks = (Array.isArray(upload.chunks) ? upload.chunks : []).filter(isJsonObject) as Chunk[];
    const header = upload.complete === true ? `bytes=0-${Number(upload.sizeInBytes) - 1}` : rangeHeader(chunks);
    return reply.code(200).header('range', header).header('content-length', '0').send();
  });

  app.post<{ Params: { batchId: string }; Querystring: { action: string } }>(
    '/batches/:batchId',
    { ...STREAMED_BODY, schema: { querystring: actionQuery(BATCH_ACTIONS) } },
    async (req, reply) => {
      const sandbox = req.sandboxName;
      const id = req.params.batchId;
      if (req.body instanceof RawBody) req.body.stream.resume();
      const batch = docs.get<JsonObject>(sandbox, 'batch', id);
      if (!batch) throw new ApiError(404, '404', 'Not Found', `Batch ${id} was not found`);
      const action = req.query.action.toUpperCase() as BatchAction;
      const status = String(batch.status);
      switch (action) {
        case 'COMPLETE': {
          if (status !== 'loading') {
            if (status === 'aborted' || status === 'inactive') throw bad(`Batch ${id} is ${status} and cannot be completed`);
            return done(reply);
          }
          const uploads = docs.list<JsonObject>(sandbox, 'upload', id);
          const pending = uploads.filter((u) => u.complete !== true);
          if (pending.length > 0) throw bad(`Large files not completed: ${pending.map((u) => String(u.name)).join(', ')}`);
          updateBatch(docs, sandbox, id, (b) => {
            b.status = 'processing';
            b.started = Date.now();
          });
          ctx.queue.enqueue(sandbox, id);
          return done(reply);
        }
        case 'ABORT': {
          if (status === 'aborted') return done(reply);
          if (status !== 'loading') throw bad(`Batch ${id} is ${status}: only a loading batch can be aborted`);
          updateBatch(docs, sandbox, id, (b) => {
            b.status = 'aborted';
            b.completed = Date.now();
          });
          FileArea.remove(path.dirname(files.uploadPath(sandbox, id, 'x')));
          FileArea.remove(path.dirname(files.chunkDir(sandbox, id, 'x')));
          return done(reply);
        }
        case 'REVERT': {
          if (status === 'inactive') return done(reply);
          if (status !== 'success') throw bad(`Batch ${id} is ${status}: only a successful batch can be reverted`);
          ctx.profiles.revertBatch(sandbox, id);
          for (const [fileId] of docs.entries<JsonObject>(sandbox, 'datasetFile', id)) docs.delete(sandbox, 'datasetFile', fileId);
          FileArea.remove(files.outputDir(sandbox, id));
          updateBatch(docs, sandbox, id, (b) => {
            b.status = 'inactive';
          });
          return done(reply);
        }
        case 'FAIL': {
          if (status !== 'loading' && status !== 'processing') throw bad(`Batch ${id} is ${status} and cannot be failed`);
          ctx.queue.cancel(sandbox, id);
          updateBatch(docs, sandbox, id, (b) => {
            b.status = 'failed';
            b.completed = Date.now();
            b.errors = [{ code: '400', description: 'The batch was failed by its client (action=FAIL)' }];
          });
          return done(reply);
        }
      }
    },
  );

  registerBatchPreviewRoute(app, ctx);
}

/**
 * A chunk's `Content-Range: bytes {start}-{end}[/{total}]` (inclusive end), checked: the numbers
 * exact integers, the end after the start and within the declared total, the total the same on
 * every chunk of the file, and nothing beyond AEP's largest batch. Why: an absurd offset made a
 * sparse file of a terabyte, and an inconsistent total was accepted.
 */
function contentRange(header: string | undefined, earlierTotal: JsonValue | undefined): { start: number; end: number; total: number | undefined } {
  const range = /^bytes\s+(\d{1,16})-(\d{1,16})(?:\/(\d{1,16}|\*))?$/i.exec(header ?? '');
  if (!range) throw bad('Content-Range must be "bytes {start}-{end}" or "bytes {start}-{end}/{total}" (inclusive end, at most 16 digits)');
  const start = Number(range[1]);
  const end = Number(range[2]);
  const total = range[3] === undefined || range[3] === '*' ? undefined : Number(range[3]);
  if (end < start) throw bad('Content-Range end is before its start');
  if (total !== undefined && (total === 0 || total > MAX_FILE_BYTES))
    throw bad(`Content-Range total ${total} is out of range: a file holds 1 to ${MAX_FILE_BYTES} bytes`);
  if (total !== undefined && end >= total) throw bad(`Content-Range ${start}-${end} ends beyond the declared total of ${total} bytes`);
  if (total !== undefined && typeof earlierTotal === 'number' && total !== earlierTotal)
    throw bad(`Content-Range total ${total} differs from the ${earlierTotal} bytes declared by an earlier chunk of this file`);
  if (typeof earlierTotal === 'number' && end >= earlierTotal)
    throw bad(`Content-Range ${start}-${end} ends beyond the declared total of ${earlierTotal} bytes`);
  if (end >= MAX_FILE_BYTES) throw bad(`Content-Range ${start}-${end} ends beyond ${MAX_FILE_BYTES} bytes, AEP's largest batch`);
  return { start, end, total };
}

function receivedBytes(chunks: JsonObject[]): number {
  return chunks.reduce((n, c) => n + (Number(c.end) - Number(c.start) + 1), 0);
}

/**
 * Chunks stored one file each (a data dir from before chunks were written in place) are copied to
 * their offset of the assembly file, so an upload begun by an earlier version completes.
 */
async function copyLegacyChunks(chunks: Chunk[], assembly: string): Promise<void> {
  FileArea.ensureParent(assembly);
  closeSync(openSync(assembly, 'a'));
  for (const c of chunks) {
    if (typeof c.file !== 'string') continue; // Written in place already.
    await pipeline(createReadStream(c.file), createWriteStream(assembly, { flags: 'r+', start: c.start }));
  }
}

function done(reply: FastifyReply): FastifyReply {
  return reply.code(200).send();
}

/** `bytes=0-99,200-299`: the received ranges, merged, as the large-file HEAD reports them. */
function rangeHeader(chunks: Chunk[]): string {
  const sorted = [...chunks].sort((a, b) => a.start - b.start);
  const merged: Array<[number, number]> = [];
  for (const c of sorted) {
    const last = merged[merged.length - 1];
    if (last && c.start <= last[1] + 1) last[1] = Math.max(last[1], c.end);
    else merged.push([c.start, c.end]);
  }
  return merged.length === 0 ? 'bytes=' : `bytes=${merged.map(([a, b]) => `${a}-${b}`).join(',')}`;
}
