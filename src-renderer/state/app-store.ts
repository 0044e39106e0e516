import type { QueryClient } from '@tanstack/react-query';
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { XdmBridge } from '../../src-shared/ipc/contract';
import { createAppSlice } from './app-slice';
import { createBatchesSlice } from './batches-slice';
import type { AppState } from './app-state';
import { createConnectionsSlice } from './connections-slice';
import { mintJobId as mintRandomJobId, type MintJobId } from './job-ids';
import { createJobsSlice } from './jobs-slice';
import { createMappingSlice } from './mapping-slice';
import { createPrepareSlice } from './prepare-slice';
import { createProfilesSlice } from './profiles-slice';
import { createTargetsSlice } from './targets-slice';
import { createStreamingSlice } from './streaming-slice';
import { createUploadsSlice } from './uploads-slice';
import { createQueryClient } from '../queries/query-client';
import type { FrameScheduler } from './job-event-pump';
import type { ServerAccess } from './server-access';

export type AppStore = StoreApi<AppState>;

export interface AppStoreOptions {
  /** Names the jobs this window starts (tests pass a predictable one). */
  mintJobId?: MintJobId;
  /** The cache of main's server state the screens read through (tests pass their own to read it). */
  queryClient?: QueryClient;
  /** When the job event pump delivers (the next animation frame by default). */
  schedule?: FrameScheduler;
}

/**
 * The renderer's one store of UI state, composed from slices, talking to main through `bridge`.
 * Server state (lists, details, reports main holds) lives in the query cache; the slices' writes
 * mark what they changed there.
 * Why vanilla and injected: the same store runs in the window (real bridge) and in plain Node
 * tests (a fake bridge), with no React and no DOM.
 */
export function createAppStore(bridge: XdmBridge, options: AppStoreOptions = {}): AppStore {
  const mintJobId = options.mintJobId ?? mintRandomJobId;
  const server: ServerAccess = { bridge, client: options.queryClient ?? createQueryClient() };
  return createStore<AppState>()((...args) => ({
    ...createAppSlice(server, options.schedule)(...args),
    ...createPrepareSlice(bridge)(...args),
    ...createConnectionsSlice(server)(...args),
    ...createTargetsSlice(server)(...args),
    ...createMappingSlice(bridge)(...args),
    ...createJobsSlice(bridge, mintJobId)(...args),
    ...createBatchesSlice(server)(...args),
    ...createProfilesSlice(server)(...args),
    ...createUploadsSlice(server, mintJobId)(...args),
    ...createStreamingSlice(server, mintJobId)(...args),
  }));
}
