/**
 * Processing a completed batch: read → validate and convert → write output and failed records →
 * decide the status → promote to Profile.
 *
 * Mirrors AEP's behaviour (aep-notes §2, §3.2, §9): row errors are failed records (kept, with
 * `_validationErrors`), tolerated up to `partialIngestionPercent` (0 when the batch did not ask for
 * partial ingestion); a `TypeCompatibilityException` or an unreadable file fails the whole batch; a
 * failed batch ingests nothing. Records reach Profile only from a successful batch whose dataset and
 * schema are enabled. Runs in the processing worker (see `processing-worker.ts`): Profile writes go
 * in transactions of `PROFILE_TRANSACTION_RECORDS`, and the terminal status is written in one
 * transaction that first checks the batch is still `processing` (a FAIL from the server wins).
 */
import path from 'node:path';
import { batchDataset, updateBatch } from '../batches';
import { profileEnabled, schemaIdOf } from '../datasets';
import { hexId } from '../ids';
import { isJsonObject, type JsonObject, type JsonValue } from '../json';
import { knownNamespaceCodes } from '../namespaces';
import { extractIdentities, profileIdentityMap } from '../profile/identity-extractor';
import type { ProfileInput } from '../profile/profile-store';
import { FileArea } from '../store/file-area';
import { EVENT_CLASS, type IdentityField } from '../xdm/schema-registry-store';
import { LineWriter } from './line-writer';
import type { ProcessingContext } from './processing-context';
import { readLineChunks } from './line-reader';
import { readRecordChunks, UnreadableFileError, type InputFormat } from './record-readers';
import { TimeSlicer } from './time-slicer';

/** Profile records written per SQLite transaction: large enough to amortise commits, short enough not to hold the write lock long. */
export const PROFILE_TRANSACTION_RECORDS = 2000;

export interface BatchError extends JsonObject {
  code: string;
  description: string;
}

/** Thrown inside processing to stop when a batch is cancelled (FAIL) or the sandbox closes. */
export class ProcessingCancelled extends Error {}

function diagnosticsOn(batch: JsonObject): boolean {
  return isJsonObject(batch.tags) && batch.tags.acp_enableErrorDiagnostics === true;
}

function threshold(batch: JsonObject): number {
  const v = isJsonObject(batch.tags) ? batch.tags.acp_partialIngestionPercent : undefined;
  return typeof v === 'number' ? v : 0;
}

/** True while the batch is still ours to finish (the server may have failed it meanwhile). */
function stillProcessing(ctx: ProcessingContext, sandbox: string, batchId: string): boolean {
  return ctx.docs.get<JsonObject>(sandbox, 'batch', batchId)?.status === 'processing';
}

/** Removes what a stopped or superseded run left: Profile fragments and events, dataset output. */
export function discardPartialResults(ctx: ProcessingContext, sandbox: string, batchId: string): void {
  ctx.profiles.revertBatch(sandbox, batchId);
  FileArea.remove(ctx.files.outputDir(sandbox, batchId));
}

/**
 * Processes one batch to a terminal status. `cancelled` is polled between records; when it turns
 * true, `ProcessingCancelled` is thrown and the caller decides what to discard.
 */
export async function processBatch(ctx: ProcessingContext, sandbox: string, batchId: string, cancelled: () => boolean): Promise<void> {
  const batch = ctx.docs.get<JsonObject>(sandbox, 'batch', batchId);
  if (!batch || batch.status !== 'processing') return;
  // A run interrupted by a restart may have promoted part of the batch: start from nothing.
  ctx.profiles.revertBatch(sandbox, batchId);
  const datasetId = batchDataset(batch);
  const dataset = ctx.docs.get<JsonObject>(sandbox, 'dataset', datasetId);
  const schemaId = dataset ? schemaIdOf(dataset) : undefined;
  const fail = (errors: BatchError[], metrics: JsonObject = {}): void => {
    // IMMEDIATE, as every read-then-write transaction here: a deferred one that reads, then writes
    // after the server committed (the next batch's create or PUT) fails at once with
    // SQLITE_BUSY_SNAPSHOT, ignoring busy_timeout; taking the write lock first makes it wait instead.
    ctx.db
      .transaction(() => {
        if (!stillProcessing(ctx, sandbox, batchId)) return;
        updateBatch(ctx.docs, sandbox, batchId, (b) => {
          b.status = 'failed';
          b.completed = Date.now();
          b.errors = errors;
          b.metrics = { ...metrics, outputRecordCount: 0 };
          b.failedRecordCount = Number(metrics.failedRecordCount ?? 0);
        });
        markDataset(ctx, sandbox, datasetId, batchId, 'failed');
      })
      .immediate();
    discardPartialResults(ctx, sandbox, batchId);
  };
  if (!dataset || !schemaId || !ctx.registry.findSchema(sandbox, schemaId)) {
    fail([{ code: '400', description: `The dataset ${datasetId} or its schema no longer exists` }]);
    return;
  }
  const fmt = (isJsonObject(batch.inputFormat) ? batch.inputFormat : { format: 'json' }) as unknown as InputFormat;
  const validator = ctx.registry.validatorFor(sandbox, schemaId, fmt.format === 'csv');
  const uploads = ctx.docs.list<JsonObject>(sandbox, 'upload', batchId).filter((u) => u.complete === true);
  FileArea.remove(ctx.files.outputDir(sandbox, batchId));
  FileArea.remove(ctx.files.failedDir(sandbox, batchId));
  FileArea.remove(ctx.files.metaDir(sandbox, batchId));
  const output = new LineWriter(path.join(ctx.files.outputDir(sandbox, batchId), `part-00000-${batchId}.json`));
  const failed = new LineWriter(path.join(ctx.files.failedDir(sandbox, batchId), `part-00000-${batchId}-c000.json`));
  const parseErrors = new LineWriter(path.join(ctx.files.metaDir(sandbox, batchId), 'row_errors', 'parsing_errors_0.json'));
  const conversionErrors = new LineWriter(path.join(ctx.files.metaDir(sandbox, batchId), 'row_errors', 'conversion_errors_0.json'));
  const inputFilesMeta = new LineWriter(path.join(ctx.files.metaDir(sandbox, batchId), 'input_files', 'input_files_0.json'));
  // Gives the worker's event loop a turn now and then, so cancel and close messages arrive.
  const slicer = new TimeSlicer();
  const diagnostics = diagnosticsOn(batch);
  let input = 0;
  let requiredErrors = 0;
  let parseCount = 0;
  let inputBytes = 0;
  let fatal: BatchError | undefined;

  try {
    for (const upload of uploads) {
      const name = String(upload.name);
      inputBytes += Number(upload.sizeInBytes ?? 0);
      if (diagnostics) await inputFilesMeta.write(JSON.stringify({ path: name }));
      if (Number(upload.sizeInBytes ?? 0) === 0) {
        fatal = { code: '106', description: `Dataset file is empty: ${name}` };
        break;
      }
      try {
        reading: for await (const items of readRecordChunks(ctx.files.uploadPath(sandbox, batchId, name), fmt)) {
          for (const item of items) {
            if (cancelled()) throw new ProcessingCancelled();
            input += 1;
            if ('parseError' in item) {
              parseCount += 1;
              const row = { _corrupt_record: item.raw, _errors: [{ code: '1401', message: item.parseError }], _filename: name };
              await failed.write(JSON.stringify(row));
              if (diagnostics) await parseErrors.write(JSON.stringify({ ...row, _filename: 'parsing_errors_0.json' }));
            } else {
              const outcome = validator.validate(item.record);
              if (outcome.kind === 'ok') {
                // The writer returns a promise only when its stream needs draining: no await per record.
                const drained = output.write(JSON.stringify(outcome.record));
                if (drained) await drained;
              } else if (outcome.kind === 'incompatible') {
                fatal = { code: 'TypeCompatibilityException', description: `${outcome.message} (file ${name}, row ${item.row})` };
                break reading;
              } else {
                if (outcome.errors.some((e) => e.code === 'INGEST-1555-400')) requiredErrors += 1;
                // Readers yield objects only (what is not one is a corrupt record, its text kept).
                await failed.write(JSON.stringify({ ...(toJson(item.record) as JsonObject), _validationErrors: outcome.errors }));
                if (diagnostics) await conversionErrors.write(JSON.stringify({ _errors: outcome.errors, _filename: name, _row: item.row }));
              }
            }
            if (slicer.due()) await slicer.yield();
          }
        }
      } catch (e) {
        if (e instanceof UnreadableFileError) fatal = { code: 'INGEST-1401-400', description: `${name}: ${e.message}` };
        else throw e;
      }
      if (fatal) break;
    }
  } finally {
    await Promise.all([output.close(), failed.close(), parseErrors.close(), conversionErrors.close(), inputFilesMeta.close()]);
  }

  const failedCount = failed.lines;
  const ok = output.lines;
  const baseMetrics: JsonObject = { inputByteSize: inputBytes, inputFileCount: uploads.length, inputRecordCount: input, failedRecordCount: failedCount };
  if (fatal) {
    fail([fatal], baseMetrics);
    return;
  }
  const errors: BatchError[] = [];
  if (failedCount > 0) {
    if (diagnostics) {
      errors.push({
        code: 'INGEST-1212-400',
        description: `Encountered ${failedCount} errors in the data. Successfully ingested ${ok} rows. Please review the associated diagnostic files for more details.`,
      });
      if (requiredErrors > 0)
        errors.push({ code: 'INGEST-1555-400', description: 'A required field is either missing or has a value of null.', recordCount: requiredErrors });
      if (parseCount > 0)
        errors.push({ code: 'INGEST-1401-400', description: 'Row is corrupted and cannot be read, please fix and resend.', recordCount: parseCount });
    } else {
      errors.push({
        code: 'INGEST-1211-400',
        description:
          'Encountered errors while parsing, converting or otherwise validating the data. Please resend the data with error diagnostics enabled to collect additional information on failure types.',
      });
    }
  }
  if (failedCount > 0 && (failedCount / Math.max(input, 1)) * 100 > threshold(batch)) {
    fail(errors, baseMetrics);
    return;
  }

  if (profileEnabled(ctx, sandbox, dataset) && ok > 0) await promoteToProfile(ctx, sandbox, batchId, datasetId, schemaId, output.file, cancelled, slicer);
  if (cancelled()) throw new ProcessingCancelled();

  const finished = ctx.db
    .transaction((): boolean => {
      if (!stillProcessing(ctx, sandbox, batchId)) return false;
      if (ok > 0) {
        const fileId = hexId();
        ctx.docs.put(
          sandbox,
          'datasetFile',
          fileId,
          {
            dataSetFileId: fileId,
            dataSetViewId: String(dataset.viewId ?? datasetId),
            version: '1.0.0',
            created: String(Date.now()),
            updated: String(Date.now()),
            records: String(ok),
            size: String(output.bytes),
            isValid: true,
            name: path.basename(output.file),
            batchId,
          },
          batchId,
        );
      }
      updateBatch(ctx.docs, sandbox, batchId, (b) => {
        b.status = 'success';
        b.completed = Date.now();
        b.errors = errors;
        b.metrics = { ...baseMetrics, outputRecordCount: ok, outputByteSize: output.bytes, outputFileCount: ok > 0 ? 1 : 0, partitionCount: ok > 0 ? 1 : 0 };
        b.recordCount = ok;
        b.failedRecordCount = failedCount;
        b.size = output.bytes;
      });
      markDataset(ctx, sandbox, datasetId, batchId, 'success');
      return true;
    })
    .immediate();
  if (!finished) discardPartialResults(ctx, sandbox, batchId);
}

/** The inbound record as JSON for the failed-record file: Parquet's bigints as numbers, Dates as ISO text. */
function toJson(value: unknown): JsonValue {
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v))) as JsonValue;
}

function markDataset(ctx: ProcessingContext, sandbox: string, datasetId: string, batchId: string, status: 'success' | 'failed'): void {
  const ds = ctx.docs.get<JsonObject>(sandbox, 'dataset', datasetId);
  if (!ds) return;
  ds.lastBatchId = batchId;
  ds.lastBatchStatus = status;
  // A dataset is a DRAFT until data lands in it (the guides show DRAFT datasets, live ones ACTIVE).
  if (status === 'success') {
    ds.lastSuccessfulBatch = batchId;
    ds.state = 'ACTIVE';
  } else ds.lastFailedBatch = batchId;
  ctx.docs.put(sandbox, 'dataset', datasetId, ds);
}

/** Feeds a successful batch's output records to the Profile store, in transactions of `PROFILE_TRANSACTION_RECORDS`. */
async function promoteToProfile(
  ctx: ProcessingContext,
  sandbox: string,
  batchId: string,
  datasetId: string,
  schemaId: string,
  file: string,
  cancelled: () => boolean,
  slicer: TimeSlicer,
): Promise<void> {
  const schema = ctx.registry.findSchema(sandbox, schemaId);
  const isEvent = schema?.['meta:class'] === EVENT_CLASS;
  const fields = ctx.registry.identityFields(sandbox, schemaId);
  const known = knownNamespaceCodes(ctx.docs, sandbox);
  let pending: ProfileInput[] = [];
  const flush = (): void => {
    ctx.profiles.add(sandbox, batchId, datasetId, pending);
    pending = [];
  };
  for await (const lines of readLineChunks(file)) {
    for (const line of lines) {
      if (cancelled()) throw new ProcessingCancelled();
      if (line === '') continue;
      pending.push(toProfileInput(JSON.parse(line) as JsonObject, fields, isEvent, known));
      if (pending.length >= PROFILE_TRANSACTION_RECORDS) flush();
      if (slicer.due()) await slicer.yield();
    }
  }
  if (pending.length > 0) flush();
}

/**
 * The Profile form of one converted record (shared with streaming). Identities in a namespace the
 * sandbox does not have (`known`, lower-cased codes) are dropped, as AEP's Identity Service does:
 * a record left with none never reaches Profile.
 */
export function toProfileInput(record: JsonObject, fields: IdentityField[], isEvent: boolean, known: ReadonlySet<string>): ProfileInput {
  const identities = extractIdentities(record, fields).filter((i) => known.has(i.ns.toLowerCase()));
  if (isEvent) {
    const ts = typeof record.timestamp === 'string' ? Date.parse(record.timestamp) : Date.now();
    const input: ProfileInput = { kind: 'event', identities, record, timestamp: Number.isNaN(ts) ? Date.now() : ts };
    if (typeof record._id === 'string') input.eventId = record._id;
    return input;
  }
  // The record's members but `_id`, in order (as spreading then deleting gives, but without `delete`,
  // which leaves a slow dictionary-mode object for `JSON.stringify`), with the identityMap Profile keeps.
  // (A `__proto__` member, which assignment would not copy as a member, takes the spread.)
  let attrs: JsonObject;
  if (Object.hasOwn(record, '__proto__')) {
    attrs = { ...record };
    delete attrs.identityMap;
    delete attrs._id;
  } else {
    attrs = {};
    for (const key of Object.keys(record)) if (key !== 'identityMap' && key !== '_id') attrs[key] = record[key] as JsonValue;
  }
  if (identities.length > 0) attrs.identityMap = profileIdentityMap(record, identities);
  return { kind: 'profile', identities, record: attrs };
}
