// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { defaultAppSettings } from '../../src-shared/domain/app-settings';
import { AppError } from '../../src-shared/domain/errors';
import type { DataFolderView, SettingsView } from '../../src-shared/ipc/requests/settings';
import { createFakeBridge } from '../../src-renderer/bridge/fake-bridge';
import { useSettings } from '../../src-renderer/features/settings/use-settings';
import { renderHook } from './render-hook';
import { createTestStore } from './server-state';

/**
 * The Settings screen's data folder actions over the bridge: on the desktop "Change…" asks main for
 * the shell's folder dialog, then records the folder picked (nothing when the dialog is cancelled);
 * a refusal comes back in words; main's answer replaces the shown view, so the pending folder shows.
 */
const folder = (over: Partial<DataFolderView> = {}): DataFolderView => ({
  current: '/home/ann/.config/xdm-loader',
  source: 'default',
  defaultDir: '/home/ann/.config/xdm-loader',
  next: null,
  copyFrom: null,
  ...over,
});
const view = (over: Partial<DataFolderView> = {}): SettingsView => ({
  settings: defaultAppSettings,
  dataDir: '/home/ann/.config/xdm-loader',
  dataFolder: folder(over),
});

function bridgeWith(picked: string | null) {
  const bridge = createFakeBridge();
  bridge.respond('settings.get', () => view());
  bridge.respond('settings.pickDataFolder', () => ({ folder: picked }));
  bridge.respond('settings.chooseDataFolder', ({ folder: chosen }) => {
    if (chosen === '/full') throw new AppError('INVALID_INPUT', '/full is not empty: choose an empty folder or a new one.', { field: 'folder' });
    return view({ next: chosen, copyFrom: '/home/ann/.config/xdm-loader' });
  });
  bridge.respond('settings.useDefaultDataFolder', () => view());
  return bridge;
}

const names = (bridge: ReturnType<typeof createFakeBridge>) => bridge.calls.map((c) => c.name).filter((n) => n.startsWith('settings.'));

describe('the data folder’s actions', () => {
  it('desktop: picks with the folder dialog, then records the folder; the view shows it pending', async () => {
    const bridge = bridgeWith('/mnt/big/xdm');
    const settings = await renderHook(useSettings, createTestStore(bridge), bridge);
    await settings.settle((s) => s.view !== null);
    expect(await settings.current().folder.pickAndChoose()).toBeNull();
    const shown = await settings.settle((s) => s.view?.dataFolder.next !== null);
    expect(shown.view?.dataFolder).toMatchObject({ next: '/mnt/big/xdm', copyFrom: '/home/ann/.config/xdm-loader' });
    expect(names(bridge)).toEqual(['settings.get', 'settings.pickDataFolder', 'settings.chooseDataFolder']);
    expect(bridge.calls.at(-1)?.input).toEqual({ folder: '/mnt/big/xdm' });
    settings.unmount();
  });

  it('desktop: a cancelled dialog changes nothing; a refused folder comes back in words', async () => {
    const bridge = bridgeWith(null);
    const settings = await renderHook(useSettings, createTestStore(bridge), bridge);
    await settings.settle((s) => s.view !== null);
    expect(await settings.current().folder.pickAndChoose()).toBeNull();
    expect(names(bridge)).toEqual(['settings.get', 'settings.pickDataFolder']);
    expect(await settings.current().folder.choose('/full')).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('is not empty') });
    expect(settings.current().view?.dataFolder.next).toBeNull();
    settings.unmount();
  });
});
