/**
 * Catalog batch routes (`/data/foundation/catalog/batches`, `/lastBatches`): list, look up, the unique
 * values of a field, and Catalog's low-level create, replace, patch and delete.
 *
 * Clients normally create and finish batches through Batch Ingestion; Catalog's own writes only record
 * objects (a batch created here is never processed), as the spec describes them: writes answer
 * `["@/batches/{id}"]`, reads are keyed by id. DELETE removes the batch and what it brought (its files,
 * its Profile fragments), the "delete" the deprecated endpoint did before REVERT replaced it.
 */
import path from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { batchDataset, newBatchDocument, updateBatch } from '../batches';
import { callerOf } from '../caller';
import type { SandboxContext } from '../context';
import { ApiError } from '../http/errors';
import { sandboxIdOf, ulid } from '../ids';
import { isJsonObject, type JsonObject, type JsonValue } from '../json';
import { applyJsonPatch, JsonPatchError } from '../json-patch';
import { FileArea } from '../store/file-area';
import { applyCatalogQuery, CATALOG_LIST_QUERY, catalogFilters, orderRows, parseLimit, projectProperties, type Query } from './catalog-query';

/** What a client may set on a Catalog batch (spec `batchRequest` / `batchPatchRequest`); the rest is Catalog's. */
const WRITABLE = [
  'externalId',
  'status',
  'started',
  'completed',
  'replay',
  'relatedObjects',
  'metrics',
  'errors',
  'tags',
  'inputFormat',
  'recordCount',
  'failedRecordCount',
  'size',
  'availableDates',
];

/** A new batch record; which dataset it names is checked by the route. */
const CREATE_BODY = { type: 'object', description: 'a batch object' } as const;
/** PUT and PATCH take the batch's writable fields, or RFC 6902 operations. */
const CHANGE_BODY = { type: ['object', 'array'], description: 'a batch object or a JSON Patch array' } as const;

const SUCCESS = new Set(['success', 'active']);
const FAILED = new Set(['failed', 'failure']);

function bad(message: string): ApiError {
  return new ApiError(400, '400', 'Bad Request', message);
}

function batchNotFound(id: string): ApiError {
  return new ApiError(404, '404', 'Not Found', `Batch ${id} was not found`);
}

/** The client's writable fields of a batch body. */
function writableFields(body: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const k of WRITABLE) if (body[k] !== undefined) out[k] = body[k] as JsonValue;
  return out;
}

export function registerCatalogBatchRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const { docs } = ctx;

  /** `dataSet=` keeps the batches related to one of the listed datasets. */
  const datasetFilter = (q: Query): Array<(o: JsonObject) => boolean> => {
    const ds = q.dataSet;
    const ids = (Array.isArray(ds) ? ds : ds ? [ds] : []).flatMap((v) => v.split(',')).filter((v) => v !== '');
    return ids.length === 0 ? [] : [(o) => ids.includes(batchDataset(o))];
  };
  const batchFilter = (q: Query): Array<(o: JsonObject) => boolean> => {
    const b = q.batch;
    const ids = (Array.isArray(b) ? b : b ? [b] : []).flatMap((v) => v.split(','));
    return ids.length === 0 ? [] : [(o) => ids.includes(String(o.id))];
  };

  app.get<{ Querystring: Query }>('/batches', { schema: { querystring: CATALOG_LIST_QUERY } }, async (req) =>
    applyCatalogQuery(docs.entries<JsonObject>(req.sandboxName, 'batch'), req.query, [...datasetFilter(req.query), ...batchFilter(req.query)]),
  );

  app.get<{ Params: { field: string }; Querystring: Query }>('/batches/uniques/:field', { schema: { querystring: CATALOG_LIST_QUERY } }, async (req) => {
    const filters = [...catalogFilters(req.query), ...datasetFilter(req.query), ...batchFilter(req.query)];
    const rows = orderRows(
      docs.entries<JsonObject>(req.sandboxName, 'batch').filter(([, o]) => filters.every((f) => f(o))),
      req.query,
    );
    const values = new Set<string>();
    for (const [, o] of rows) {
      const v = o[req.params.field];
      if (v === undefined || v === null) continue;
      for (const x of Array.isArray(v) ? v : [v]) values.add(typeof x === 'object' ? JSON.stringify(x) : String(x));
    }
    return [...values].slice(0, parseLimit(req.query));
  });

  app.get<{ Params: { id: string }; Querystring: Query }>('/batches/:id', async (req) => {
    const b = docs.get<JsonObject>(req.sandboxName, 'batch', req.params.id);
    if (!b) throw batchNotFound(req.params.id);
    return { [req.params.id]: projectProperties(b, req.query) };
  });

  /** Creates a Catalog batch record (never processed: Batch Ingestion creates the batches that are). */
  const create = (req: FastifyRequest<{ Body: JsonObject }>, id: string): string[] => {
    const body = req.body;
    if (docs.get(req.sandboxName, 'batch', id)) throw bad(`Batch ${id} already exists`);
    const fields = writableFields(body);
    const related = Array.isArray(fields.relatedObjects) ? fields.relatedObjects.filter(isJsonObject) : [];
    const datasetId = typeof body.datasetId === 'string' ? body.datasetId : String(related.find((r) => r.type === 'dataSet')?.id ?? '');
    if (datasetId !== '' && !docs.get(req.sandboxName, 'dataset', datasetId)) throw bad(`Dataset ${datasetId} was not found`);
    const inputFormat = isJsonObject(fields.inputFormat) ? fields.inputFormat : { format: 'json' };
    const batch = newBatchDocument(
      ctx.credentials.orgId,
      req.sandboxName,
      id,
      { datasetId, status: typeof fields.status === 'string' ? fields.status : 'loading', inputFormat },
      callerOf(req),
    );
    const doc: JsonObject = { ...batch, ...fields, id, inputFormat };
    if (related.length > 0 || datasetId === '') doc.relatedObjects = related.length > 0 ? related : [];
    docs.put(req.sandboxName, 'batch', id, doc);
    return [`@/batches/${id}`];
  };

  app.post<{ Body: JsonObject }>('/batches', { schema: { body: CREATE_BODY } }, async (req, reply) => {
    const [ref = ''] = create(req, ulid());
    return reply
      .code(201)
      .header('location', `${app.prefix}${ref.slice(1)}`)
      .send([ref]);
  });

  app.post<{ Params: { id: string }; Body: JsonObject }>('/batches/:id', { schema: { body: CREATE_BODY } }, async (req, reply) => {
    const [ref = ''] = create(req, req.params.id);
    return reply
      .code(201)
      .header('location', `${app.prefix}${ref.slice(1)}`)
      .send([ref]);
  });

  /** Replaces (PUT) or merges (PATCH, partial object or JSON Patch) a batch's writable fields. */
  type ChangeRoute = { Params: { id: string }; Body: JsonObject | JsonValue[] };
  const change = (req: FastifyRequest<ChangeRoute>, replace: boolean): string[] => {
    const sandbox = req.sandboxName;
    const id = req.params.id;
    if (!docs.get(sandbox, 'batch', id)) throw batchNotFound(id);
    const body = req.body;
    const user = callerOf(req).user;
    let problem: string | undefined;
    updateBatch(docs, sandbox, id, (b) => {
      let next: JsonObject;
      if (Array.isArray(body) || (req.headers['content-type'] ?? '').includes('json-patch')) {
        try {
          next = applyJsonPatch(b, (body ?? null) as JsonValue);
        } catch (e) {
          if (!(e instanceof JsonPatchError)) throw e;
          problem = e.message;
          return;
        }
      } else {
        next = { ...b };
        if (replace) for (const k of WRITABLE) delete next[k];
        Object.assign(next, writableFields(body));
      }
      for (const k of Object.keys(b)) delete b[k];
      Object.assign(b, next, { id, imsOrg: b.imsOrg ?? next.imsOrg, updatedUser: user });
    });
    if (problem) throw bad(problem);
    return [`@/batches/${id}`];
  };

  app.put<ChangeRoute>('/batches/:id', { schema: { body: CHANGE_BODY } }, async (req) => change(req, true));
  app.patch<ChangeRoute>('/batches/:id', { schema: { body: CHANGE_BODY } }, async (req) => change(req, false));

  app.delete<{ Params: { id: string } }>('/batches/:id', async (req) => {
    const sandbox = req.sandboxName;
    const id = req.params.id;
    if (!docs.get(sandbox, 'batch', id)) throw batchNotFound(id);
    ctx.queue.cancel(sandbox, id);
    ctx.profiles.revertBatch(sandbox, id);
    for (const kind of ['datasetFile', 'upload'] as const) for (const [docId] of docs.entries(sandbox, kind, id)) docs.delete(sandbox, kind, docId);
    docs.delete(sandbox, 'batch', id);
    FileArea.remove(path.dirname(ctx.files.outputDir(sandbox, id)));
    return [`@/batches/${id}`];
  });

  app.get<{ Querystring: Query }>('/lastBatches', { schema: { querystring: CATALOG_LIST_QUERY } }, async (req) => {
    const sandbox = req.sandboxName;
    const wanted = (Array.isArray(req.query.dataSetId) ? req.query.dataSetId : req.query.dataSetId ? [req.query.dataSetId] : [])
      .flatMap((v) => v.split(','))
      .filter((v) => v !== '');
    const byDataset = new Map<string, JsonObject[]>();
    for (const b of docs.list<JsonObject>(sandbox, 'batch')) {
      const ds = batchDataset(b);
      if (ds === '' || (wanted.length > 0 && !wanted.includes(ds))) continue;
      byDataset.set(ds, [...(byDataset.get(ds) ?? []), b]);
    }
    const rows: Array<[string, JsonObject]> = [];
    for (const [ds, batches] of byDataset) {
      const newest = (keep: (b: JsonObject) => boolean): JsonObject | undefined =>
        batches.filter(keep).reduce<JsonObject | undefined>((a, b) => (a === undefined || Number(b.created) >= Number(a.created) ? b : a), undefined);
      const last = newest(() => true);
      if (!last) continue;
      const entry: JsonObject = {
        lastBatchId: String(last.id),
        lastBatchStatus: String(last.status),
        imsOrg: ctx.credentials.orgId,
        sandboxId: sandboxIdOf(sandbox),
        created: Number(last.created),
        updated: Number(last.updated),
      };
      const ok = newest((b) => SUCCESS.has(String(b.status)));
      const failed = newest((b) => FAILED.has(String(b.status)));
      if (ok) entry.lastSuccessfulBatchId = String(ok.id);
      if (failed) entry.lastFailedBatchId = String(failed.id);
      rows.push([ds, entry]);
    }
    return applyCatalogQuery(rows, req.query);
  });
}
