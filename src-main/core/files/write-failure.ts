import { AppError, isAppError } from '../../../src-shared/domain/errors';

/**
 * Failures of writing to disk, worded for people with the file they were writing.
 * Why: a full disk or a read-only folder is the user's to fix, not a bug. Node's own wording
 * ("ENOSPC: no space left on device, write") names no file when it comes from a stream, and an
 * unknown error becomes "internal error" in the CLI; one line that says what happened and where
 * lets the user act.
 */

/** The operating system's error codes for writes, in words. */
const CAUSES = new Map<string, string>([
  ['ENOSPC', 'the disk is full'],
  ['EDQUOT', 'the disk quota is used up'],
  ['EFBIG', 'the file is larger than the file system allows'],
  ['EROFS', 'the file system is read-only'],
  ['EACCES', 'permission denied'],
  ['EPERM', 'the operation is not permitted'],
  ['ENOENT', 'its folder does not exist'],
  ['ENOTDIR', 'a part of the path is a file, not a folder'],
  ['EISDIR', 'it is a folder'],
  ['EEXIST', 'a file of that name is in the way'],
  ['EIO', 'the disk reported an input/output error'],
  ['EINVAL', 'the file system does not accept this write'],
  ['EMFILE', 'too many files are open'],
  ['ENFILE', 'too many files are open'],
  ['ENAMETOOLONG', 'the name is too long'],
]);

function errnoCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) ? code : undefined;
}

/**
 * `error` as a FILE_UNWRITABLE AppError naming `file` (Node's own `path` when it has one);
 * an AppError is returned as it is, so wrapping twice keeps the first place.
 */
export function writeFailure(error: unknown, file: string): AppError {
  if (isAppError(error)) return error;
  const code = errnoCode(error);
  const place = (error as { path?: unknown } | null)?.path;
  const where = typeof place === 'string' && place !== '' ? place : file;
  const cause = (code !== undefined ? CAUSES.get(code) : undefined) ?? (error instanceof Error ? error.message : String(error));
  return new AppError('FILE_UNWRITABLE', `Cannot write ${where}: ${cause}${code !== undefined ? ` (${code})` : ''}.`, { file: where });
}

/** Runs a write and rethrows any failure as {@link writeFailure}. */
export async function writingTo<T>(file: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (e) {
    throw writeFailure(e, file);
  }
}
