import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { AppError } from '../../../src-shared/domain/errors';

/**
 * Where the app keeps its data (settings, connections, jobs, journals), per user.
 * Why: each OS has a per-user place for application data, and users expect to find it there;
 * XDM_LOADER_HOME overrides it so tests, CI and e2e runs get a fresh folder without touching the
 * user's real one.
 */

/** Folder name under the OS location: lower-case on Linux by XDG custom, the product name elsewhere. */
const LINUX_FOLDER = 'xdm-loader';
const PRODUCT_FOLDER = 'XDM Loader';

type Env = Readonly<Record<string, string | undefined>>;

const nonEmpty = (value: string | undefined): string | undefined => (value === undefined || value.trim() === '' ? undefined : value);

/** The data folder's path, without creating it. */
export function dataDirPath(env: Env = process.env, platform: NodeJS.Platform = process.platform): string {
  const override = nonEmpty(env.XDM_LOADER_HOME);
  if (override !== undefined) return platform === 'win32' ? path.win32.resolve(override) : path.resolve(override);

  if (platform === 'win32') {
    const appData = nonEmpty(env.APPDATA) ?? path.win32.join(nonEmpty(env.USERPROFILE) ?? homedir(), 'AppData', 'Roaming');
    return path.win32.join(appData, PRODUCT_FOLDER);
  }
  const home = nonEmpty(env.HOME) ?? homedir();
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Application Support', PRODUCT_FOLDER);
  const configHome = nonEmpty(env.XDG_CONFIG_HOME);
  // XDG: a relative XDG_CONFIG_HOME is invalid and must be ignored.
  const base = configHome !== undefined && path.posix.isAbsolute(configHome) ? configHome : path.posix.join(home, '.config');
  return path.posix.join(base, LINUX_FOLDER);
}

/** The data folder, created if missing. */
export function resolveDataDir(env: Env = process.env, platform: NodeJS.Platform = process.platform): string {
  const dir = dataDirPath(env, platform);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new AppError('FILE_UNREADABLE', `Cannot create the data folder ${dir}: ${detail}`, { file: dir });
  }
  return dir;
}
