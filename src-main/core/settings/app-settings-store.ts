import { AppError } from '../../../src-shared/domain/errors';
import { AppSettings, defaultAppSettings } from '../../../src-shared/domain/app-settings';
import { readSettingsFile, settingsWritten, updateSettingsFile } from './settings-file';

/**
 * The Settings screen's choices, kept in the settings file beside the connections.
 * Why only the changed ones on disk: a default that improves in a later version reaches everyone
 * who never chose otherwise. Why validated here too: the CLI and tests call this without the
 * router, and a value out of range must never reach a job.
 */
export interface AppSettingsStore {
  get(): Promise<AppSettings>;
  /** Applies `patch` (validated whole), writes the file atomically, and returns the settings now in force. */
  update(patch: Partial<AppSettings>): Promise<AppSettings>;
}

export function createAppSettingsStore(options: { dataDir: string }): AppSettingsStore {
  const { dataDir } = options;
  return {
    async get() {
      await settingsWritten(dataDir);
      const file = await readSettingsFile(dataDir);
      return { ...defaultAppSettings, ...file.preferences.app };
    },
    update(patch) {
      return updateSettingsFile(dataDir, (file) => {
        const parsed = AppSettings.safeParse({ ...defaultAppSettings, ...file.preferences.app, ...patch });
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          const field = issue?.path.join('.') ?? '';
          throw new AppError('INVALID_INPUT', `${field ? `${field}: ` : ''}${issue?.message ?? 'invalid setting'}`, { field });
        }
        const changed = Object.fromEntries(Object.entries(parsed.data).filter(([key, value]) => value !== defaultAppSettings[key as keyof AppSettings]));
        file.preferences.app = changed;
        return parsed.data;
      });
    },
  };
}
