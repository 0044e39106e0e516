/**
 * Batch documents: creation in AEP's shape and status changes.
 *
 * Catalog and Batch Ingestion serve the same batch object; keeping its construction and updates here
 * keeps `version`, `updated` and the status vocabulary (aep-notes §3.2) consistent between routes
 * and the processor.
 */
import type { DocumentStore } from './store/documents';
import { bumpVersion } from './datasets';
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
