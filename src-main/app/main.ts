import type { BrowserWindow } from 'electron';
import { app, dialog, Menu, shell } from 'electron';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type DataFolder, resolveDataFolder } from '../core/settings/data-dir';
import type { MainServices } from '../host/compose';
import { APP_NAME, createMainServices } from '../host/compose';
import { bindIpc } from './ipc-bridge';
import { fileArgument } from './launch-args';
import { buildAppMenu } from './menu';
import { openFileAtPath } from './open-file';
import { handleAppProtocol, registerAppScheme } from './protocol';
import { installSecurityHandlers } from './security';
import { claimSingleInstance } from './single-instance';
import { createMainWindow, focusWindow } from './window';

/**
 * The Electron entry point (bundled to dist/main/main.mjs).
 * Why it only wires: every capability lives in core behind the composition root; the shell
 * binds a window, a protocol, IPC and menus to it, so the same app runs in browser mode and the
 * CLI without Electron.
 */

// The build puts the renderer and the preload next to this bundle: dist/renderer, dist/main.
const bundleDir = path.dirname(fileURLToPath(import.meta.url));
const rendererRoot = path.join(bundleDir, '..', 'renderer');
const preloadPath = path.join(bundleDir, 'preload.cjs');

/** Reports a failure to start and quits (showErrorBox works before the app is ready). */
function failToStart(error: unknown): void {
  console.error('[app] XDM Loader failed to start', error);
  dialog.showErrorBox(`${APP_NAME} cannot start`, error instanceof Error ? error.message : String(error));
  app.exit(1);
}

// Chromium's own profile lives inside our data directory, so XDM_LOADER_HOME isolates a run
// completely (tests, a second profile) and the single-instance lock is per data directory.
// The folder chosen on the Settings screen (a pointer in the default folder) is followed here,
// before anything opens it: the first start after a change copies the data into it.
let dataFolder: DataFolder;
try {
  dataFolder = resolveDataFolder();
} catch (error) {
  failToStart(error);
  throw error;
}
app.setName(APP_NAME);
app.setPath('userData', path.join(dataFolder.dir, 'electron'));
registerAppScheme();

let runningServices: MainServices | null = null;
let mainWindow: BrowserWindow | null = null;
/** Files to open once the page can receive `file.opened`; set while a page of ours is loaded. */
const pendingFiles: string[] = [];
let deliverFile: ((filePath: string) => void) | null = null;

function requestOpen(filePath: string): void {
  if (deliverFile) deliverFile(filePath);
  else pendingFiles.push(filePath);
}

async function openAndReport(services: MainServices, filePath: string): Promise<void> {
  try {
    await openFileAtPath(services, filePath);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    const box = { type: 'warning' as const, title: APP_NAME, message: 'This file cannot be opened.', detail };
    if (mainWindow && !mainWindow.isDestroyed()) await dialog.showMessageBox(mainWindow, box);
    else await dialog.showMessageBox(box);
  }
}

function showWindow(services: MainServices): BrowserWindow {
  if (mainWindow && !mainWindow.isDestroyed()) {
    focusWindow(mainWindow);
    return mainWindow;
  }
  const devIcon = path.join(app.getAppPath(), 'assets', 'icons', 'icon.png');
  const window = createMainWindow({
    preload: preloadPath,
    devTools: !app.isPackaged,
    ...(existsSync(devIcon) ? { icon: devIcon } : {}),
  });
  // Events sent before the page has loaded would be lost; files wait for it.
  window.webContents.on('did-finish-load', () => {
    deliverFile = (filePath) => void openAndReport(services, filePath);
    for (const filePath of pendingFiles.splice(0)) deliverFile(filePath);
  });
  window.webContents.on('did-start-loading', () => {
    deliverFile = null;
  });
  window.on('closed', () => {
    deliverFile = null;
    if (mainWindow === window) mainWindow = null;
  });
  mainWindow = window;
  return window;
}

/** The shell's folder dialog (the data folder's "Change…"); null when the steward cancels. */
async function pickFolder(window: BrowserWindow | null): Promise<string | null> {
  const options = { title: 'Choose the data folder', properties: ['openDirectory' as const, 'createDirectory' as const] };
  const chosen = window && !window.isDestroyed() ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
  return chosen.canceled ? null : (chosen.filePaths[0] ?? null);
}

async function start(): Promise<void> {
  await app.whenReady();
  installSecurityHandlers();
  handleAppProtocol(rendererRoot);

  // Help links open in the system browser: the window itself never navigates (security.ts).
  const ready = createMainServices({
    mode: 'electron',
    dataFolder,
    version: app.getVersion(),
    pickFolder: () => pickFolder(mainWindow),
    openExternal: (url) => shell.openExternal(url),
    revealInFolder: (fullPath) => shell.showItemInFolder(fullPath),
  });
  runningServices = ready;
  const unbindIpc = bindIpc(ready, () => mainWindow);

  app.setAboutPanelOptions({ applicationName: APP_NAME, applicationVersion: app.getVersion() });
  Menu.setApplicationMenu(
    buildAppMenu({
      isPackaged: app.isPackaged,
      getWindow: () => mainWindow,
      openFile: (filePath) => openFileAtPath(ready, filePath),
    }),
  );

  app.on('activate', () => {
    showWindow(ready);
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  let disposed = false;
  app.on('will-quit', (event) => {
    if (disposed) return;
    event.preventDefault();
    unbindIpc();
    void ready
      .dispose()
      .catch((error: unknown) => console.error('[app] shutting down failed', error))
      .finally(() => {
        disposed = true;
        app.quit();
      });
  });

  showWindow(ready);
  const launchFile = fileArgument(process.argv, process.cwd());
  if (launchFile !== null) requestOpen(launchFile);
}

const isFirstInstance = claimSingleInstance((filePath) => {
  // A second launch brings the window back (macOS keeps running with none) and opens its file.
  if (runningServices !== null) showWindow(runningServices);
  if (filePath !== null) requestOpen(filePath);
});

if (!isFirstInstance) {
  app.quit();
} else {
  // macOS hands files dropped on the Dock icon (or opened with the app) to this event.
  app.on('open-file', (event, filePath) => {
    event.preventDefault();
    requestOpen(filePath);
  });
  start().catch(failToStart);
}
