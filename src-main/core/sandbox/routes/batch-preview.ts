/**
 * Batch Ingestion preview (`GET /batches/{batchId}/datasets/{datasetId}/preview`): the first rows of
 * what a batch has received so far, read with the format the query names (`format` is required).
 *
 * The spec's `Row` is an object of strings and its `Column` a `{cid, name}`: columns are the records'
 * top-level fields in the order first met, values are text (objects and arrays as their JSON). At most
 * `nrow` rows, 100 when `nrow` is 0 or absent (Adobe documents no default; aepp asks for fewer than 10).
 */
import type { FastifyInstance } from 'fastify';
import { batchDataset } from '../batches';
import type { SandboxContext } from '../context';
import { ApiError } from '../http/errors';
import { anyCase } from '../http/schema-parts';
import type { JsonObject } from '../json';
import { readRecordChunks, UnreadableFileError, type InputFormat } from '../processing/record-readers';

const MAX_ROWS = 100;
const FORMATS = ['json', 'parquet', 'csv'];
/** The schema of a format a batch's files are read as, in any letter case (`inputFormat.format`, the preview's `format`). */
export const BATCH_FORMAT = { type: 'string', pattern: anyCase(FORMATS), description: `one of ${FORMATS.join(', ')}` };

/** The route schema of the query: a format it reads, in any letter case, and a row count. */
const PREVIEW_QUERY = {
  type: 'object',
  required: ['format'],
  properties: {
    format: BATCH_FORMAT,
    nrow: { type: 'string', pattern: '^[0-9]*$', description: 'an integer from 0' },
  },
};

interface PreviewQuery {
  format: string;
  isMultiLineJson?: string;
  delimiter?: string;
  quote?: string;
  escape?: string;
  charset?: string;
  header?: string;
  nrow?: string;
}

function bad(message: string): ApiError {
  return new ApiError(400, '400', 'Bad Request', message);
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v));
}

export function registerBatchPreviewRoute(app: FastifyInstance, ctx: SandboxContext): void {
  app.get<{ Params: { batchId: string; datasetId: string }; Querystring: PreviewQuery }>(
    '/batches/:batchId/datasets/:datasetId/preview',
    { schema: { querystring: PREVIEW_QUERY } },
    async (req) => {
      const q = req.query;
      const sandbox = req.sandboxName;
      const batch = ctx.docs.get<JsonObject>(sandbox, 'batch', req.params.batchId);
      if (!batch) throw new ApiError(404, '404', 'Not Found', `Batch ${req.params.batchId} was not found`);
      if (batchDataset(batch) !== req.params.datasetId)
        throw new ApiError(404, '404', 'Not Found', `Dataset ${req.params.datasetId} is not the dataset of batch ${req.params.batchId}`);
      const format = q.format.toLowerCase();
      const nrow = q.nrow === undefined || q.nrow === '' ? 0 : Number(q.nrow);
      const limit = nrow === 0 ? MAX_ROWS : Math.min(nrow, MAX_ROWS);
      const formatParams = {
        delimiter: q.delimiter ?? ',',
        quote: q.quote ?? '"',
        escape: q.escape ?? '\\',
        charset: q.charset ?? 'UTF-8',
        header: (q.header ?? 'true').toLowerCase() !== 'false',
        format,
      };
      const fmt: InputFormat = {
        format,
        isMultiLineJson: (q.isMultiLineJson ?? '').toLowerCase() === 'true',
        delimiter: formatParams.delimiter,
        quote: formatParams.quote,
        escape: formatParams.escape,
        header: formatParams.header,
      };
      const rows: Array<Record<string, unknown>> = [];
      const uploads = ctx.docs.list<JsonObject>(sandbox, 'upload', req.params.batchId).filter((u) => u.complete === true);
      try {
        reading: for (const upload of uploads) {
          for await (const items of readRecordChunks(ctx.files.uploadPath(sandbox, req.params.batchId, String(upload.name)), fmt)) {
            for (const item of items) {
              if (rows.length >= limit) break reading;
              if ('record' in item) rows.push(item.record as Record<string, unknown>);
            }
          }
        }
      } catch (e) {
        if (e instanceof UnreadableFileError) throw bad(`The files of batch ${req.params.batchId} cannot be read as ${format}: ${e.message}`);
        throw e;
      }
      const names: string[] = [];
      for (const r of rows) for (const k of Object.keys(r)) if (!names.includes(k)) names.push(k);
      return {
        formatParams,
        preview: {
          columns: names.map((name, i) => ({ cid: String(i), name })),
          rows: rows.map((r) => Object.fromEntries(names.filter((n) => r[n] !== undefined && r[n] !== null).map((n) => [n, text(r[n])]))),
        },
      };
    },
  );
}
