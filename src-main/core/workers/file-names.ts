import { AppError, isAppError } from '../../../src-shared/domain/errors';

/**
 * Rewrites an AppError so that it names the user's file, not the path the process read.
 * Why: a path is main's business (in browser mode, a temp copy the user never saw); messages and
 * `where.file` speak of the file as the user dropped it. Other errors pass through untouched.
 */
export function withFileName(error: unknown, filePath: string, name: string): unknown {
  if (!isAppError(error)) return error;
  const message = error.message.split(filePath).join(name);
  const rewritten = new AppError(error.code, message, { ...error.where, file: name });
  rewritten.stack = error.stack;
  return rewritten;
}
