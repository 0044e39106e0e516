import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../src-shared/domain/errors';
import { AppSettings } from '../../../src-shared/domain/app-settings';
import { AepConnection } from '../../../src-shared/platform/connection';
import { writeFileAtomic } from './atomic-write';

/**
 * The settings file in the app's data dir: connections and preferences, never secrets.
 * Why zod on read: the file is hand-editable and may come from an older or newer version; a
 * bad file must be reported with its path and the first problem, not half-loaded.
 */
export const SETTINGS_FILE_NAME = 'settings.json';

export const Preferences = z.object({
  /** The connection the target screen and the CLI use when none is named. */
  activeConnectionId: z.string().optional(),
  /** The Settings screen's choices that differ from the defaults (app-settings.ts fills in the rest). */
  app: AppSettings.partial().optional(),
});
export type Preferences = z.infer<typeof Preferences>;

export const SettingsFile = z.object({
  version: z.literal(1),
  connections: z.array(AepConnection),
  preferences: Preferences.default({}),
});
export type SettingsFile = z.infer<typeof SettingsFile>;

export const emptySettings = (): SettingsFile => ({ version: 1, connections: [], preferences: {} });

export function settingsFilePath(dataDir: string): string {
  return path.join(dataDir, SETTINGS_FILE_NAME);
}

/** Reads the settings file; a missing file is an empty configuration, a broken one an error. */
export async function readSettingsFile(dataDir: string): Promise<SettingsFile> {
  const file = settingsFilePath(dataDir);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptySettings();
    throw new AppError('FILE_UNREADABLE', `Cannot read the settings file ${file}: ${(error as Error).message}`, { file });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new AppError(
      'FILE_MALFORMED',
      `The settings file ${file} is not valid JSON (${(error as Error).message}). Fix it, or move it away to start with no connections.`,
      { file },
    );
  }
  const parsed = SettingsFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    throw new AppError(
      'FILE_MALFORMED',
      `The settings file ${file} is not valid${at}: ${issue?.message ?? 'unknown problem'}. Fix it, or move it away to start with no connections.`,
      { file, field: issue?.path.join('.') },
    );
  }
  return parsed.data;
}

/** Validates and writes the settings file atomically, readable by the current user only. */
export async function writeSettingsFile(dataDir: string, settings: SettingsFile): Promise<void> {
  const valid = SettingsFile.parse(settings);
  await writeFileAtomic(settingsFilePath(dataDir), `${JSON.stringify(valid, null, 2)}\n`, { mode: 0o600 });
}

/** Per settings file, the last read-modify-write queued (settled or not). */
const pending = new Map<string, Promise<unknown>>();

/**
 * Runs one read-modify-write of the settings file after the previous one, whatever its outcome.
 * Why one queue per file for every store: connections and the Settings screen's choices share the
 * file, and two stores each with its own queue could each write back what the other just lost.
 */
export function updateSettingsFile<T>(dataDir: string, change: (settings: SettingsFile) => T): Promise<T> {
  const key = settingsFilePath(path.resolve(dataDir));
  const run = (pending.get(key) ?? Promise.resolve()).then(async () => {
    const settings = await readSettingsFile(dataDir);
    const result = change(settings);
    await writeSettingsFile(dataDir, settings);
    return result;
  });
  pending.set(
    key,
    run.catch(() => undefined),
  );
  return run;
}

/** Settles once every queued change of the file is written (or failed), so a read sees them. */
export async function settingsWritten(dataDir: string): Promise<void> {
  await pending.get(settingsFilePath(path.resolve(dataDir)));
}
