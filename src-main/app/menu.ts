import type { BrowserWindow, MenuItemConstructorOptions, OpenDialogOptions } from 'electron';
import { Menu, dialog } from 'electron';
import { openableFileFilters } from './openable-files';

/** Menu item ids, for tests that click through the real menu. */
export const menuIds = { openFile: 'file.open' } as const;

export interface AppMenuOptions {
  /** Packaged builds have no developer tools in the View menu. */
  isPackaged: boolean;
  getWindow: () => BrowserWindow | null;
  /** Opens a file the user chose; rejects with a message to show when it cannot be opened. */
  openFile: (filePath: string) => Promise<unknown>;
}

/**
 * Asks for a data file and opens it.
 * Why the filters: the dialog offers the formats the app reads (CSV, TSV, JSON, JSON Lines /
 * NDJSON, Parquet); "All files" stays available because sniffing decides, not the extension.
 */
async function chooseAndOpen(options: AppMenuOptions): Promise<void> {
  const window = options.getWindow();
  const dialogOptions: OpenDialogOptions = {
    title: 'Open a data file',
    properties: ['openFile'],
    filters: [...openableFileFilters.map((filter) => ({ name: filter.name, extensions: [...filter.extensions] })), { name: 'All files', extensions: ['*'] }],
  };
  const result = window === null ? await dialog.showOpenDialog(dialogOptions) : await dialog.showOpenDialog(window, dialogOptions);
  const [filePath] = result.filePaths;
  if (result.canceled || filePath === undefined) return;
  try {
    await options.openFile(filePath);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const box = { type: 'warning' as const, title: 'XDM Loader', message: 'This file cannot be opened.', detail: message };
    if (window === null) await dialog.showMessageBox(box);
    else await dialog.showMessageBox(window, box);
  }
}

/**
 * The application menu: File > Open…, Edit, View, Help (and the app menu on macOS).
 * Why roles wherever possible: they give each platform its own labels, shortcuts and behaviour
 * (copy and paste into the grid's editors, zoom, full screen) without code of ours.
 */
export function buildAppMenu(options: AppMenuOptions): Menu {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: '&File',
      submenu: [
        {
          id: menuIds.openFile,
          label: 'Open…',
          accelerator: 'CmdOrCtrl+O',
          click: () => {
            void chooseAndOpen(options);
          },
        },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: '&View',
      submenu: [
        { role: 'reload' },
        ...(options.isPackaged ? [] : [{ role: 'forceReload' as const }, { role: 'toggleDevTools' as const }]),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [{ role: 'about', label: 'About XDM Loader' }],
    },
  ];
  return Menu.buildFromTemplate(template);
}
