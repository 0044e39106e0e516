import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { AppSettings } from '../../../src-shared/domain/app-settings';
import type { AppErrorShape } from '../../../src-shared/domain/errors';
import type { SettingsView } from '../../../src-shared/ipc/requests/settings';
import { serverKeys } from '../../queries/keys';
import { useBridge } from '../../queries/server-context';
import { ask, errorOf, outcomeOf } from '../../queries/request';
import { serverQueries } from '../../queries/server-queries';

export interface SettingsState {
  view: SettingsView | null;
  error: AppErrorShape | null;
  saving: boolean;
  /** Why the last save was refused (main validates every value). */
  saveError: AppErrorShape | null;
  /** Sends the changed settings; main's answer replaces the cached ones, so the window follows at once. */
  save(patch: Partial<AppSettings>): Promise<boolean>;
  folder: DataFolderActions;
}

/** Changes of the data folder for the next start; each resolves to why main refused, or null. */
export interface DataFolderActions {
  choose(folder: string): Promise<AppErrorShape | null>;
  /** The desktop's folder dialog, then `choose`; null too when the steward cancels. */
  pickAndChoose(): Promise<AppErrorShape | null>;
  useDefault(): Promise<AppErrorShape | null>;
}

/** The steward's settings as main keeps them, and a way to change some. */
export function useSettings(): SettingsState {
  const bridge = useBridge();
  const client = useQueryClient();
  const query = useQuery(serverQueries.settings(bridge));
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<AppErrorShape | null>(null);
  /** Main answers a change with the whole view, which replaces the cached one. */
  const change = async (send: () => Promise<SettingsView>): Promise<AppErrorShape | null> => {
    const result = await outcomeOf(send);
    if (!result.ok) return result.error;
    client.setQueryData(serverKeys.settings(), result.value);
    return null;
  };
  const choose = (folder: string) => change(() => ask(bridge, 'settings.chooseDataFolder', { folder }));
  return {
    view: query.data ?? null,
    error: query.isError ? errorOf(query.error) : null,
    saving,
    saveError,
    async save(patch) {
      setSaving(true);
      setSaveError(null);
      const result = await outcomeOf(() => ask(bridge, 'settings.save', patch));
      setSaving(false);
      if (!result.ok) {
        setSaveError(result.error);
        return false;
      }
      client.setQueryData(serverKeys.settings(), result.value);
      return true;
    },
    folder: {
      choose,
      async pickAndChoose() {
        const picked = await outcomeOf(() => ask(bridge, 'settings.pickDataFolder', {}));
        if (!picked.ok) return picked.error;
        return picked.value.folder === null ? null : choose(picked.value.folder);
      },
      useDefault: () => change(() => ask(bridge, 'settings.useDefaultDataFolder', {})),
    },
  };
}
