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
import { createNamespacesSlice } from './namespaces-slice';
import { createPrepareSlice } from './prepare-slice';
import { createProfilesSlice } from './profiles-slice';
import { createTargetFromFileSlice } from './target-from-file-slice';
import { createTargetsSlice } from './targets-slice';
import { createStreamingSlice } from './streaming-slice';
import { createUploadsSlice } from './uploads-slice';

export type AppStore = StoreApi<AppState>;

/**
 * The renderer's one store, composed from slices, talking to main through `bridge`.
 * Why vanilla and injected: the same store runs in the window (real bridge) and in plain Node
 * tests (a fake bridge), with no React and no DOM. `mintJobId` names the jobs this window starts
 * (tests pass a predictable one).
 */
export function createAppStore(bridge: XdmBridge, options: { mintJobId?: MintJobId } = {}): AppStore {
  const mintJobId = options.mintJobId ?? mintRandomJobId;
  return createStore<AppState>()((...args) => ({
    ...createAppSlice(bridge)(...args),
    ...createPrepareSlice(bridge)(...args),
    ...createConnectionsSlice(bridge)(...args),
    ...createTargetsSlice(bridge)(...args),
    ...createMappingSlice(bridge)(...args),
    ...createNamespacesSlice(bridge)(...args),
    ...createJobsSlice(bridge, mintJobId)(...args),
    ...createBatchesSlice(bridge)(...args),
    ...createProfilesSlice(bridge)(...args),
    ...createUploadsSlice(bridge, mintJobId)(...args),
    ...createStreamingSlice(bridge, mintJobId)(...args),
    ...createTargetFromFileSlice(bridge, mintJobId)(...args),
  }));
}
