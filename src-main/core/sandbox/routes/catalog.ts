/**
 * Catalog routes (`/data/foundation/catalog`): datasets (create, list, get, put, patch, the v2 patch,
 * delete); batches, views and the rest are in `catalog-batches.ts` and `catalog-views.ts`.
 *
 * Reads are objects keyed by id, writes answer `["@/dataSets/{id}"]` (aep-notes §3.1). Dataset
 * PATCH takes a partial object (`application/json`) or RFC 6902 (`application/json-patch+json`),
 * which is how clients enable `unifiedProfile` and `unifiedIdentity`; the v2 PATCH merges nested
 * objects, creating the missing ones.
 */
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context';
import { callerOf } from '../caller';
import { bumpVersion, newDatasetDocument, schemaIdOf, servedDataset } from '../datasets';
import { ApiError } from '../http/errors';
import { hexId } from '../ids';
import { isJsonObject, type JsonObject, type JsonValue } from '../json';
import { applyJsonPatch, JsonPatchError } from '../json-patch';
import { registerCatalogBatchRoutes } from './catalog-batches';
import { applyCatalogQuery, CATALOG_LIST_QUERY, type Query } from './catalog-query';
import { registerCatalogViewRoutes } from './catalog-views';

const WRITABLE = ['name', 'description', 'tags', 'enableErrorDiagnostics', 'fileDescription', 'schemaRef', 'observableSchema', 'extensions'];
/** What no PATCH may change: Catalog's own bookkeeping (the v2 PATCH takes any other attribute). */
const READ_ONLY = ['imsOrg', 'sandboxId', 'version', 'created', 'updated', 'createdClient', 'createdUser', 'updatedUser', 'viewId', 'files', 'basePath'];

/** A new dataset: a name that is not blank and a schema reference (that the schema exists is checked by the route). */
const CREATE_BODY = {
  type: 'object',
  description: 'a dataset object',
  required: ['name', 'schemaRef'],
  properties: {
    name: { type: 'string', pattern: '\\S', description: 'a name that is not blank' },
    schemaRef: { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1 } } },
  },
} as const;

/** PUT and PATCH take the dataset's attributes, or RFC 6902 operations. */
const UPDATE_BODY = { type: ['object', 'array'], description: 'an object or a JSON Patch array' } as const;

/** The v2 PATCH merges any attribute but Catalog's own bookkeeping. */
const V2_PATCH_BODY = {
  type: 'object',
  description: 'an object of the attributes to change',
  properties: Object.fromEntries(READ_ONLY.map((k) => [k, false])),
};

/** Merges `patch` into `target`, object by object, creating the objects the path needs (v2 PATCH). */
function deepMerge(target: JsonObject, patch: JsonObject): JsonObject {
  const out: JsonObject = { ...target };
  for (const [k, v] of Object.entries(patch)) {
    const current = out[k];
    out[k] = isJsonObject(v) && isJsonObject(current) ? deepMerge(current, v) : v;
  }
  return out;
}

function datasetNotFound(id: string): ApiError {
  return new ApiError(404, '404', 'Not Found', `Dataset ${id} was not found`);
}

export function registerCatalogRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const { docs } = ctx;

  const checkSchemaRef = (sandbox: string, body: JsonObject): void => {
    const schemaId = schemaIdOf(body);
    if (!schemaId) throw new ApiError(400, '400', 'Bad Request', 'schemaRef.id is required');
    if (!ctx.registry.findSchema(sandbox, schemaId)) throw new ApiError(400, '400', 'Bad Request', `Schema ${schemaId} was not found in sandbox ${sandbox}`);
  };

  app.post<{ Body: JsonObject & { name: string } }>('/dataSets', { schema: { body: CREATE_BODY } }, async (req, reply) => {
    const body = req.body;
    checkSchemaRef(req.sandboxName, body);
    const id = hexId();
    const input = {
      name: body.name,
      schemaRef: body.schemaRef as JsonValue,
      ...(typeof body.description === 'string' ? { description: body.description } : {}),
      ...(isJsonObject(body.tags) ? { tags: body.tags } : {}),
      ...(typeof body.enableErrorDiagnostics === 'boolean' ? { enableErrorDiagnostics: body.enableErrorDiagnostics } : {}),
      ...(isJsonObject(body.fileDescription) ? { fileDescription: body.fileDescription } : {}),
      ...(isJsonObject(body.extensions) ? { extensions: body.extensions } : {}),
    };
    const dataset = newDatasetDocument(ctx, req.sandboxName, id, input, callerOf(req));
    docs.put(req.sandboxName, 'dataset', id, dataset);
    return reply
      .code(201)
      .header('location', `${app.prefix}/dataSets/${id}`)
      .send([`@/dataSets/${id}`]);
  });

  const served = (sandbox: string): Array<[string, JsonObject]> =>
    docs.entries<JsonObject>(sandbox, 'dataset').map(([id, ds]) => [id, servedDataset(ctx, sandbox, ds)]);

  app.get<{ Querystring: Query }>('/dataSets', { schema: { querystring: CATALOG_LIST_QUERY } }, async (req) =>
    applyCatalogQuery(served(req.sandboxName), req.query),
  );

  app.get<{ Params: { id: string }; Querystring: Query }>('/dataSets/:id', async (req) => {
    const ds = docs.get<JsonObject>(req.sandboxName, 'dataset', req.params.id);
    if (!ds) throw datasetNotFound(req.params.id);
    return applyCatalogQuery([[req.params.id, servedDataset(ctx, req.sandboxName, ds)]], { properties: req.query.properties });
  });

  /** Writes a changed dataset: a new schema must exist; `version` and `updated` move on. */
  const save = (sandbox: string, id: string, before: JsonObject, next: JsonObject, updatedUser: string): string[] => {
    if (schemaIdOf(next) !== schemaIdOf(before)) checkSchemaRef(sandbox, next);
    next.version = bumpVersion(before.version);
    next.updated = Date.now();
    next.updatedUser = updatedUser;
    docs.put(sandbox, 'dataset', id, next);
    return [`@/dataSets/${id}`];
  };

  const update = (
    sandbox: string,
    id: string,
    body: JsonObject | JsonValue[],
    contentType: string | undefined,
    replace: boolean,
    updatedUser: string,
  ): string[] => {
    const ds = docs.get<JsonObject>(sandbox, 'dataset', id);
    if (!ds) throw datasetNotFound(id);
    let next: JsonObject;
    if (Array.isArray(body) || (contentType ?? '').includes('json-patch')) {
      try {
        next = applyJsonPatch(ds, (body ?? null) as JsonValue);
      } catch (e) {
        if (e instanceof JsonPatchError) throw new ApiError(400, '400', 'Bad Request', e.message);
        throw e;
      }
    } else {
      next = { ...ds };
      if (replace) for (const k of WRITABLE) delete next[k];
      for (const k of WRITABLE) if (body[k] !== undefined) next[k] = body[k] as JsonValue;
    }
    return save(sandbox, id, ds, next, updatedUser);
  };

  type UpdateRoute = { Params: { id: string }; Body: JsonObject | JsonValue[] };
  app.patch<UpdateRoute>('/dataSets/:id', { schema: { body: UPDATE_BODY } }, async (req) =>
    update(req.sandboxName, req.params.id, req.body, req.headers['content-type'], false, callerOf(req).user),
  );
  app.put<UpdateRoute>('/dataSets/:id', { schema: { body: UPDATE_BODY } }, async (req) =>
    update(req.sandboxName, req.params.id, req.body, req.headers['content-type'], true, callerOf(req).user),
  );

  app.patch<{ Params: { id: string }; Body: JsonObject }>('/v2/dataSets/:id', { schema: { body: V2_PATCH_BODY } }, async (req) => {
    const ds = docs.get<JsonObject>(req.sandboxName, 'dataset', req.params.id);
    if (!ds) throw datasetNotFound(req.params.id);
    return save(req.sandboxName, req.params.id, ds, deepMerge(ds, req.body), callerOf(req).user);
  });

  app.delete<{ Params: { id: string } }>('/dataSets/:id', async (req) => {
    if (!docs.get(req.sandboxName, 'dataset', req.params.id)) throw datasetNotFound(req.params.id);
    docs.delete(req.sandboxName, 'dataset', req.params.id);
    return [`@/dataSets/${req.params.id}`];
  });

  registerCatalogBatchRoutes(app, ctx);
  registerCatalogViewRoutes(app, ctx);
}
