import { z } from 'zod';
import { AppSettings } from '../../domain/app-settings';
import type { RequestMap } from '../request-map';

/** The Settings screen: read the steward's settings, change some of them (validated and kept by main). */

/** The data folder: the one in use, where it came from, and the one the next start will use. */
export const DataFolderView = z.object({
  /** Where jobs, journals and settings live on main's machine, in this run. */
  current: z.string(),
  /** XDM_LOADER_HOME (`env`) and `--data-dir` (`option`) win over a folder chosen on the screen. */
  source: z.enum(['env', 'pointer', 'default', 'option']),
  /** The OS's per-user folder ("Use the default"). */
  defaultDir: z.string(),
  /** The folder the next start will use, when it is not the current one. */
  next: z.string().nullable(),
  /** The folder whose data the next start copies into `next` (the current one when the steward chose). */
  copyFrom: z.string().nullable(),
  /** Why a chosen folder was not used at this start (a broken pointer, a copy that failed). */
  problem: z.string().optional(),
});
export type DataFolderView = z.infer<typeof DataFolderView>;

export const SettingsView = z.object({
  settings: AppSettings,
  /** Where jobs, journals and settings live on main's machine. */
  dataDir: z.string(),
  dataFolder: DataFolderView,
});
export type SettingsView = z.infer<typeof SettingsView>;

export const settingsRequests = {
  'settings.get': {
    input: z.object({}).strict(),
    output: SettingsView,
  },
  'settings.save': {
    /** Only the settings that change; the others keep their value. */
    input: AppSettings.partial().strict(),
    output: SettingsView,
  },
  /** Another data folder from the next start (absolute, writable, empty, outside the current one); its data is copied then. */
  'settings.chooseDataFolder': {
    input: z.object({ folder: z.string().trim().min(1).max(4096) }).strict(),
    output: SettingsView,
  },
  /** The OS default folder again from the next start, with the data it holds. */
  'settings.useDefaultDataFolder': {
    input: z.object({}).strict(),
    output: SettingsView,
  },
  /** The desktop shell's folder dialog; `null` when the steward cancels. Browser mode has none (it types a path). */
  'settings.pickDataFolder': {
    input: z.object({}).strict(),
    output: z.object({ folder: z.string().nullable() }),
  },
} as const satisfies RequestMap;
