/**
 * Batch documents: creation in AEP's shape and status changes.
 *
 * Catalog and Batch Ingestion serve the same batch object; keeping its construction and updates here
 * keeps `version`, `updated` and the status vocabulary (aep-notes §3.2) consistent between routes
 * and the processor. A batch carries from its creation every property clients index (`sandboxId`,
 * `errors`, `metrics`, ...); `started` and `completed` appear when the batch starts and ends, as epoch
 * milliseconds like `created` and `updated`.
 */
import type { Caller } from './caller';
import type { DocumentStore } from './store/documents';
import { bumpVersion } from './datasets';
import { sandboxIdOf } from './ids';
import { isJsonObject, type JsonObject } from './json';

/** The dataset id of a batch (its `relatedObjects` entry). */
export function batchDataset(batch: JsonObject): string {
  const rel = Array.isArray(batch.relatedObjects) ? batch.relatedObjects.find((r) => isJsonObject(r) && r.type === 'dataSet') : undefined;
  return isJsonObject(rel) ? String(rel.id) : '';
}

/** Reads, changes and writes back a batch, bumping its version. */
export function updateBatch(docs: DocumentStore, sandbox: string, id: string, change: (b: JsonObject) => void): JsonObject | undefined {
  const batch = docs.get<JsonObject>(sandbox, 'batch', id);
  if (!batch) return undefined;
  change(batch);
  batch.version = bumpVersion(batch.version);
  batch.updated = Date.now();
  docs.put(sandbox, 'batch', id, batch);
  return batch;
}

export interface NewBatch {
  datasetId: string;
  status: string;
  inputFormat: JsonObject;
  tags?: JsonObject;
  externalId?: string;
}

/** A new batch document as Catalog and Batch Ingestion serve it. */
export function newBatchDocument(orgId: string, sandbox: string, id: string, input: NewBatch, caller: Caller): JsonObject {
  const now = Date.now();
  return {
    id,
    externalId: input.externalId ?? id,
    imsOrg: orgId,
    sandboxId: sandboxIdOf(sandbox),
    status: input.status,
    created: now,
    updated: now,
    createdClient: caller.client,
    createdUser: caller.user,
    updatedUser: caller.user,
    relatedObjects: [{ type: 'dataSet', id: input.datasetId }],
    version: '1.0.0',
    tags: input.tags ?? {},
    inputFormat: input.inputFormat,
    metrics: {},
    errors: [],
  };
}
