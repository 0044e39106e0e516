import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { AppErrorShape } from '../../../src-shared/domain/errors';
import type { BatchSummary, FailedRecordShape } from '../../../src-shared/ipc/requests/batches';
import { type BatchPage, serverKeys } from '../../queries/keys';
import { type LoadStatus, viewOf } from '../../queries/load-status';
import { serverQueries } from '../../queries/server-queries';
import { useBridge } from '../../queries/server-context';
import { useActiveConnectionId } from '../../queries/use-server-state';
import { batchesSelectors } from '../../state/batches-slice';
import { useAppStore } from '../../state/store-context';
import { isWorking } from './batch-words';

/** How often a batch still being processed is asked about again. */
const WORKING_REFRESH_MS = 3000;
const noBatches: BatchSummary[] = [];
const noRecords: FailedRecordShape[] = [];

/** The Batches screen's choices on the active connection. */
export function useBatchChoice() {
  const activeId = useActiveConnectionId();
  const choice = useAppStore(batchesSelectors.choiceOn(activeId));
  return { activeId, ...choice };
}

/** A page of the chosen dataset's batches, newest first (Catalog's view merged with this machine's journals). */
export function useBatchList(page: BatchPage) {
  const { activeId, datasetId } = useBatchChoice();
  const query = useQuery({ ...serverQueries.batches(useBridge(), activeId ?? '', datasetId ?? '', page), enabled: activeId !== null && datasetId !== null });
  const view = viewOf(query);
  return { datasetId, status: view.status, error: view.error, list: view.error ? noBatches : (view.data ?? noBatches), refresh: () => void query.refetch() };
}

export interface BatchDetailView {
  batchId: string;
  /** `loading` while Catalog is asked again; `batch` is the list's entry until it answers. */
  status: LoadStatus;
  batch: BatchSummary | null;
  error: AppErrorShape | null;
  refresh(): void;
}

/**
 * The open batch, asked of Catalog, and again every few seconds while AEP still processes it.
 * Why the list's entry first: the screen has something true to show at once; and once Catalog
 * answers, the list shows the same state.
 */
export function useOpenBatch(): BatchDetailView | null {
  const bridge = useBridge();
  const client = useQueryClient();
  const { activeId, datasetId, openBatchId } = useBatchChoice();
  const known = client
    .getQueriesData<BatchSummary[]>({ queryKey: serverKeys.batches(activeId ?? '', datasetId ?? '') })
    .flatMap(([, list]) => list ?? [])
    .find((b) => b.batchId === openBatchId);
  const query = useQuery({
    ...serverQueries.batch(bridge, activeId ?? '', openBatchId ?? ''),
    enabled: activeId !== null && openBatchId !== null,
    placeholderData: known,
    // Catalog may not name the dataset of a batch it answers alone; the list did.
    select: (batch) => ({ ...batch, datasetId: batch.datasetId || known?.datasetId || datasetId || '' }),
    // A batch AEP is still processing is asked about again every few seconds, until it settles.
    refetchInterval: (q) => (q.state.data && isWorking(q.state.data.status) ? WORKING_REFRESH_MS : false),
  });
  const fresh = query.isSuccess && !query.isPlaceholderData ? query.data : undefined;
  useEffect(() => {
    if (fresh && activeId !== null && datasetId !== null)
      client.setQueriesData<BatchSummary[]>({ queryKey: serverKeys.batches(activeId, datasetId) }, (list) =>
        list?.map((b) => (b.batchId === fresh.batchId ? fresh : b)),
      );
  }, [client, fresh, activeId, datasetId]);
  if (openBatchId === null) return null;
  const view = viewOf(query);
  return { batchId: openBatchId, status: view.status, batch: query.data ?? known ?? null, error: view.error, refresh: () => void query.refetch() };
}

export interface FailedRecordsView {
  status: LoadStatus;
  /** Main's folder holding the downloaded files. */
  dir: string | null;
  files: string[];
  records: FailedRecordShape[];
  /** The same records exactly as Data Access gave them (what a download holds). */
  rows: unknown[];
  /** More records exist than were read back. */
  truncated: boolean;
  error: AppErrorShape | null;
}

/** A batch's failed records, once the steward asked for them; null before. */
export function useFailedRecords(batchId: string): FailedRecordsView | null {
  const { activeId, failedFor } = useBatchChoice();
  const asked = failedFor === batchId && activeId !== null;
  const query = useQuery({ ...serverQueries.failedRecords(useBridge(), activeId ?? '', batchId), enabled: asked });
  if (!asked) return null;
  const view = viewOf(query);
  const data = view.status === 'error' ? undefined : view.data;
  return {
    status: view.status === 'idle' ? 'loading' : view.status,
    dir: data?.dir ?? null,
    files: data?.files ?? [],
    records: data?.records ?? noRecords,
    rows: data?.rows ?? [],
    truncated: data?.truncated ?? false,
    error: view.error,
  };
}
