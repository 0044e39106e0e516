import { AppError } from '../../../src-shared/domain/errors';
import type { AppSettingsStore } from '../../core/settings/app-settings-store';
import type { DataFolderSettings } from '../../core/settings/data-folder-choice';
import type { HandlerFragment, RequestsOf } from './fragment';

export interface SettingsHandlerDeps {
  dataDir: string;
  appSettings: AppSettingsStore;
  /** The data folder in use and the one chosen for the next start (core/settings/data-folder-choice.ts). */
  dataFolder: DataFolderSettings;
  /** The desktop shell's folder dialog (Electron's `dialog.showOpenDialog`); browser mode has none. */
  pickFolder?: () => Promise<string | null>;
}

/** The Settings screen: the steward's settings, validated and kept by main (core/settings), and the data folder. */
export function settingsHandlers(deps: SettingsHandlerDeps): HandlerFragment<RequestsOf<'settings'>> {
  const viewOf = async () => ({ settings: await deps.appSettings.get(), dataDir: deps.dataDir, dataFolder: deps.dataFolder.view() });
  return {
    'settings.get': () => viewOf(),
    'settings.save': async (patch) => {
      await deps.appSettings.update(patch);
      return viewOf();
    },
    'settings.chooseDataFolder': async ({ folder }) => {
      await deps.dataFolder.choose(folder);
      return viewOf();
    },
    'settings.useDefaultDataFolder': async () => {
      deps.dataFolder.useDefault();
      return viewOf();
    },
    'settings.pickDataFolder': async () => {
      if (!deps.pickFolder) throw new AppError('INTERNAL', 'This window has no folder dialog: type the folder’s path instead.');
      return { folder: await deps.pickFolder() };
    },
  };
}
