import { z } from 'zod';
import { AppSettings } from '../../domain/app-settings';
import type { RequestMap } from '../request-map';

/** The Settings screen: read the steward's settings, change some of them (validated and kept by main). */

export const SettingsView = z.object({
  settings: AppSettings,
  /** Where jobs, journals and settings live on main's machine. */
  dataDir: z.string(),
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
} as const satisfies RequestMap;
