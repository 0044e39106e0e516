import type { BatchFilter, BatchSummary } from '../../../src-shared/ipc/requests/batches';
import { normaliseStatus, recordsOf, type LocalUpload, type LocalUploadBatch } from '../jobs/upload/index';
import { batchAction } from '../platform/batch-ingestion';
import { getBatch, listBatches, type CatalogBatch } from '../platform/catalog';
import type { ConnectionRef, ConnectionService } from '../platform/connection-service';
import { clientOf } from './connection-client';
import type { SentBatch, UploadHistory } from './upload-history';

export interface BatchesService {
  /** A dataset's newest batches: Catalog's page, each merged with the journal that sent it, plus batches only the journals know. */
  list(input: {
    datasetId: string;
    connection?: ConnectionRef;
    limit: number;
    start?: number;
    filter?: BatchFilter;
    signal?: AbortSignal;
  }): Promise<BatchSummary[]>;
  /** One batch as Catalog has it, merged with the journal that sent it when this machine did. */
  get(input: { batchId: string; connection?: ConnectionRef; signal?: AbortSignal }): Promise<BatchSummary>;
  /** Reverts a successful batch (Batch Ingestion `action=REVERT`) and returns it as Catalog has it now. */
  revert(input: { batchId: string; connection?: ConnectionRef; signal?: AbortSignal }): Promise<BatchSummary>;
}

export interface BatchesServiceDeps {
  connections: ConnectionService;
  history: UploadHistory;
}

/**
 * Batches as the Batches screen and `xdm-loader status` show them: Catalog's status, counts and
 * errors, and what this machine's journal knows (the job folder, the input, the records expected).
 * Why one service: the screen and the command used to build this each on their own, and told two
 * stories about the same batch (the command read Catalog only).
 */
export function createBatchesService(deps: BatchesServiceDeps): BatchesService {
  return {
    async list({ datasetId, connection, limit, start = 0, filter = {}, signal }) {
      const client = await clientOf(deps.connections, connection);
      const [catalog, jobs] = await Promise.all([
        listBatches(client, { datasetId, limit, start, ...filter, ...(signal ? { signal } : {}) }),
        deps.history.list(),
      ]);
      const seen = new Set<string>();
      const list: BatchSummary[] = catalog.map((b) => {
        seen.add(b.id);
        return fromCatalog(b, datasetId, sentBatch(jobs, b.id));
      });
      // Batches this machine sent that Catalog's page did not hold (older, or Catalog unreachable for
      // it), on the first page only and within the filter, so that paging never repeats them.
      for (const job of start === 0 ? jobs : []) {
        if (job.datasetId !== datasetId) continue;
        for (const batch of job.batches) {
          const summary = seen.has(batch.batchId) ? null : fromJournal(job, batch);
          if (summary && withinFilter(summary, filter)) list.push(summary);
        }
      }
      return list.sort((a, b) => (b.created ?? 0) - (a.created ?? 0)).slice(0, limit);
    },

    async get({ batchId, connection, signal }) {
      const client = await clientOf(deps.connections, connection);
      const [batch, sent] = await Promise.all([getBatch(client, batchId, signal), deps.history.findBatch(batchId)]);
      return fromCatalog(batch, sent?.job.datasetId ?? '', sent);
    },

    async revert({ batchId, connection, signal }) {
      const client = await clientOf(deps.connections, connection);
      await batchAction(client, batchId, 'REVERT', signal);
      return this.get({ batchId, ...(connection !== undefined ? { connection } : {}), ...(signal ? { signal } : {}) });
    },
  };
}

/**
 * Whether a batch only the journals know belongs in a filtered list.
 * Why none under a status filter: the journal's status is what this machine last saw, and Catalog
 * leaving a batch out of a status it filtered (a batch reverted since, say) is the truer answer.
 */
function withinFilter(batch: BatchSummary, filter: BatchFilter): boolean {
  const created = batch.created;
  if (filter.status !== undefined) return false;
  if (filter.createdAfter !== undefined && (created === undefined || created <= filter.createdAfter)) return false;
  if (filter.createdBefore !== undefined && (created === undefined || created >= filter.createdBefore)) return false;
  return true;
}

function sentBatch(jobs: readonly LocalUpload[], batchId: string): SentBatch | undefined {
  for (const job of jobs) {
    const batch = job.batches.find((b) => b.batchId === batchId);
    if (batch) return { job, batch };
  }
  return undefined;
}

/** The journal's part of a summary: which job folder sent the batch, from what, expecting how many records. */
function jobOf(sent: SentBatch): NonNullable<BatchSummary['job']> {
  return { jobDir: sent.job.jobDir, input: sent.job.input, startedAt: sent.batch.startedAt, recordsExpected: sent.batch.recordsExpected };
}

/** Catalog's batch in the screen's words; `datasetId` is used when Catalog names no dataset. */
function fromCatalog(batch: CatalogBatch & { id: string }, datasetId: string, sent: SentBatch | undefined): BatchSummary {
  const { written, failed } = recordsOf(batch);
  const loose = batch as Record<string, unknown>;
  const who = [loose.createdUser, loose.createdClient].find((v): v is string => typeof v === 'string' && v !== '');
  const related = batch.relatedObjects?.find((o) => o.type === 'dataSet')?.id;
  return {
    batchId: batch.id,
    datasetId: related ?? datasetId,
    status: normaliseStatus(batch.status),
    recordsWritten: written,
    recordsFailed: failed,
    ...(batch.created !== undefined ? { created: batch.created } : {}),
    ...(batch.completed !== undefined ? { completed: batch.completed } : {}),
    ...(who ? { createdBy: who } : {}),
    ...(batch.externalId !== undefined ? { externalId: batch.externalId } : {}),
    errors: (batch.errors ?? []).map((e) => ({
      ...(e.code !== undefined ? { code: String(e.code) } : {}),
      ...(e.description !== undefined ? { description: String(e.description) } : {}),
      ...(e.recordCount !== undefined ? { recordCount: e.recordCount } : {}),
    })),
    metrics: batch.metrics ?? {},
    source: sent ? 'both' : 'catalog',
    ...(sent ? { job: jobOf(sent) } : {}),
  };
}

/** A batch only the journal knows: its last journaled status and counts. */
function fromJournal(job: LocalUpload, batch: LocalUploadBatch): BatchSummary {
  return {
    batchId: batch.batchId,
    datasetId: job.datasetId,
    status: batch.status,
    recordsWritten: batch.recordsWritten ?? 0,
    recordsFailed: batch.recordsFailed ?? 0,
    created: Date.parse(batch.startedAt),
    errors: [],
    metrics: {},
    source: 'journal',
    job: jobOf({ job, batch }),
  };
}
