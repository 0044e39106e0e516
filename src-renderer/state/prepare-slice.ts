import type { StateCreator } from 'zustand/vanilla';
import type { AppErrorShape } from '../../src-shared/domain/errors';
import type { FileInspection } from '../../src-shared/domain/inspection';
import { settingsOrNothing, type ReadSettings } from '../../src-shared/domain/read-settings';
import type { DroppedFile, FileRef, RegisteredFile, XdmBridge } from '../../src-shared/ipc/contract';
import type { AppState } from './app-state';
import { ask, outcomeOf } from '../queries/request';
import { bridgeFailure } from './bridge-errors';

/** How many rows the preview asks main for and shows. */
export const PREVIEW_ROW_LIMIT = 100;

/**
 * Where the Prepare screen is.
 * empty: nothing chosen; registering: handing the file to main; inspecting: main is sniffing
 * it; ready: an inspection is shown; error: the file could not be registered or read.
 */
export type PrepareStatus = 'empty' | 'registering' | 'inspecting' | 'ready' | 'error';

export interface PreparedFile {
  name: string;
  size: number;
}

export interface PrepareSliceState {
  status: PrepareStatus;
  /** The file being shown, as soon as it is chosen (before main knows it). */
  file: PreparedFile | null;
  fileRef: FileRef | null;
  inspection: FileInspection | null;
  error: AppErrorShape | null;
  /** How the steward set the file to be read (File step); empty: as detected. */
  read: ReadSettings;
  /** The file is being read again with new settings (the inspection shown is the previous one). */
  rereading: boolean;
  /** The new settings could not read the file: the previous reading stays, this says why. */
  readError: AppErrorShape | null;
}

export interface PrepareSlice {
  prepare: PrepareSliceState;
  /** A file the user dropped or picked: register it with main, then inspect it. */
  openFile(file: DroppedFile): Promise<void>;
  /** A file main already registered (File > Open): inspect it. */
  inspectFile(file: RegisteredFile): Promise<void>;
  /** Back to the empty state. */
  clearFile(): void;
  /** Reads the shown file again with these settings (they replace the previous ones). */
  setReadSettings(read: ReadSettings): Promise<void>;
}

const emptyPrepare: PrepareSliceState = {
  status: 'empty',
  file: null,
  fileRef: null,
  inspection: null,
  error: null,
  read: {},
  rereading: false,
  readError: null,
};

/**
 * The Prepare slice: one file at a time, from drop to inspection.
 * Why the attempt counter: the user may drop a second file while the first is still being
 * read; only the answer for the latest file may reach the screen, whatever order replies
 * come back in.
 */
export const createPrepareSlice =
  (bridge: XdmBridge): StateCreator<AppState, [], [], PrepareSlice> =>
  (set, get) => {
    let attempt = 0;
    const patch = (id: number, next: Partial<PrepareSliceState>): boolean => {
      if (id !== attempt) return false;
      set((state) => ({ prepare: { ...state.prepare, ...next } }));
      return true;
    };

    const inspect = async (id: number, file: RegisteredFile): Promise<void> => {
      const shown = { name: file.name, size: file.size };
      if (!patch(id, { status: 'inspecting', file: shown, fileRef: file.fileRef, inspection: null, error: null, read: {}, rereading: false, readError: null }))
        return;
      const result = await outcomeOf(() => ask(bridge, 'files.inspect', { fileRef: file.fileRef, maxRows: PREVIEW_ROW_LIMIT }));
      patch(id, result.ok ? { status: 'ready', inspection: result.value } : { status: 'error', error: result.error });
    };

    return {
      prepare: emptyPrepare,

      async openFile(file) {
        const id = ++attempt;
        patch(id, { ...emptyPrepare, status: 'registering', file: { name: file.name, size: file.size } });
        let reply;
        try {
          reply = await bridge.registerFile(file);
        } catch (error) {
          patch(id, { status: 'error', error: bridgeFailure(error) });
          return;
        }
        if (!reply.ok) {
          patch(id, { status: 'error', error: reply.error });
          return;
        }
        await inspect(id, reply.value);
      },

      async inspectFile(file) {
        await inspect(++attempt, file);
      },

      clearFile() {
        attempt++;
        set({ prepare: emptyPrepare });
      },

      async setReadSettings(read) {
        const { fileRef, status } = get().prepare;
        if (!fileRef || status !== 'ready') return;
        const id = ++attempt;
        patch(id, { rereading: true, readError: null });
        const settings = settingsOrNothing(read);
        const result = await outcomeOf(() => ask(bridge, 'files.inspect', { fileRef, maxRows: PREVIEW_ROW_LIMIT, ...(settings ? { read: settings } : {}) }));
        if (!patch(id, result.ok ? { inspection: result.value, read: settings ?? {}, rereading: false } : { rereading: false, readError: result.error }))
          return;
        // Sample records of the mapping are read with the same settings.
        if (result.ok) void get().refreshPreview();
      },
    };
  };

const noColumns: FileInspection['columns'] = [];
const noRows: FileInspection['rows'] = [];
const noWarnings: FileInspection['warnings'] = [];

/**
 * Reads of the Prepare slice.
 * `previewRows` and `columnNames` derive new arrays on every call: read them through
 * `useShallow`, which compares their items, so a component re-renders only when they change.
 */
export const prepareSelectors = {
  status: (state: AppState) => state.prepare.status,
  file: (state: AppState) => state.prepare.file,
  inspection: (state: AppState) => state.prepare.inspection,
  error: (state: AppState) => state.prepare.error,
  isBusy: (state: AppState) => state.prepare.status === 'registering' || state.prepare.status === 'inspecting',
  columns: (state: AppState) => state.prepare.inspection?.columns ?? noColumns,
  warnings: (state: AppState) => state.prepare.inspection?.warnings ?? noWarnings,
  columnNames: (state: AppState) => (state.prepare.inspection?.columns ?? noColumns).map((column) => column.name),
  previewRows: (state: AppState) => (state.prepare.inspection?.rows ?? noRows).slice(0, PREVIEW_ROW_LIMIT),
};

/**
 * The steward's read settings as a request's `read` field, spread into every request that reads
 * the shown file (suggestions, previews, the prepare job, a target from the file): left out
 * when the file is read as detected.
 */
export function readInput(state: AppState): { read?: ReadSettings } {
  const read = settingsOrNothing(state.prepare.read);
  return read ? { read } : {};
}
