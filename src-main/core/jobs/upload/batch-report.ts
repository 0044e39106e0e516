import { stat } from 'node:fs/promises';
import path from 'node:path';
import { isAppError } from '../../../../src-shared/domain/errors';
import { makeFolder } from '../../files/make-folder';
import type { CatalogBatch } from '../../platform/catalog';
import { downloadFailedFile, listFailedFiles } from '../../platform/data-access';
import type { PlatformClient } from '../../platform/platform-client';
import { writeFileAtomic } from '../../settings/atomic-write';
import { normaliseStatus } from './batch-poller';
import type { BatchOutcome } from './upload-types';

/**
 * A finished batch in plain numbers, saved beside the job with its failed records.
 * Why saved locally: Data Access keeps failed records and diagnostics for a limited time (30
 * days), and the History and Batches screens should show a job's outcome without the network.
 */
export function recordsOf(batch: CatalogBatch): { written: number; failed: number } {
  const m = batch.metrics ?? {};
  const loose = batch as Record<string, unknown>;
  const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  return {
    written: num(m.outputRecordCount) ?? num(loose.recordCount) ?? 0,
    failed: num(m.failedRecordCount) ?? num(loose.failedRecordCount) ?? 0,
  };
}

export function outcomeOf(batch: CatalogBatch & { id: string }, externalId: string, recordsExpected: number, failedFiles: string[] = []): BatchOutcome {
  const { written, failed } = recordsOf(batch);
  return {
    batchId: batch.id,
    externalId,
    status: normaliseStatus(batch.status),
    recordsExpected,
    recordsWritten: written,
    recordsFailed: failed,
    errors: (batch.errors ?? []).map((e) => ({
      ...(e.code !== undefined ? { code: e.code } : {}),
      ...(e.description !== undefined ? { description: e.description } : {}),
      ...(e.recordCount !== undefined ? { recordCount: e.recordCount } : {}),
    })),
    metrics: batch.metrics ?? {},
    failedFiles,
  };
}

/**
 * Downloads a batch's failed-record files into `outDir` (one file per Data Access entry).
 * Returns the paths; a batch without failed records gives an empty list.
 * Why a file already there is kept: downloads are renamed into place only once complete
 * (downloadFailedFile), so a file under its name is whole; the Batches screen asks for failed
 * records on every visit, and a finished batch's failed records never change. A file whose size
 * differs from the one Data Access lists (written by an older version, or edited) is fetched again.
 */
export async function downloadFailedRecords(client: PlatformClient, batchId: string, outDir: string, signal?: AbortSignal): Promise<string[]> {
  let files;
  try {
    files = await listFailedFiles(client, batchId, signal);
  } catch (error) {
    // No failed records at all is answered 404 by some Data Access deployments.
    if (isAppError(error) && error.code === 'NOT_FOUND') return [];
    throw error;
  }
  const written: string[] = [];
  if (files.length > 0) await makeFolder(outDir);
  for (const file of files) {
    // Names come from the server: keep only the last segment, so nothing is written outside outDir.
    const target = path.join(outDir, path.basename(file.name));
    const size = await stat(target).then(
      (s) => s.size,
      () => undefined,
    );
    const complete = size !== undefined && (file.length === undefined || size === file.length);
    if (!complete) await downloadFailedFile(client, batchId, file.name, target, signal);
    written.push(target);
  }
  return written;
}

/** Saves `batch-<id>.json` (status, metrics, errors) and the failed records beside the job. */
export async function saveBatchReport(
  client: PlatformClient,
  jobDir: string,
  batch: CatalogBatch & { id: string },
  externalId: string,
  recordsExpected: number,
  notes: { warn: (message: string) => void },
  signal?: AbortSignal,
): Promise<BatchOutcome> {
  let failedFiles: string[] = [];
  const { failed } = recordsOf(batch);
  if (failed > 0 || normaliseStatus(batch.status) === 'failed') {
    try {
      failedFiles = await downloadFailedRecords(client, batch.id, path.join(jobDir, `failed-${batch.id}`), signal);
    } catch (error) {
      // The batch's outcome stands without them; say why they are missing.
      notes.warn(`Failed records of batch ${batch.id} could not be downloaded: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const outcome = outcomeOf(batch, externalId, recordsExpected, failedFiles);
  await writeFileAtomic(path.join(jobDir, `batch-${batch.id}.json`), `${JSON.stringify({ ...outcome, batch }, null, 2)}\n`, { mode: 0o644 });
  return outcome;
}
