import type { AppInfo } from '../../../src-shared/ipc/contract';
import type { appRequests } from '../../../src-shared/ipc/requests/app';
import { xdmTerms } from '../../../src-shared/xdm/xdm-terms';
import type { RecentFiles } from '../../core/drafts/index';
import type { FileRegistry } from '../../core/files/file-registry';
import { type FileWorkClient, withFileName } from '../../core/workers/index';
import type { HandlerFragment } from './fragment';
import { callOptions } from './call-options';

export interface AppHandlerDeps {
  files: FileRegistry;
  info: () => AppInfo;
  /** The worker thread that reads and parses files (never the main thread: design §3). */
  work: FileWorkClient;
  /** The files the Prepare screen offers again; a file inspected successfully joins them. */
  recent: Pick<RecentFiles, 'add'>;
  /**
   * Opens an https address in the system browser: the Electron shell's `shell.openExternal`.
   * Absent in browser mode, whose pages open links themselves.
   */
  openExternal?: (url: string) => Promise<void>;
}

/**
 * The app itself and file inspection.
 * Why injected services: the same handlers serve Electron and browser mode, and tests hand them a
 * registry of their own. Inspection runs in the file worker, which names the user's file (not
 * main's path to it) in its errors.
 */
export function appHandlers(deps: AppHandlerDeps): HandlerFragment<keyof typeof appRequests> {
  return {
    'app.info': async () => deps.info(),

    'help.openDocs': async ({ term }) => {
      if (!deps.openExternal) return { opened: false };
      await deps.openExternal(xdmTerms[term].docs);
      return { opened: true };
    },

    'files.inspect': async ({ fileRef, maxRows, read }, ctx) => {
      const file = deps.files.resolve(fileRef);
      // In browser mode the path is a temp copy; the user knows the file by the name they dropped.
      const inspection = await deps.work.call('inspect', { file: { path: file.path, name: file.name, ...(read ? { read } : {}) }, maxRows }, callOptions(ctx));
      // Only a file that could be read is worth offering again.
      await deps.recent.add({ origin: file.origin, path: file.path, name: file.name, size: file.size });
      return inspection;
    },
  };
}

/**
 * Rewrites an error from core so that it names the user's file, not main's path to it.
 * Why: a path is main's business (and in browser mode, a temp file the user never saw).
 */
export function withUserFileName(error: unknown, filePath: string, name: string): unknown {
  return withFileName(error, filePath, name);
}
