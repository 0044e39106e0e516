import type { ReactElement } from 'react';
import DataCheck from '@spectrum-icons/workflow/DataCheck';
import Plug from '@spectrum-icons/workflow/Plug';
import Settings from '@spectrum-icons/workflow/Settings';
import TableEdit from '@spectrum-icons/workflow/TableEdit';
import Target from '@spectrum-icons/workflow/Target';
import UploadToCloud from '@spectrum-icons/workflow/UploadToCloud';
import User from '@spectrum-icons/workflow/User';
import { BatchesScreen } from '../features/batches/batches-screen';
import { ConnectionsScreen } from '../features/connections/connections-screen';
import { JobsScreen } from '../features/jobs/jobs-screen';
import { PrepareScreen } from '../features/prepare/prepare-screen';
import { ProfilesScreen } from '../features/profiles/profiles-screen';
import { SettingsScreen } from '../features/settings/settings-screen';
import { TargetsScreen } from '../features/targets/targets-screen';

export interface ScreenEntry {
  id: string;
  label: string;
  icon: ReactElement;
  render: () => ReactElement;
}

/**
 * The screens the side navigation lists, in the order of the user's journey.
 * Why only those that exist: a nav entry for a screen that is not built yet is a dead end.
 */
export const screens: readonly ScreenEntry[] = [
  { id: 'connections', label: 'Connections', icon: <Plug size="S" aria-hidden />, render: () => <ConnectionsScreen /> },
  { id: 'targets', label: 'Targets', icon: <Target size="S" aria-hidden />, render: () => <TargetsScreen /> },
  { id: 'prepare', label: 'Prepare', icon: <TableEdit size="S" aria-hidden />, render: () => <PrepareScreen /> },
  { id: 'jobs', label: 'Jobs', icon: <UploadToCloud size="S" aria-hidden />, render: () => <JobsScreen /> },
  { id: 'batches', label: 'Batches', icon: <DataCheck size="S" aria-hidden />, render: () => <BatchesScreen /> },
  { id: 'profiles', label: 'Profiles', icon: <User size="S" aria-hidden />, render: () => <ProfilesScreen /> },
  { id: 'settings', label: 'Settings', icon: <Settings size="S" aria-hidden />, render: () => <SettingsScreen /> },
];

/**
 * The screen a window opens on.
 * Why Prepare and not the first step: everything up to preparing a file works with no connection,
 * and a file dropped on a fresh window should land where it is shown.
 */
export const startScreenId = 'prepare';
