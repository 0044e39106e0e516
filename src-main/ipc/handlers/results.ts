import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../../src-shared/domain/errors';
import type { ResultFile } from '../../../src-shared/ipc/requests/results';
import type { DownloadTickets } from '../download-tickets';
import type { HandlerFragment } from './fragment';

export interface ResultHandlerDeps {
  dataDir: string;
  /** Browser mode's one-time links, redeemed by the host's `GET /results/TICKET`. */
  downloads: DownloadTickets;
  /** The desktop shell's "Show in folder" (Electron's `shell.showItemInFolder`); absent in browser mode. */
  revealInFolder?: (fullPath: string) => void;
}

const outside = (root: string, target: string): boolean => {
  const relative = path.relative(root, target);
  return relative.startsWith('..') || path.isAbsolute(relative);
};

/**
 * The file named, checked to lie inside one of the app's job folders, resolved with its links.
 * Why so strict: the renderer (or a page in browser mode) names the file; only what a job wrote
 * under `<dataDir>/jobs/<job>/` may be shown or served, never `..`, another folder, nor a link
 * out of it.
 */
async function resultPath(jobsDir: string, { folder, file }: ResultFile): Promise<string> {
  const jobFolder = path.resolve(folder);
  if (path.dirname(jobFolder) !== path.resolve(jobsDir)) {
    throw new AppError('INVALID_INPUT', "folder must be one of the app's job folders, as a job's summary names it.", { field: 'folder' });
  }
  const target = path.resolve(jobFolder, file ?? '.');
  if (outside(jobFolder, target)) throw new AppError('INVALID_INPUT', 'file must lie inside its job folder.', { field: 'file' });
  let real: { folder: string; target: string };
  try {
    real = { folder: await realpath(jobFolder), target: await realpath(target) };
  } catch {
    throw new AppError('NOT_FOUND', `${file ?? path.basename(jobFolder)} is no longer there: the job folder may have been removed by retention.`, {
      file: file ?? folder,
    });
  }
  if (outside(real.folder, real.target)) throw new AppError('INVALID_INPUT', 'file must lie inside its job folder.', { field: 'file' });
  return real.target;
}

/**
 * A job's files within reach: shown in the file manager by the desktop app, a one-time download
 * link in browser mode (see requests/results.ts).
 */
export function resultHandlers(deps: ResultHandlerDeps): HandlerFragment<'results.open'> {
  const jobsDir = path.join(deps.dataDir, 'jobs');
  return {
    'results.open': async (input, ctx) => {
      const target = await resultPath(jobsDir, input);
      if (ctx.transport === 'electron') {
        if (!deps.revealInFolder) throw new AppError('INTERNAL', 'This window cannot show files in a folder.');
        deps.revealInFolder(target);
        return { action: 'shown', path: target };
      }
      if (!(await stat(target)).isFile()) throw new AppError('INVALID_INPUT', 'Only a file can be downloaded, not a folder.', { field: 'file' });
      const fileName = path.basename(target);
      return { action: 'download', url: `/results/${deps.downloads.issue({ path: target, fileName })}`, fileName };
    },
  };
}
