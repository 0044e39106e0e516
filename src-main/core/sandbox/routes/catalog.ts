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
import { applyCatalogQuery, type Query } from './catalog-query';
import { registerCatalogViewRoutes } from './catalog-views';

const WRITABLE = ['name', 'description', 'tags', 'enableErrorDiagnostics', 'fileDescription', 'schemaRef', 'observableSchema', 'extensions'];
/** What no PATCH may change: Catalog's own bookkeeping (the v2 PATCH takes any other attribute). */
const READ_ONLY = ['imsOrg', 'sandboxId', 'version', 'created', 'updated', 'createdClient', 'createdUser', 'updatedUser', 'viewId', 'files', 'basePath'];

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

  app.post('/dataSets', async (req, reply) => {
    const body = req.body;
    if (!isJsonObject(body)) throw new ApiError(400, '400', 'Bad Request', 'The request body must be a dataset object');
    if (typeof body.name !== 'string' || body.name.trim() === '') throw new ApiError(400, '400', 'Bad Request', 'name is required');
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
    return reply.code(201).header('location', `${app.prefix}/dataSets/${id}`).send([`@/dataSets/${id}`]);
  });

  const served = (sandbox: string): Array<[string, JsonObject]> => docs.entries<JsonObject>(sandbox, 'dataset').map(([id, ds]) => [id, servedDataset(ctx, sandbox, ds)]);

  app.get<{ Querystring: Query }>('/dataSets', async (req) => applyCatalogQuery(served(req.sandboxName), req.query));

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

  const update = (sandbox: string, id: string, body: unknown, contentType: string | undefined, replace: boolean, updatedUser: string): string[] => {
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
    } else if (isJsonObject(body)) {
      next = { ...ds };
      if (replace) for (const k of WRITABLE) delete next[k];
      for (const k of WRITABLE) if (body[k] !== undefined) next[k] = body[k] as JsonValue;
    } else throw new ApiError(400, '400', 'Bad Request', 'The request body must be an object or a JSON Patch array');
    return save(sandbox, id, ds, next, updatedUser);
  };

  app.patch<{ Params: { id: string } }>('/dataSets/:id', async (req) => update(req.sandboxName, req.params.id, req.body, req.headers['content-type'], false, callerOf(req).user));
  app.put<{ Params: { id: string } }>('/dataSets/:id', async (req) => update(req.sandboxName, req.params.id, req.body, req.headers['content-type'], true, callerOf(req).user));

  app.patch<{ Params: { id: string } }>('/v2/dataSets/:id', async (req) => {
    const ds = docs.get<JsonObject>(req.sandboxName, 'dataset', req.params.id);
    if (!ds) throw datasetNotFound(req.params.id);
    const body = req.body;
    if (!isJsonObject(body)) throw new ApiError(400, '400', 'Bad Request', 'The request body must be an object of the attributes to change');
    const readOnly = Object.keys(body).filter((k) => READ_ONLY.includes(k));
    if (readOnly.length > 0) throw new ApiError(400, '400', 'Bad Request', `${readOnly.join(', ')} cannot be changed`);
    return save(req.sandboxName, req.params.id, ds, deepMerge(ds, body), callerOf(req).user);
  });

  app.delete<{ Params: { id: string } }>('/dataSets/:id', async (req) => {
    if (!docs.get(req.sandboxName, 'dataset', req.params.id)) throw datasetNotFound(req.params.id);
    docs.delete(req.sandboxName, 'dataset', req.params.id);
    return [`@/dataSets/${req.params.id}`];
  });

  registerCatalogBatchRoutes(app, ctx);
  registerCatalogViewRoutes(app, ctx);
}
