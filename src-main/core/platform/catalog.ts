import { z } from 'zod';
import { AppError } from '../../../src-shared/domain/errors';
import type { DatasetSummary } from '../../../src-shared/platform/targets';
import { aepServices } from './aep-services';
import type { PlatformClient } from './platform-client';

/**
 * Catalog Service calls: datasets and batches (aep-notes §3).
 * Why lenient schemas: Catalog answers objects keyed by id, types timestamps loosely and writes
 * tag values with or without a space after the colon (aep-notes §11); we normalise once here.
 */
const base = aepServices.catalog.basePath;
const PAGE_SIZE = 100;

const epochMs = z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]);
const Tags = z.record(z.string(), z.array(z.union([z.string(), z.number(), z.boolean()]).transform(String)).or(z.unknown()));

/**
 * An optional dataset property; `{}` reads as absent.
 * Why: Catalog answers a property asked for in `properties=` that has no value as an empty object
 * (filter-data guide: `"Dataset3": { "name": {} }`), and one such dataset must not fail the listing.
 */
const property = <S extends z.ZodType>(schema: S) => z.preprocess((value) => (isEmptyObject(value) ? undefined : value), schema.optional());

function isEmptyObject(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0;
}

export const CatalogDataset = z
  .object({
    name: property(z.string()),
    description: property(z.string()),
    schemaRef: property(z.object({ id: z.string(), contentType: z.string().optional() }).loose()),
    tags: Tags.optional(),
    lastBatchId: property(z.string()),
    lastBatchStatus: property(z.string()),
    created: property(epochMs),
    updated: property(epochMs),
  })
  .loose();
export type CatalogDataset = z.infer<typeof CatalogDataset>;

const BatchError = z
  .object({
    code: z.union([z.string(), z.number()]).transform(String).optional(),
    description: z.string().optional(),
    rows: z.array(z.string()).optional(),
    recordCount: z.number().optional(),
  })
  .loose();

export const CatalogBatch = z
  .object({
    id: z.string().optional(),
    externalId: z.string().optional(),
    // Lower case per Catalog; upper case tolerated (aep-notes §11.1).
    status: z.string().transform((s) => s.toLowerCase()),
    created: epochMs.optional(),
    updated: epochMs.optional(),
    started: epochMs.optional(),
    completed: epochMs.optional(),
    relatedObjects: z.array(z.object({ type: z.string(), id: z.string() }).loose()).optional(),
    metrics: z.record(z.string(), z.number()).optional(),
    errors: z.array(BatchError).optional(),
    inputFormat: z.object({ format: z.string().optional() }).loose().optional(),
    tags: Tags.optional(),
  })
  .loose();
export type CatalogBatch = z.infer<typeof CatalogBatch>;

/** Catalog GETs answer `{ "<id>": object }` for lists and single objects alike. */
const keyed = <S extends z.ZodType>(schema: S) => z.record(z.string(), schema);

/** Catalog writes answer `["@/dataSets/<id>"]`: the id is after the last slash. */
const WriteRefs = z.array(z.string()).min(1);
export function idFromRef(ref: string): string {
  return ref.slice(ref.lastIndexOf('/') + 1);
}

/** True when a tag such as `unifiedProfile` holds `enabled:true` (spaces around `:` ignored). */
export function tagHas(tags: CatalogDataset['tags'], name: string, entry: string): boolean {
  const values = tags?.[name];
  if (!Array.isArray(values)) return false;
  const want = entry.replace(/\s+/g, '').toLowerCase();
  return values.some((v) => String(v).replace(/\s+/g, '').toLowerCase() === want);
}

export function datasetSummary(id: string, dataset: CatalogDataset): DatasetSummary {
  return {
    id,
    name: dataset.name ?? id,
    ...(dataset.description !== undefined ? { description: dataset.description } : {}),
    ...(dataset.schemaRef ? { schemaId: dataset.schemaRef.id } : {}),
    profileEnabled: tagHas(dataset.tags, 'unifiedProfile', 'enabled:true'),
    identityEnabled: tagHas(dataset.tags, 'unifiedIdentity', 'enabled:true'),
    upsert: tagHas(dataset.tags, 'unifiedProfile', 'isUpsert:true'),
    ...(dataset.lastBatchId !== undefined ? { lastBatchId: dataset.lastBatchId } : {}),
    ...(dataset.lastBatchStatus !== undefined ? { lastBatchStatus: dataset.lastBatchStatus } : {}),
    ...(dataset.created !== undefined ? { created: dataset.created } : {}),
    ...(dataset.updated !== undefined ? { updated: dataset.updated } : {}),
  };
}

/** All datasets of the sandbox, newest first, paged 100 at a time (Catalog's maximum). */
export async function listDatasets(client: PlatformClient, options: { signal?: AbortSignal; maxItems?: number } = {}): Promise<DatasetSummary[]> {
  const maxItems = options.maxItems ?? 5000;
  const summaries: DatasetSummary[] = [];
  for (let start = 0; start < maxItems; start += PAGE_SIZE) {
    const page = await client.json(keyed(CatalogDataset), {
      method: 'GET',
      path: `${base}/dataSets`,
      query: {
        limit: PAGE_SIZE,
        start,
        orderBy: 'desc:created',
        properties: 'name,description,schemaRef,tags,lastBatchId,lastBatchStatus,created,updated',
      },
      idempotent: true,
      signal: options.signal,
    });
    const entries = Object.entries(page);
    summaries.push(...entries.map(([id, dataset]) => datasetSummary(id, dataset)));
    if (entries.length < PAGE_SIZE) break;
  }
  return summaries;
}

/** One dataset by id. */
export async function getDataset(client: PlatformClient, datasetId: string, signal?: AbortSignal): Promise<CatalogDataset> {
  const answer = await client.json(keyed(CatalogDataset), {
    method: 'GET',
    path: `${base}/dataSets/${encodeURIComponent(datasetId)}`,
    idempotent: true,
    signal,
  });
  return single(answer, datasetId, 'dataset');
}

export interface NewDataset {
  name: string;
  schemaId: string;
  description?: string;
  /** Tag the dataset for Profile and Identity at creation. */
  profile?: boolean;
}

/** Creates a dataset and returns its id; not retried blindly (a second POST makes a second dataset). */
export async function createDataset(client: PlatformClient, dataset: NewDataset, signal?: AbortSignal): Promise<string> {
  const refs = await client.json(WriteRefs, {
    method: 'POST',
    path: `${base}/dataSets`,
    query: { requestDataSource: true },
    body: {
      kind: 'json',
      value: {
        name: dataset.name,
        ...(dataset.description !== undefined ? { description: dataset.description } : {}),
        schemaRef: { id: dataset.schemaId, contentType: 'application/vnd.adobe.xed+json;version=1' },
        ...(dataset.profile ? { tags: { unifiedProfile: ['enabled:true'], unifiedIdentity: ['enabled:true'] } } : {}),
      },
    },
    idempotent: false,
    signal,
  });
  return idFromRef(refs[0] as string);
}

/**
 * Enables a dataset for Profile and Identity through JSON Patch on its tags (aep-notes §3.3).
 * Why `add`: on a JSON object member, add replaces, so sending it twice changes nothing.
 */
export async function enableDatasetForProfile(
  client: PlatformClient,
  datasetId: string,
  options: { upsert?: boolean; signal?: AbortSignal } = {},
): Promise<void> {
  await client.json(WriteRefs, {
    method: 'PATCH',
    path: `${base}/dataSets/${encodeURIComponent(datasetId)}`,
    body: {
      kind: 'json',
      contentType: 'application/json-patch+json',
      value: [
        { op: 'add', path: '/tags/unifiedProfile', value: options.upsert ? ['enabled:true', 'isUpsert:true'] : ['enabled:true'] },
        { op: 'add', path: '/tags/unifiedIdentity', value: ['enabled:true'] },
      ],
    },
    idempotent: true,
    signal: options.signal,
  });
}

/** One batch with its status, metrics and errors. */
export async function getBatch(client: PlatformClient, batchId: string, signal?: AbortSignal): Promise<CatalogBatch & { id: string }> {
  const answer = await client.json(keyed(CatalogBatch), {
    method: 'GET',
    path: `${base}/batches/${encodeURIComponent(batchId)}`,
    idempotent: true,
    signal,
  });
  return { ...single(answer, batchId, 'batch'), id: batchId };
}

/** Recent batches, optionally of one dataset or with one external id, newest first. */
export async function listBatches(
  client: PlatformClient,
  options: {
    datasetId?: string;
    externalId?: string;
    limit?: number;
    /** Catalog's `start`: how many of the matching batches to skip. */
    start?: number;
    /** Catalog's filters: created after or before (ms since the epoch), one status. */
    createdAfter?: number;
    createdBefore?: number;
    status?: string;
    signal?: AbortSignal;
  } = {},
): Promise<Array<CatalogBatch & { id: string }>> {
  const answer = await client.json(keyed(CatalogBatch), {
    method: 'GET',
    path: `${base}/batches`,
    query: {
      dataSet: options.datasetId,
      externalId: options.externalId,
      status: options.status,
      createdAfter: options.createdAfter,
      createdBefore: options.createdBefore,
      orderBy: 'desc:created',
      start: options.start || undefined,
      limit: options.limit ?? 20,
    },
    idempotent: true,
    signal: options.signal,
  });
  return Object.entries(answer).map(([id, batch]) => ({ ...batch, id }));
}

function single<T>(answer: Record<string, T>, id: string, what: string): T {
  const value = answer[id] ?? Object.values(answer)[0];
  if (value === undefined) throw new AppError('NOT_FOUND', `Catalog has no ${what} ${id} in this sandbox.`);
  return value;
}
