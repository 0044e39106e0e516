import type { AppSettingsStore } from '../../core/settings/app-settings-store';
import type { HandlerFragment, RequestsOf } from './fragment';

export interface SettingsHandlerDeps {
  dataDir: string;
  appSettings: AppSettingsStore;
}

/** The Settings screen: the steward's settings, validated and kept by main (core/settings). */
export function settingsHandlers(deps: SettingsHandlerDeps): HandlerFragment<RequestsOf<'settings'>> {
  return {
    'settings.get': async () => ({ settings: await deps.appSettings.get(), dataDir: deps.dataDir }),
    'settings.save': async (patch) => ({ settings: await deps.appSettings.update(patch), dataDir: deps.dataDir }),
  };
}
