import { AppError } from '../../../../src-shared/domain/errors';
import { CHUNK_MAX_BYTES, DEFAULT_CHUNK_BYTES, SINGLE_PUT_MAX_BYTES } from '../../platform/batch-ingestion';
import type { UploadPart } from './upload-types';

/**
 * How an upload is cut: parts into batches (AEP's limits), each part into a PUT or chunks.
 * Why decided once and journaled: chunk boundaries must not move between a run and its resume
 * (AEP stitches chunks at COMPLETE and answers 400 on overlaps), and a part must stay in the
 * batch it was first sent to.
 */

/** AEP's per-batch limits (aep-notes §2.6): 1500 files, 100 GB (decimal, the stricter reading). */
export const MAX_FILES_PER_BATCH = 1500;
export const MAX_BYTES_PER_BATCH = 100 * 1000 ** 3;

export interface PlannedPart extends UploadPart {
  /** Index of the batch (group) the part goes to. */
  group: number;
  /** 0 for a single PUT; else the chunk size of its large-file upload. */
  chunkBytes: number;
}

export interface UploadPlan {
  parts: PlannedPart[];
  groups: number;
}

export interface PlanOptions {
  chunkBytes?: number;
  singlePutMaxBytes?: number;
  maxFilesPerBatch?: number;
  maxBytesPerBatch?: number;
}

export function planUpload(parts: readonly UploadPart[], options: PlanOptions = {}): UploadPlan {
  const putMax = Math.min(options.singlePutMaxBytes ?? SINGLE_PUT_MAX_BYTES, SINGLE_PUT_MAX_BYTES);
  const chunk = Math.min(options.chunkBytes ?? DEFAULT_CHUNK_BYTES, CHUNK_MAX_BYTES);
  if (!(chunk > 0)) throw new AppError('INVALID_INPUT', 'The chunk size must be positive.');
  const maxFiles = options.maxFilesPerBatch ?? MAX_FILES_PER_BATCH;
  const maxBytes = options.maxBytesPerBatch ?? MAX_BYTES_PER_BATCH;
  const planned: PlannedPart[] = [];
  let group = 0;
  let files = 0;
  let bytes = 0;
  for (const part of parts) {
    if (part.bytes > maxBytes) {
      throw new AppError('INVALID_INPUT', `${part.name} is ${part.bytes} bytes, more than one batch may hold (${maxBytes}); prepare it into smaller parts.`, {
        file: part.path,
      });
    }
    // Greedy in order: parts keep their order, and a batch closes when the next part would break a limit.
    if (files > 0 && (files + 1 > maxFiles || bytes + part.bytes > maxBytes)) {
      group += 1;
      files = 0;
      bytes = 0;
    }
    files += 1;
    bytes += part.bytes;
    planned.push({ ...part, group, chunkBytes: part.bytes <= putMax ? 0 : chunk });
  }
  return { parts: planned, groups: planned.length === 0 ? 0 : group + 1 };
}

/** The half-open byte ranges of a part's chunks. */
export function chunkRanges(bytes: number, chunkBytes: number): Array<{ start: number; end: number }> {
  const ranges: Array<{ start: number; end: number }> = [];
  for (let start = 0; start < bytes; start += chunkBytes) ranges.push({ start, end: Math.min(start + chunkBytes, bytes) });
  return ranges;
}
