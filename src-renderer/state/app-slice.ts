import { hashKey } from '@tanstack/react-query';
import type { StateCreator } from 'zustand/vanilla';
import type { AppErrorShape } from '../../src-shared/domain/errors';
import type { AppInfo } from '../../src-shared/ipc/contract';
import type { JobEvent } from '../../src-shared/ipc/job-events';
import type { JobId } from '../../src-shared/ipc/job-id';
import type { LocalUploadShape } from '../../src-shared/ipc/requests/uploads';
import { createJobInvalidations } from '../queries/job-invalidations';
import { serverKeys } from '../queries/keys';
import { ask, outcomeOf } from '../queries/request';
import { activeConnectionId } from '../queries/server-cache';
import type { AppState } from './app-state';
import { createJobEventPump, type FrameScheduler } from './job-event-pump';
import type { ServerAccess } from './server-access';

export interface AppSliceState {
  /** Name, version and mode of the running app; null until `app.info` answers. */
  info: AppInfo | null;
  infoError: AppErrorShape | null;
}

export interface AppSlice {
  app: AppSliceState;
  /** Asks main who it is (name, version, Electron or browser mode). */
  loadAppInfo(): Promise<void>;
  /**
   * Loads the app info, starts listening to main's events and follows the uploads the history
   * lists as running; returns the unsubscribe.
   * Why an action rather than work in `createAppStore`: a store made in a test or rendered
   * twice by React's StrictMode must not hold a listener nobody can remove.
   */
  connect(): () => void;
}

/**
 * The session slice: who the app is and the wiring to main's event stream.
 * Why events are routed here: one subscription per store, whatever screen is shown, so an
 * event is never lost because the screen that cares about it is not mounted. Job events go
 * through the one pump (`job-event-pump.ts`): coalesced, applied once per frame, and then the
 * queries they made stale are invalidated.
 */
export const createAppSlice =
  ({ bridge, client }: ServerAccess, schedule?: FrameScheduler): StateCreator<AppState, [], [], AppSlice> =>
  (set, get) => {
    /** The connection a job of this window sends to (main's active one when the job named none). */
    const connectionOf = (jobId: JobId): string | null => {
      const { uploads, streaming } = get();
      const job = uploads.jobs.find((j) => j.jobId === jobId) ?? (streaming.run?.jobId === jobId ? streaming.run : undefined);
      return job?.connectionId ?? activeConnectionId(client);
    };

    function deliver(events: readonly JobEvent[]): void {
      for (const event of events) {
        // One family for every job; its kind says which slice follows it.
        if (event.kind === 'prepare') get().applyJobEvent(event);
        else if (event.kind === 'upload') get().applyUploadEvent(event);
        else if (event.kind === 'propose') get().applyProposeEvent(event);
        else get().applyStreamEvent(event);
      }
    }

    return {
      app: { info: null, infoError: null },

      async loadAppInfo() {
        const result = await outcomeOf(() => ask(bridge, 'app.info', {}));
        set({ app: result.ok ? { info: result.value, infoError: null } : { info: null, infoError: result.error } });
      },

      connect() {
        const invalidateAfter = createJobInvalidations(client, connectionOf);
        const pump = createJobEventPump((events) => {
          deliver(events);
          invalidateAfter(events);
        }, schedule);
        const unsubscribeEvents = bridge.onEvent((event) => {
          switch (event.type) {
            case 'file.opened':
              void get().inspectFile(event.file);
              break;
            case 'job':
              pump.push(event);
              break;
          }
        });
        // Whenever the history is read (any screen, any reason), running uploads this window does not follow yet are followed.
        const historyHash = hashKey(serverKeys.uploadHistory());
        const unsubscribeCache = client.getQueryCache().subscribe((event) => {
          if (event.type !== 'updated' || event.action.type !== 'success' || event.query.queryHash !== historyHash) return;
          get().followRunningUploads(client.getQueryData<LocalUploadShape[]>(serverKeys.uploadHistory()) ?? []);
        });
        void get().loadAppInfo();
        return () => {
          unsubscribeEvents();
          unsubscribeCache();
        };
      },
    };
  };

/** Reads of the app slice, shared by components and tests. */
export const appSelectors = {
  info: (state: AppState) => state.app.info,
  name: (state: AppState) => state.app.info?.name ?? 'XDM Loader',
  mode: (state: AppState) => state.app.info?.mode ?? null,
  version: (state: AppState) => state.app.info?.version ?? null,
  infoError: (state: AppState) => state.app.infoError,
};
