import { stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError, isAppError } from '../../../../src-shared/domain/errors';
import type { MappingFile } from '../../../../src-shared/mapping/mapping-types';
import type { XdmIssue } from '../../../../src-shared/xdm/issue-kinds';
import type { XdmSchemaNode } from '../../../../src-shared/xdm/xdm-schema-node';
import { makeIssue } from '../../../../src-shared/xdm/issue-kinds';
import { buildFieldTree } from '../../../../src-shared/xdm/field-tree';
import { inspectFile, openRowBatches } from '../../sources/index';
import type { RangeEnd, RowReaderOptions, RowSource, SourceItem } from '../../sources/index';
import type { TextRange } from '../../sources/text-stream';
import { compileMapping } from '../../mapping/compile-mapping';
import { compileRecordValidator } from '../../xdm/record-validator';
import { compileFastPath } from './fast-record-builder';
import type { FastPathCompiled } from './fast-record-builder';
import type { FastDeclineKind } from './fast-path-types';
import { emptyFastPathStats } from './fast-path-types';
import { throttleProgress } from '../progress-throttle';
import { IssueTally } from './issue-tally';
import { JsonLinesPartWriter } from './part-writer';
import { ParquetPartWriter } from './parquet-part-writer';
import { schemaForDestinations } from './parquet-schema';
import { compileLeafShaper } from './parquet-values';
import type { PartWriter } from './part-writer';
import type { PrepareOptions, PreparePart, PrepareProgress, PrepareStatus, PrepareSummary } from './prepare-types';
import { RejectsWriter, ROW_LIST_FILES } from './rejects-writer';
import { startOutputFolder, writeSummary } from './write-summary';
import { writeFailure } from '../../files/write-failure';

export const DEFAULT_PART_BYTES = 256 * 1024 * 1024;

/** The fields a mapping can write, as a schema: what the Parquet parts have columns for. */
function parquetSchemaOf(schema: XdmSchemaNode, mapping: MappingFile): XdmSchemaNode {
  return schemaForDestinations(
    schema,
    mapping.rules.map((r) => r.destination),
    mapping.identities.length > 0,
  );
}

/** A record with no field at all: the mapping matched nothing in its row. */
function isEmptyRecord(record: Record<string, unknown>): boolean {
  for (const key in record) if (Object.hasOwn(record, key)) return false;
  return true;
}

export interface RunPrepareHooks {
  signal?: AbortSignal;
  /** Called about ten times a second at most, and once at the end. */
  onProgress?: (progress: PrepareProgress) => void;
  /** Source columns when the caller corrected the inspection (delimiter, header). */
  columns?: readonly string[];
  /**
   * CSV/TSV only: prepare one byte range of the file (one thread of a job split over threads;
   * see parallel-prepare.ts). Row and line numbers are then counted from the range's start.
   */
  range?: TextRange;
  /** With `range`: where the read ended, reported before the summary is returned. */
  onRangeEnd?: (end: RangeEnd) => void;
}

/**
 * The prepare pipeline, in-process: read → map → validate → write parts and rejects.
 * Why streaming in batches: rows flow a chunk's worth at a time from the reader to the part
 * files, and a write waits when the disk is behind, so memory holds a chunk and a batch of rows
 * whatever the file size. A bad row (malformed, ragged, failing the schema) is a reject, never
 * a stop; a file that cannot be read at all (missing, binary, bad mapping) throws before any
 * output is created. A write that fails (a full disk) stops the job and throws FILE_UNWRITABLE
 * naming the file: the folder is then left without a summary, so nothing marks it complete.
 */
export async function runPrepare(options: PrepareOptions, hooks: RunPrepareHooks = {}): Promise<PrepareSummary> {
  const started = Date.now();
  // A mapping that writes nothing would turn every row into `{}`, counted as written.
  if (options.mapping.rules.length === 0 && options.mapping.identities.length === 0)
    throw new AppError('INVALID_INPUT', 'The mapping has no rules and no identities: every record would be empty. Map at least one column.', {
      field: 'mapping.rules',
    });
  let totalBytes: number;
  try {
    const st = await stat(options.inputPath);
    if (!st.isFile()) throw new Error('not a regular file');
    totalBytes = st.size;
  } catch (e) {
    throw new AppError('FILE_UNREADABLE', `Cannot read ${options.inputPath}: ${(e as Error).message}`, { file: options.inputPath });
  }
  // Inspection is skipped when the caller already settled the facts (the user accepted or
  // corrected them on the Prepare screen): a second opinion must not overrule them.
  const inspection =
    options.source && hooks.columns
      ? undefined
      : await inspectFile(options.inputPath, { maxRows: 1, ...(options.encoding ? { encoding: options.encoding } : {}) });
  const source: RowSource = options.source ?? (inspection as RowSource);
  const isDelimited = source.format === 'csv' || source.format === 'tsv';
  const columns = hooks.columns ?? inspection?.columns.map((c) => c.name) ?? [];
  const totalRows = inspection?.totalRows ?? null;
  const tree = buildFieldTree(options.schema, options.descriptors ?? []);
  const mapper = compileMapping(options.mapping, { columns: isDelimited ? columns : undefined, tree });
  const emptyIdentity = options.emptyIdentity ?? 'flag';
  const validator = compileRecordValidator(options.schema, { dataPrepBooleans: true, descriptors: options.descriptors ?? [], emptyIdentity });
  // Clean CSV rows take the fused path; any row it declines takes the general one, which reports why.
  const compiled: FastPathCompiled = isDelimited
    ? compileFastPath({
        mapping: options.mapping,
        schema: options.schema,
        columns,
        descriptors: options.descriptors ?? [],
        checksEmptyIdentity: true,
        convert: { dataPrepBooleans: true },
        // Parquet parts take the fast path's records with their leaves shaped as they are set.
        ...(options.format === 'parquet' ? { shapeLeaf: compileLeafShaper } : {}),
      })
    : { ok: false, reason: 'source-not-delimited', detail: `a ${source.format} source` };
  const fast = compiled.ok ? compiled.builder : undefined;
  const fastPath = emptyFastPathStats();
  const declined = (reason: FastDeclineKind): void => {
    fastPath.declinedRows++;
    fastPath.reasons[reason] = (fastPath.reasons[reason] ?? 0) + 1;
  };
  /** Why every row of the file is declined, when it is. */
  const fileDecline = compiled.ok ? undefined : compiled.reason;

  await startOutputFolder(options.outDir);
  const format = options.format ?? 'json';
  const target = options.targetPartBytes ?? DEFAULT_PART_BYTES;
  const parts: PartWriter =
    format === 'parquet'
      ? new ParquetPartWriter(options.outDir, target, parquetSchemaOf(options.schema, options.mapping))
      : new JsonLinesPartWriter(options.outDir, target);
  const jsonParts = parts instanceof JsonLinesPartWriter ? parts : undefined;
  const listedColumns = isDelimited ? columns : ['_record'];
  const rejects = new RejectsWriter(path.join(options.outDir, ROW_LIST_FILES.rejects), listedColumns);
  // The rows written with warnings, listed like the rejects so the steward can browse them too.
  const warnings = new RejectsWriter(path.join(options.outDir, ROW_LIST_FILES.warnings), listedColumns, false, 'warnings');
  const tally = new IssueTally();
  const maxListed = options.maxRejectsListed ?? Number.POSITIVE_INFINITY;

  const progress: PrepareProgress = { rowsRead: 0, rowsWritten: 0, rowsRejected: 0, bytesRead: 0, totalBytes };
  const throttle = throttleProgress<PrepareProgress>((p) => hooks.onProgress?.({ ...p }));
  let rowsWithWarnings = 0;
  /** Rows whose identities are all empty (flagged or rejected), and records the mapping left empty. */
  let rowsWithoutIdentity = 0;
  let rowsEmpty = 0;
  let status: PrepareStatus = 'completed';
  let reason: string | undefined;
  let writeFailed: AppError | undefined;

  /** A row's cells as listed: a record under `_record`, and a malformed row's source text under the first column. */
  const listedCells = (row: SourceItem): readonly unknown[] => (row.kind === 'cells' ? row.cells : row.kind === 'record' ? [row.record] : [row.raw]);
  const reject = async (row: SourceItem, issues: readonly XdmIssue[]): Promise<void> => {
    progress.rowsRejected++;
    tally.add(issues);
    if (progress.rowsRejected > maxListed) return;
    await rejects.write(row.rowNumber, row.line, issues, listedCells(row));
  };
  const columnCount = columns.length;

  try {
    // Rows arrive a batch per chunk read; within a batch the loop is synchronous unless a write
    // has to wait for the disk, so a row costs its own work and no promise.
    const readerOptions: RowReaderOptions = {};
    if (hooks.signal) readerOptions.signal = hooks.signal;
    if (hooks.range) readerOptions.range = { ...hooks.range, onEnd: (end) => hooks.onRangeEnd?.(end) };
    for await (const batch of openRowBatches(options.inputPath, source, readerOptions)) {
      for (const row of batch.items) {
        progress.rowsRead++;
        if (row.kind === 'malformed') {
          // The line is in the rejects file's _line column, counted from the top of the file.
          await reject(row, [makeIssue('malformed-row', '', row.message)]);
          continue;
        }
        if (row.kind === 'cells' && row.cells.length !== columnCount) {
          await reject(row, [makeIssue('malformed-row', '', `row has ${row.cells.length} cells but the header has ${columnCount} columns`)]);
          continue;
        }
        if (fast !== undefined && row.kind === 'cells') {
          // JSON parts take the line straight from the template, encoded into the part's buffer;
          // Parquet parts need the record.
          if (jsonParts !== undefined) {
            const line = fast.prepareLine(row.cells);
            if (line.kind !== 'declined') {
              if (line.kind === 'text' && line.json === '{}') rowsEmpty++;
              const pending = line.kind === 'template' ? jsonParts.writeEncoded(line.maxBytes, fast.encodeLine, fast.lineText) : jsonParts.writeJson(line.json);
              if (pending !== undefined) await pending;
              progress.rowsWritten++;
              fastPath.rows++;
              continue;
            }
            declined(line.reason);
          } else {
            const built = fast.record(row.cells);
            if (built.kind === 'record') {
              if (isEmptyRecord(built.record)) rowsEmpty++;
              const pending = parts.write(built.record);
              if (pending !== undefined) await pending;
              progress.rowsWritten++;
              fastPath.rows++;
              continue;
            }
            declined(built.reason);
          }
        } else if (fileDecline !== undefined) declined(fileDecline);
        const mapped = mapper.map(row.kind === 'cells' ? { cells: row.cells } : { record: row.record });
        const verdict = validator.validate(mapped.record);
        const issues = mapped.issues.length > 0 ? [...mapped.issues, ...verdict.issues] : verdict.issues;
        if (issues.length > 0 && issues.some((i) => i.kind === 'identity-missing')) rowsWithoutIdentity++;
        if (mapped.issues.length === 0 && verdict.accepted) {
          if (issues.length > 0) {
            tally.add(issues);
            rowsWithWarnings++;
            if (rowsWithWarnings <= maxListed) await warnings.write(row.rowNumber, row.line, issues, listedCells(row));
          }
          if (isEmptyRecord(verdict.record)) rowsEmpty++;
          const pending = parts.write(verdict.record);
          if (pending !== undefined) await pending;
          progress.rowsWritten++;
        } else {
          await reject(row, issues);
        }
      }
      if (batch.bytesRead !== null) progress.bytesRead = batch.bytesRead;
      else if (totalRows) progress.bytesRead = Math.round((totalBytes * progress.rowsRead) / totalRows);
      throttle.offer(progress);
    }
  } catch (e) {
    if (isAppError(e) && e.code === 'CANCELLED') {
      status = 'cancelled';
      reason = 'cancelled by the user; outputs are partial';
    } else if (isAppError(e) && e.code === 'FILE_UNWRITABLE') {
      writeFailed = e;
    } else {
      status = 'failed';
      reason = `reading stopped after row ${progress.rowsRead}: ${(e as Error).message}`;
    }
  }

  let written: PreparePart[] = [];
  if (writeFailed === undefined) {
    try {
      written = await parts.close(status === 'completed');
      await rejects.close();
      await warnings.close();
    } catch (e) {
      writeFailed = writeFailure(e, options.outDir);
    }
  }
  if (writeFailed !== undefined) {
    await Promise.all([parts.abandon(), rejects.abandon(), warnings.abandon()]);
    throw writeFailed;
  }
  if (status === 'completed') progress.bytesRead = totalBytes;
  throttle.flush();
  hooks.onProgress?.({ ...progress });

  return writeSummary(options.outDir, {
    status,
    reason,
    ...progress,
    rowsWithWarnings,
    rowsWithoutIdentity,
    rowsEmpty,
    emptyIdentity,
    parts: written,
    format,
    rejectsFile: ROW_LIST_FILES.rejects,
    warningsFile: ROW_LIST_FILES.warnings,
    issuesByField: tally.byField,
    issuesByKind: tally.byKind,
    fastPath,
    startedAt: started,
  });
}
