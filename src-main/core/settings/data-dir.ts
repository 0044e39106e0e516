import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { AppError } from '../../../src-shared/domain/errors';
import { copyDataFolder } from './data-folder-copy';
import { dataFolderInUse } from './data-folder-lock';
import { readPointer, writePointer } from './data-folder-pointer';

/**
 * Where the app keeps its data (settings, connections, jobs, journals), per user.
 * Why: each OS has a per-user place for application data, and users expect to find it there;
 * the steward may choose another on the Settings screen (a pointer in the default folder:
 * data-folder-pointer.ts); XDM_LOADER_HOME overrides both, so tests, CI and e2e runs get a fresh
 * folder without touching the user's real one.
 */

/** Folder name under the OS location: lower-case on Linux by XDG custom, the product name elsewhere. */
const LINUX_FOLDER = 'xdm-loader';
const PRODUCT_FOLDER = 'XDM Loader';

type Env = Readonly<Record<string, string | undefined>>;

const nonEmpty = (value: string | undefined): string | undefined => (value === undefined || value.trim() === '' ? undefined : value);

/** The data folder's path as XDM_LOADER_HOME or the OS says (not the pointer), without creating it. */
export function dataDirPath(env: Env = process.env, platform: NodeJS.Platform = process.platform): string {
  const override = nonEmpty(env.XDM_LOADER_HOME);
  if (override !== undefined) return platform === 'win32' ? path.win32.resolve(override) : path.resolve(override);
  return defaultDataDirPath(env, platform);
}

/** The OS's per-user place, where the pointer to a chosen folder is kept. */
export function defaultDataDirPath(env: Env = process.env, platform: NodeJS.Platform = process.platform): string {
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

/** Where the data folder in use came from: XDM_LOADER_HOME, the Settings screen's choice (the pointer), the OS default, or the caller (`--data-dir`, tests). */
export type DataFolderSource = 'env' | 'pointer' | 'default' | 'option';

export interface DataFolder {
  dir: string;
  source: DataFolderSource;
  /** The OS default folder, which holds the pointer. */
  defaultDir: string;
  /** Why the pointer was not followed at this start (broken, or its copy failed), when it was not. */
  problem?: string;
}

/**
 * The data folder for this process, created if missing: XDM_LOADER_HOME, else the folder the
 * pointer names (copying the old folder's data into it first, the first time), else the default.
 * A pointer that cannot be used, or a copy that fails, leaves the folder used before, with the
 * reason logged and kept in `problem` (the Settings screen shows it).
 */
export function resolveDataFolder(
  env: Env = process.env,
  platform: NodeJS.Platform = process.platform,
  log: (message: string) => void = (message) => console.error(`[data-folder] ${message}`),
): DataFolder {
  const defaultDir = defaultDataDirPath(env, platform);
  if (nonEmpty(env.XDM_LOADER_HOME) !== undefined) return { dir: created(dataDirPath(env, platform)), source: 'env', defaultDir };
  const read = readPointer(defaultDir);
  if (read.pointer === null) {
    if (read.problem !== undefined) log(`the chosen data folder is ignored, the default is used: ${read.problem}`);
    return { dir: created(defaultDir), source: 'default', defaultDir, ...(read.problem !== undefined ? { problem: read.problem } : {}) };
  }
  const { dataDir, copyFrom } = read.pointer;
  if (copyFrom !== undefined && dataFolderInUse(copyFrom)) {
    // Another XDM Loader (the app not restarted yet, a command) works there: a copy now would be torn.
    const problem = `the data of ${copyFrom} is copied into ${dataDir} at a start when no other XDM Loader (the app, browser mode or a command) uses ${copyFrom}; until then ${copyFrom} is used`;
    log(problem);
    return { dir: created(copyFrom), source: copyFrom === defaultDir ? 'default' : 'pointer', defaultDir, problem };
  }
  if (copyFrom !== undefined) {
    try {
      copyDataFolder(copyFrom, dataDir);
      writePointer(defaultDir, { version: 1, dataDir });
    } catch (error) {
      const problem = `the data of ${copyFrom} could not be copied into ${dataDir}, so ${copyFrom} is still used (${(error as Error).message})`;
      log(problem);
      return { dir: created(copyFrom), source: copyFrom === defaultDir ? 'default' : 'pointer', defaultDir, problem };
    }
  }
  return { dir: created(dataDir), source: dataDir === defaultDir ? 'default' : 'pointer', defaultDir };
}

/** The data folder, created if missing (resolveDataFolder's folder). */
export function resolveDataDir(env: Env = process.env, platform: NodeJS.Platform = process.platform): string {
  return resolveDataFolder(env, platform).dir;
}

function created(dir: string): string {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new AppError('FILE_UNREADABLE', `Cannot create the data folder ${dir}: ${detail}`, { file: dir });
  }
  return dir;
}
