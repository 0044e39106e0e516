/**
 * Catalog routes (`/data/foundation/catalog`): datasets (create, list, get, patch, delete) and
 * batches (list, get).
 *
 * Reads are objects keyed by id, writes answer `["@/dataSets/{id}"]` (aep-notes §3.1). Dataset
 * PATCH takes a partial object (`application/json`) or RFC 6902 (`application/json-patch+json`),
 * which is how clients enable `unifiedProfile` and `unifiedIdentity`.
 */
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context';
import { bumpVersion, schemaIdOf } from '../datasets';
import { ApiError } from '../http/errors';
import { hexId } from '../ids';
import { isJsonObject, type JsonObject, type JsonValue } from '../json';
import { applyJsonPatch, JsonPatchError } from '../json-patch';
import { applyCatalogQuery, type Query } from './catalog-query';

const WRITABLE = ['name', 'description', 'tags', 'enableErrorDiagnostics', 'fileDescription', 'schemaRef', 'observableSchema', 'extensions'];

function clientOf(req: { headers: Record<string, string | string[] | undefined> }): string {
  const v = req.headers['x-api-key'];
  return (Array.isArray(v) ? v[0] : v) ?? 'unknown';
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
    const now = Date.now();
    const client = clientOf(req);
    const dataset: JsonObject = {
      name: body.name,
      description: typeof body.description === 'string' ? body.description : '',
      imsOrg: ctx.credentials.orgId,
      sandboxId: req.sandboxName,
      tags: isJsonObject(body.tags) ? body.tags : {},
      version: '1.0.0',
      created: now,
      updated: now,
      createdClient: client,
      createdUser: `${client}@AdobeID`,
      updatedUser: `${client}@AdobeID`,
      viewId: hexId(),
      files: `@/dataSetFiles?dataSetId=${id}`,
      schemaRef: body.schemaRef as JsonValue,
      enableErrorDiagnostics: body.enableErrorDiagnostics === true,
      fileDescription: isJsonObject(body.fileDescription) ? body.fileDescription : { persisted: true, containerFormat: 'parquet', format: 'parquet' },
      basePath: `local://${req.sandboxName}/datasets/${id}`,
    };
    docs.put(req.sandboxName, 'dataset', id, dataset);
    return reply.code(201).send([`@/dataSets/${id}`]);
  });

  app.get<{ Querystring: Query }>('/dataSets', async (req) => applyCatalogQuery(docs.entries<JsonObject>(req.sandboxName, 'dataset'), req.query));

  app.get<{ Params: { id: string }; Querystring: Query }>('/dataSets/:id', async (req) => {
    const ds = docs.get<JsonObject>(req.sandboxName, 'dataset', req.params.id);
    if (!ds) throw new ApiError(404, '404', 'Not Found', `Dataset ${req.params.id} was not found`);
    return applyCatalogQuery([[req.params.id, ds]], { properties: req.query.properties });
  });

  const update = (sandbox: string, id: string, body: unknown, contentType: string | undefined, replace: boolean): string[] => {
    const ds = docs.get<JsonObject>(sandbox, 'dataset', id);
    if (!ds) throw new ApiError(404, '404', 'Not Found', `Dataset ${id} was not found`);
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
    if (schemaIdOf(next) !== schemaIdOf(ds)) checkSchemaRef(sandbox, next);
    next.version = bumpVersion(ds.version);
    next.updated = Date.now();
    docs.put(sandbox, 'dataset', id, next);
    return [`@/dataSets/${id}`];
  };

  app.patch<{ Params: { id: string } }>('/dataSets/:id', async (req) => update(req.sandboxName, req.params.id, req.body, req.headers['content-type'], false));
  app.put<{ Params: { id: string } }>('/dataSets/:id', async (req) => update(req.sandboxName, req.params.id, req.body, req.headers['content-type'], true));

  app.delete<{ Params: { id: string } }>('/dataSets/:id', async (req) => {
    if (!docs.get(req.sandboxName, 'dataset', req.params.id)) throw new ApiError(404, '404', 'Not Found', `Dataset ${req.params.id} was not found`);
    docs.delete(req.sandboxName, 'dataset', req.params.id);
    return [`@/dataSets/${req.params.id}`];
  });

  app.get<{ Querystring: Query }>('/batches', async (req) => {
    const extra: Array<(o: JsonObject) => boolean> = [];
    const ds = req.query.dataSet;
    if (typeof ds === 'string' && ds) {
      extra.push((o) => Array.isArray(o.relatedObjects) && o.relatedObjects.some((r) => isJsonObject(r) && r.type === 'dataSet' && r.id === ds));
    }
    const batch = req.query.batch;
    if (typeof batch === 'string' && batch) extra.push((o) => batch.split(',').includes(String(o.id)));
    return applyCatalogQuery(docs.entries<JsonObject>(req.sandboxName, 'batch'), req.query, extra);
  });

  app.get<{ Params: { id: string }; Querystring: Query }>('/batches/:id', async (req) => {
    const b = docs.get<JsonObject>(req.sandboxName, 'batch', req.params.id);
    if (!b) throw new ApiError(404, '404', 'Not Found', `Batch ${req.params.id} was not found`);
    return applyCatalogQuery([[req.params.id, b]], { properties: req.query.properties });
  });
}
