import { BrowserWindow } from 'electron';
import { windowWebPreferences } from './security';
import { APP_ENTRY_URL } from './security-policy';

export interface MainWindowOptions {
  /** Absolute path of the bundled preload (dist/main/preload.cjs). */
  preload: string;
  /** DevTools are available only in development builds. */
  devTools: boolean;
  /** The window icon on Linux and Windows (macOS takes it from the bundle). */
  icon?: string;
}

/**
 * Creates the main window and loads the renderer from app://.
 * Why shown on 'ready-to-show': the window appears with its first frame painted instead of
 * flashing white. The title comes from the page's <title>; "XDM Loader" until it loads.
 */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    title: 'XDM Loader',
    width: 1280,
    height: 860,
    minWidth: 900,
    minHeight: 600,
    show: false,
    ...(options.icon === undefined ? {} : { icon: options.icon }),
    webPreferences: windowWebPreferences({ preload: options.preload, devTools: options.devTools }),
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(APP_ENTRY_URL).catch((error: unknown) => {
    console.error('[app] the renderer failed to load', error);
  });
  return window;
}

/** Brings the window to the front, restoring it if it was minimized. */
export function focusWindow(window: BrowserWindow): void {
  if (window.isMinimized()) window.restore();
  if (!window.isVisible()) window.show();
  window.focus();
}
