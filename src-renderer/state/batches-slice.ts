import type { StateCreator } from 'zustand/vanilla';
import { serverKeys } from '../queries/keys';
import { activeConnectionId } from '../queries/server-cache';
import type { AppState } from './app-state';
import type { ServerAccess } from './server-access';

/**
 * What the Batches screen shows: a dataset of a connection, maybe one of its batches, and whether
 * that batch's failed records were asked for. The batches themselves are server state
 * (`src-renderer/queries/batches.ts`).
 */
export interface BatchesSliceState {
  /** The connection the chosen dataset belongs to; another active connection shows nothing chosen. */
  connectionId: string | null;
  /** The dataset whose batches are listed; null until one is chosen. */
  datasetId: string | null;
  /** The batch shown in detail. */
  openBatchId: string | null;
  /** The batch whose failed records were asked for (they are downloaded on request only). */
  failedFor: string | null;
}

export interface BatchesSlice {
  batches: BatchesSliceState;
  /**
   * Shows the recent batches of a dataset of the active connection.
   * Why an action other screens call: the Jobs screen sends a steward here after an upload, to
   * the dataset it loaded, and then navigates to 'batches'.
   */
  showBatches(datasetId: string): void;
  /** Opens one batch's detail (Catalog is asked for its latest state). */
  openBatch(batchId: string): void;
  closeBatch(): void;
  /** Asks main to download the open batch's failed records (again, when they were asked already). */
  loadFailedRecords(): Promise<void>;
}

const initial: BatchesSliceState = { connectionId: null, datasetId: null, openBatchId: null, failedFor: null };

/** The Batches screen's choices; reading the batches is the query layer's. */
export const createBatchesSlice =
  ({ client }: ServerAccess): StateCreator<AppState, [], [], BatchesSlice> =>
  (set, get) => {
    const patch = (next: Partial<BatchesSliceState>) => set((state) => ({ batches: { ...state.batches, ...next } }));
    return {
      batches: initial,

      showBatches(datasetId) {
        const connectionId = activeConnectionId(client);
        const same = get().batches.datasetId === datasetId && get().batches.connectionId === connectionId;
        patch(same ? { openBatchId: null } : { ...initial, connectionId, datasetId });
      },

      openBatch(batchId) {
        patch({ openBatchId: batchId, ...(get().batches.failedFor === batchId ? {} : { failedFor: null }) });
      },

      closeBatch() {
        patch({ openBatchId: null, failedFor: null });
      },

      async loadFailedRecords() {
        const { openBatchId, failedFor, connectionId } = get().batches;
        if (openBatchId === null) return;
        if (failedFor === openBatchId && connectionId !== null)
          await client.invalidateQueries({ queryKey: serverKeys.failedRecords(connectionId, openBatchId) });
        else patch({ failedFor: openBatchId });
      },
    };
  };

/** Reads of the batches slice. */
export const batchesSelectors = {
  /** The choices, when they belong to the active connection (else nothing is chosen there). */
  choiceOn: (activeId: string | null) => (state: AppState) => (state.batches.connectionId === activeId ? state.batches : initial),
};
