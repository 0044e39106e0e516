import { AppError, isAppError } from '../../../src-shared/domain/errors';
import type { AppInfo } from '../../../src-shared/ipc/contract';
import type { appRequests } from '../../../src-shared/ipc/requests/app';
import type { FileRegistry } from '../../core/files/file-registry';
import { inspectFile } from '../../core/sources/index';
import type { HandlerFragment } from './fragment';

export interface AppHandlerDeps {
  files: FileRegistry;
  info: () => AppInfo;
}

/**
 * The app itself and file inspection.
 * Why injected services: the same handlers serve Electron and browser mode, and tests hand them a
 * registry of their own.
 */
export function appHandlers(deps: AppHandlerDeps): HandlerFragment<keyof typeof appRequests> {
  return {
    'app.info': async () => deps.info(),

    'files.inspect': async ({ fileRef, maxRows }) => {
      const file = deps.files.resolve(fileRef);
      try {
        // In browser mode the path is a temp copy; the user knows the file by the name they dropped.
        const inspection = await inspectFile(file.path, { maxRows, displayName: file.name });
        return { ...inspection, file: { ...inspection.file, name: file.name } };
      } catch (error) {
        throw withUserFileName(error, file.path, file.name);
      }
    },
  };
}

/**
 * Rewrites an error from core so that it names the user's file, not main's path to it.
 * Why: a path is main's business (and in browser mode, a temp file the user never saw).
 */
export function withUserFileName(error: unknown, filePath: string, name: string): unknown {
  if (!isAppError(error)) return error;
  const message = error.message.split(filePath).join(name);
  const rewritten = new AppError(error.code, message, { ...error.where, file: name });
  rewritten.stack = error.stack;
  return rewritten;
}
