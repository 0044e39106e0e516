/**
 * Catalog routes around datasets: their views and files (where a dataset's `files` link points), tag
 * values, and the deprecated operations the sandbox does not emulate.
 *
 * A dataset has one view (`viewId`), as in AEP's answers; its files are the dataset files the
 * successful batches wrote, served keyed by id like every Catalog read. `@/dataSetFiles?dataSetId=`,
 * the `files` link of a dataset, is answered too, although the current spec no longer lists it.
 */
import type { FastifyInstance } from 'fastify';
import { batchDataset } from '../batches';
import type { SandboxContext } from '../context';
import { servedDataset } from '../datasets';
import { ApiError } from '../http/errors';
import { isJsonObject, type JsonObject } from '../json';
import { applyCatalogQuery, CATALOG_LIST_QUERY, type Query } from './catalog-query';
import { notEmulated } from './not-emulated';

function notFound(what: string): ApiError {
  return new ApiError(404, '404', 'Not Found', `${what} was not found`);
}

/** Data Access writes text counts and times (its spec's strings); Catalog serves numbers. */
function asNumber(v: unknown): number {
  return typeof v === 'number' ? v : Number(v ?? 0) || 0;
}

export function registerCatalogViewRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const { docs } = ctx;

  const dataset = (sandbox: string, id: string): JsonObject => {
    const ds = docs.get<JsonObject>(sandbox, 'dataset', id);
    if (!ds) throw notFound(`Dataset ${id}`);
    return servedDataset(ctx, sandbox, ds);
  };

  /** The one view of a dataset, as a Catalog `dataSetView`. */
  const viewOf = (datasetId: string, ds: JsonObject): JsonObject => {
    const viewId = String(ds.viewId ?? datasetId);
    return {
      imsOrg: ds.imsOrg ?? ctx.credentials.orgId,
      sandboxId: ds.sandboxId ?? '',
      dataSetId: datasetId,
      status: 'enabled',
      version: ds.version ?? '1.0.0',
      created: asNumber(ds.created),
      updated: asNumber(ds.updated),
      createdClient: ds.createdClient ?? '',
      createdUser: ds.createdUser ?? '',
      updatedUser: ds.updatedUser ?? '',
      fileDescription: ds.fileDescription ?? {},
      basePath: ds.basePath ?? '',
      files: `@/dataSets/${datasetId}/views/${viewId}/files`,
    };
  };

  /** Dataset files as Catalog `dataSetFile` objects, keyed by id. */
  const catalogFiles = (sandbox: string, keep: (f: JsonObject, batch: JsonObject | undefined) => boolean): Array<[string, JsonObject]> => {
    const out: Array<[string, JsonObject]> = [];
    for (const b of docs.list<JsonObject>(sandbox, 'batch')) {
      for (const [id, f] of docs.entries<JsonObject>(sandbox, 'datasetFile', String(b.id))) {
        if (!keep(f, b)) continue;
        out.push([
          id,
          {
            dataSetViewId: String(f.dataSetViewId ?? ''),
            dataSetId: batchDataset(b),
            batchId: String(b.id),
            name: String(f.name ?? ''),
            imsOrg: ctx.credentials.orgId,
            isValid: f.isValid !== false,
            records: asNumber(f.records),
            size: asNumber(f.size),
            version: String(f.version ?? '1.0.0'),
            created: asNumber(f.created),
            updated: asNumber(f.updated),
          },
        ]);
      }
    }
    return out;
  };

  app.get<{ Params: { id: string }; Querystring: Query }>('/dataSets/:id/views', { schema: { querystring: CATALOG_LIST_QUERY } }, async (req) => {
    const ds = dataset(req.sandboxName, req.params.id);
    return applyCatalogQuery([[String(ds.viewId ?? req.params.id), viewOf(req.params.id, ds)]], req.query);
  });

  app.get<{ Params: { id: string; viewId: string }; Querystring: Query }>('/dataSets/:id/views/:viewId', async (req) => {
    const ds = dataset(req.sandboxName, req.params.id);
    if (String(ds.viewId ?? req.params.id) !== req.params.viewId) throw notFound(`View ${req.params.viewId} of dataset ${req.params.id}`);
    return applyCatalogQuery([[req.params.viewId, viewOf(req.params.id, ds)]], { properties: req.query.properties });
  });

  app.get<{ Params: { id: string; viewId: string }; Querystring: Query }>(
    '/dataSets/:id/views/:viewId/files',
    { schema: { querystring: CATALOG_LIST_QUERY } },
    async (req) => {
      const ds = dataset(req.sandboxName, req.params.id);
      if (String(ds.viewId ?? req.params.id) !== req.params.viewId) throw notFound(`View ${req.params.viewId} of dataset ${req.params.id}`);
      return applyCatalogQuery(
        catalogFiles(req.sandboxName, (_f, b) => b !== undefined && batchDataset(b) === req.params.id),
        req.query,
      );
    },
  );

  app.get<{ Querystring: Query }>('/dataSetFiles', { schema: { querystring: CATALOG_LIST_QUERY } }, async (req) => {
    const { dataSetId, ...rest } = req.query;
    const wanted = (Array.isArray(dataSetId) ? dataSetId : dataSetId ? [dataSetId] : []).flatMap((v) => v.split(','));
    return applyCatalogQuery(
      catalogFiles(req.sandboxName, (_f, b) => wanted.length === 0 || (b !== undefined && wanted.includes(batchDataset(b)))),
      rest,
    );
  });

  app.get<{ Params: { tagNamespace: string } }>('/tags/:tagNamespace', async (req) => {
    const name = req.params.tagNamespace;
    const values = new Set<string>();
    const objectType: Record<string, string[]> = {};
    const collect = (kind: 'dataset' | 'batch', label: string, ref: string): void => {
      for (const [id, o] of docs.entries<JsonObject>(req.sandboxName, kind)) {
        const v = isJsonObject(o.tags) ? o.tags[name] : undefined;
        if (v === undefined) continue;
        for (const x of Array.isArray(v) ? v : [v]) values.add(String(x));
        (objectType[label] ??= []).push(`@/${ref}/${id}`);
      }
    };
    collect('dataset', 'datasets', 'DataSet');
    collect('batch', 'batches', 'Batch');
    if (Object.keys(objectType).length === 0) throw notFound(`Tag ${name}`);
    return { objectType, [name]: [...values] };
  });

  app.get<{ Params: { id: string } }>('/dataSets/:id/credentials', async () => {
    throw notEmulated(
      'dataset credentials',
      'the Local sandbox keeps files on this machine, with no cloud storage to hand credentials for; read them through Data Access',
    );
  });

  const batchedRequests = async (): Promise<never> => {
    throw notEmulated('batched requests', 'the operation is deprecated; send each request on its own');
  };
  app.get('/', batchedRequests);
  app.post('/', batchedRequests);
}
