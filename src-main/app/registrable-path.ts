import { stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../src-shared/domain/errors';

/** Longer than any path an OS hands out; anything longer is not a dropped file. */
const MAX_PATH_LENGTH = 4096;

/**
 * Checks a path that arrived over IPC before it is registered: a string, absolute, naming an
 * existing regular file. Returns the normalized path or throws an AppError.
 * Why: the preload only ever sends what `webUtils.getPathForFile` returned, but main trusts
 * nothing from a renderer; a relative path, a folder, a device or a made-up string is refused
 * here with a code the renderer can show.
 */
export async function checkRegistrablePath(value: unknown): Promise<string> {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_PATH_LENGTH || value.includes('\0')) {
    throw new AppError('INVALID_INPUT', 'The dropped item is not a file on disk.', { field: 'path' });
  }
  if (!path.isAbsolute(value)) {
    throw new AppError('INVALID_INPUT', 'The dropped item is not a file on disk.', { field: 'path' });
  }
  const absolute = path.normalize(value);
  const name = path.basename(absolute);
  let isFile: boolean;
  try {
    isFile = (await stat(absolute)).isFile();
  } catch {
    throw new AppError('FILE_UNREADABLE', `${name} cannot be found or read.`, { file: name });
  }
  if (!isFile) throw new AppError('FILE_UNREADABLE', `${name} is not a regular file.`, { file: name });
  return absolute;
}
