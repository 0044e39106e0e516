import type { StateCreator } from 'zustand/vanilla';
import type { AppErrorShape } from '../../src-shared/domain/errors';
import type { XdmBridge } from '../../src-shared/ipc/contract';
import type { BatchSummary } from '../../src-shared/ipc/requests/ingest';
import type { AppState } from './app-state';
import { bridgeFailure } from './bridge-errors';
import type { LoadStatus } from './connections-slice';

/** One validation error of a failed record, at the field it names ('' for the record as a whole). */
export interface FailedRecordError {
  /** `person.birthDate`, `items[0].SKU`, or '' when the error is about the record. */
  path: string;
  message: string;
  /** The JSON-Schema keyword (`format`, `type`, `required`, ...) or AEP's code, when given. */
  keyword?: string;
}

/** A failed record as the screen shows it: the record without AEP's error fields, and those errors. */
export interface FailedRecordView {
  /** 1-based position in the failed-record files. */
  index: number;
  record: Record<string, unknown>;
  errors: FailedRecordError[];
  /** The line as it was, when it was not JSON. */
  raw?: string;
}

export interface FailedRecordsView {
  batchId: string;
  status: 'loading' | 'ready' | 'error';
  /** Main's folder holding the downloaded files. */
  dir: string | null;
  files: string[];
  records: FailedRecordView[];
  /** The same records exactly as Data Access gave them (what a download holds). */
  rows: unknown[];
  /** More records exist than were read back. */
  truncated: boolean;
  error: AppErrorShape | null;
}

export interface BatchDetailView {
  batchId: string;
  /** `loading` while Catalog is asked again; `batch` is the list's entry until it answers. */
  status: 'loading' | 'ready' | 'error';
  batch: BatchSummary | null;
  error: AppErrorShape | null;
}

export interface BatchesSliceState {
  /** The dataset whose batches are listed; null until one is chosen. */
  datasetId: string | null;
  /** The connection the list belongs to. */
  connectionId: string | null;
  status: LoadStatus;
  list: BatchSummary[];
  error: AppErrorShape | null;
  detail: BatchDetailView | null;
  failed: FailedRecordsView | null;
}

export interface BatchesSlice {
  batches: BatchesSliceState;
  /**
   * Lists the recent batches of a dataset of the active connection.
   * Why an action other screens call: the Jobs screen sends a steward here after an upload, to
   * the dataset it loaded, and then navigates to 'batches'.
   */
  showBatches(datasetId: string): Promise<void>;
  /** Lists the chosen dataset's batches again. */
  loadBatches(): Promise<void>;
  /** Forgets the dataset and its batches (the active connection changed). */
  clearBatches(): void;
  /** Opens one batch's detail and asks Catalog for its latest state. */
  openBatch(batchId: string): Promise<void>;
  closeBatch(): void;
  /** Downloads the open batch's failed records in main and reads the first ones back. */
  loadFailedRecords(): Promise<void>;
}

/** Failed records read back into the window; the files in main's folder hold all of them. */
export const FAILED_RECORDS_SHOWN = 200;

const initial: BatchesSliceState = { datasetId: null, connectionId: null, status: 'idle', list: [], error: null, detail: null, failed: null };

/**
 * Batches of a dataset: Catalog's view merged with this machine's upload journals, one batch's
 * detail, and its failed records.
 * Why loads are counted: a steward can switch datasets while a slow sandbox still answers for
 * the previous one; only the latest answer may land. Why the detail keeps the list's entry while
 * Catalog is asked again: the screen has something true to show at once.
 */
export const createBatchesSlice =
  (bridge: XdmBridge): StateCreator<AppState, [], [], BatchesSlice> =>
  (set, get) => {
    let listing = 0;
    let detailing = 0;
    let failing = 0;
    const patch = (next: Partial<BatchesSliceState>) => set((state) => ({ batches: { ...state.batches, ...next } }));
    const onConnection = (): { connectionId?: string } => {
      const id = get().batches.connectionId;
      return id !== null ? { connectionId: id } : {};
    };

    return {
      batches: initial,

      async showBatches(datasetId) {
        const same = get().batches.datasetId === datasetId && get().batches.connectionId === (get().connections.activeId ?? null);
        patch({ datasetId, connectionId: get().connections.activeId ?? null, ...(same ? {} : { list: [], detail: null, failed: null }) });
        await get().loadBatches();
      },

      async loadBatches() {
        const { datasetId } = get().batches;
        if (datasetId === null) return;
        const id = ++listing;
        patch({ status: 'loading', error: null });
        try {
          const reply = await bridge.request('batches.list', { datasetId, ...onConnection() });
          if (id !== listing) return;
          patch(reply.ok ? { status: 'ready', list: reply.value } : { status: 'error', error: reply.error, list: [] });
        } catch (error) {
          if (id === listing) patch({ status: 'error', error: bridgeFailure(error) });
        }
      },

      clearBatches() {
        listing++;
        detailing++;
        failing++;
        patch(initial);
      },

      async openBatch(batchId) {
        const id = ++detailing;
        const known = get().batches.list.find((b) => b.batchId === batchId) ?? null;
        const keepFailed = get().batches.failed?.batchId === batchId;
        patch({ detail: { batchId, status: 'loading', batch: known, error: null }, ...(keepFailed ? {} : { failed: null }) });
        let detail: BatchDetailView;
        try {
          const reply = await bridge.request('batches.get', { batchId, ...onConnection() });
          detail = reply.ok
            ? // Catalog may not name the dataset of a batch it answers alone; the list did.
              { batchId, status: 'ready', batch: { ...reply.value, datasetId: reply.value.datasetId || known?.datasetId || '' }, error: null }
            : { batchId, status: 'error', batch: known, error: reply.error };
        } catch (error) {
          detail = { batchId, status: 'error', batch: known, error: bridgeFailure(error) };
        }
        if (id !== detailing) return;
        const fresh = detail.batch;
        patch({ detail, ...(fresh && detail.status === 'ready' ? { list: get().batches.list.map((b) => (b.batchId === batchId ? fresh : b)) } : {}) });
      },

      closeBatch() {
        detailing++;
        failing++;
        patch({ detail: null, failed: null });
      },

      async loadFailedRecords() {
        const batchId = get().batches.detail?.batchId;
        if (batchId === undefined) return;
        const id = ++failing;
        patch({ failed: { batchId, status: 'loading', dir: null, files: [], records: [], rows: [], truncated: false, error: null } });
        let failed: FailedRecordsView;
        try {
          const reply = await bridge.request('batches.failedRecords', { batchId, limit: FAILED_RECORDS_SHOWN, ...onConnection() });
          failed = reply.ok
            ? { batchId, status: 'ready', dir: reply.value.dir, files: reply.value.files, records: reply.value.rows.map(failedRecordOf), rows: reply.value.rows, truncated: reply.value.truncated, error: null }
            : { batchId, status: 'error', dir: null, files: [], records: [], rows: [], truncated: false, error: reply.error };
        } catch (error) {
          failed = { batchId, status: 'error', dir: null, files: [], records: [], rows: [], truncated: false, error: bridgeFailure(error) };
        }
        if (id === failing) patch({ failed });
      },
    };
  };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `#/person/birthDate` → `person.birthDate`; `#/items/0/SKU` → `items[0].SKU`; `#` → ''. */
export function pathOfPointer(pointer: string | undefined): string {
  if (pointer === undefined) return '';
  const segments = pointer
    .replace(/^#?\/?/, '')
    .split('/')
    .filter((s) => s !== '')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  return segments.reduce((out, s) => (/^\d+$/.test(s) ? `${out}[${s}]` : out === '' ? s : `${out}.${s}`), '');
}

/**
 * The errors of one validator item, its causes flattened.
 * Why flattened: streaming's form nests the real violations under one "N schema violations found".
 */
function errorsOfItem(item: unknown, out: FailedRecordError[]): void {
  if (!isObject(item)) {
    if (typeof item === 'string') out.push({ path: '', message: item });
    return;
  }
  const causes = Array.isArray(item.causingExceptions) ? item.causingExceptions : [];
  if (causes.length > 0) {
    for (const cause of causes) errorsOfItem(cause, out);
    return;
  }
  const message = typeof item.message === 'string' ? item.message : JSON.stringify(item);
  const keyword = typeof item.keyword === 'string' ? item.keyword : typeof item.code === 'string' ? item.code : undefined;
  out.push({ path: pathOfPointer(typeof item.pointerToViolation === 'string' ? item.pointerToViolation : undefined), message, ...(keyword ? { keyword } : {}) });
}

/**
 * A failed record as Data Access gives it, split into the record and its errors. The forms seen
 * (aep-notes §4): `_validationErrors: [...]`, `_errors: { _streamingValidation: [...] }`, and row
 * errors `_errors: [{ code, message }]` beside `_corrupt_record`. A line that is not JSON arrives
 * as text.
 */
export function failedRecordOf(row: unknown, position: number): FailedRecordView {
  const index = position + 1;
  if (!isObject(row)) {
    const raw = typeof row === 'string' ? row : JSON.stringify(row);
    return { index, record: {}, errors: [{ path: '', message: 'This line of the failed-record file is not a JSON record.' }], raw };
  }
  const { _validationErrors: validation, _errors: rowErrors, _corrupt_record: corrupt, ...record } = row;
  const errors: FailedRecordError[] = [];
  if (Array.isArray(validation)) for (const item of validation) errorsOfItem(item, errors);
  if (Array.isArray(rowErrors)) for (const item of rowErrors) errorsOfItem(item, errors);
  else if (isObject(rowErrors)) for (const group of Object.values(rowErrors)) if (Array.isArray(group)) for (const item of group) errorsOfItem(item, errors);
  return { index, record, errors, ...(typeof corrupt === 'string' ? { raw: corrupt } : {}) };
}

/** Reads of the batches slice. */
export const batchesSelectors = {
  datasetId: (state: AppState) => state.batches.datasetId,
  connectionId: (state: AppState) => state.batches.connectionId,
  status: (state: AppState) => state.batches.status,
  list: (state: AppState) => state.batches.list,
  error: (state: AppState) => state.batches.error,
  detail: (state: AppState) => state.batches.detail,
  failed: (state: AppState) => state.batches.failed,
};
