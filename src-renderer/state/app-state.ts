import type { AppSlice } from './app-slice';
import type { BatchesSlice } from './batches-slice';
import type { ConnectionsSlice } from './connections-slice';
import type { JobsSlice } from './jobs-slice';
import type { MappingSlice } from './mapping-slice';
import type { PrepareSlice } from './prepare-slice';
import type { ProfilesSlice } from './profiles-slice';
import type { TargetFromFileSlice } from './target-from-file-slice';
import type { TargetsSlice } from './targets-slice';
import type { StreamingSlice } from './streaming-slice';
import type { UploadsSlice } from './uploads-slice';

/** The whole renderer state: the union of every slice. */
export type AppState = AppSlice &
  PrepareSlice &
  ConnectionsSlice &
  TargetsSlice &
  MappingSlice &
  JobsSlice &
  BatchesSlice &
  ProfilesSlice &
  UploadsSlice &
  StreamingSlice &
  TargetFromFileSlice;
