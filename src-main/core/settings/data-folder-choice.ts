import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../../src-shared/domain/errors';
import type { DataFolderView } from '../../../src-shared/ipc/requests/settings';
import type { DataFolder } from './data-dir';
import { readPointer, writePointer } from './data-folder-pointer';

/**
 * The Settings screen's data folder: where this run keeps its data, where the next start will,
 * and the steward's change of it (a pointer in the default folder, followed at the next start).
 * Why not at once: the services, the Local sandbox and the jobs hold the folder open; the next
 * start copies the data (data-folder-copy.ts) before anything opens it. Why checked here: the path
 * comes from a text field in browser mode, and a wrong one must be refused now, not at the start.
 */
export interface DataFolderSettings {
  view(): DataFolderView;
  /** Records `folder` for the next start, which copies this folder's data into it. */
  choose(folder: string): Promise<DataFolderView>;
  /** The next start uses the default folder again, with the data it holds (nothing is copied). */
  useDefault(): DataFolderView;
}

export function createDataFolderSettings(deps: {
  folder: DataFolder;
  /** What runs now (jobs write their journals and outputs in the folder): a change waits for them. */
  runningJobs: () => number;
}): DataFolderSettings {
  const { folder } = deps;
  const current = folder.dir;

  function view(): DataFolderView {
    const fixed = folder.source === 'env' || folder.source === 'option';
    const read = fixed ? { pointer: null } : readPointer(folder.defaultDir);
    const next = read.pointer?.dataDir ?? folder.defaultDir;
    return {
      current,
      source: folder.source,
      defaultDir: folder.defaultDir,
      next: fixed || next === current ? null : next,
      copyFrom: read.pointer?.copyFrom !== undefined && read.pointer.dataDir !== current ? read.pointer.copyFrom : null,
      ...(folder.problem !== undefined ? { problem: folder.problem } : {}),
    };
  }

  function changeable(): void {
    if (folder.source === 'env')
      throw new AppError('CONFLICT', 'XDM_LOADER_HOME is set, and it wins over a folder chosen here: unset it to choose the data folder on this screen.');
    if (folder.source === 'option') throw new AppError('CONFLICT', 'This run was started with --data-dir, which wins over a folder chosen here.');
    const running = deps.runningJobs();
    if (running > 0)
      throw new AppError(
        'CONFLICT',
        `${running === 1 ? 'A job is' : `${running} jobs are`} running and writing in the data folder: wait for ${running === 1 ? 'it' : 'them'} to end, or stop ${running === 1 ? 'it' : 'them'}, then change the folder.`,
      );
  }

  function useDefault(): DataFolderView {
    changeable();
    writePointer(folder.defaultDir, null);
    return view();
  }

  return {
    view,
    useDefault,
    async choose(input) {
      changeable();
      const field = { field: 'folder' };
      if (!path.isAbsolute(input)) throw new AppError('INVALID_INPUT', `“${input}” is not an absolute path: give the whole path, from the root.`, field);
      const target = path.resolve(input);
      if (target === folder.defaultDir) return useDefault();
      if (target === current) throw new AppError('INVALID_INPUT', `${target} is the data folder already.`, field);
      const relative = path.relative(current, target);
      if (!relative.startsWith('..') && !path.isAbsolute(relative))
        throw new AppError('INVALID_INPUT', `${target} is inside the data folder ${current}: choose a folder outside it.`, field);
      await writableEmptyFolder(target);
      writePointer(folder.defaultDir, { version: 1, dataDir: target, copyFrom: current });
      return view();
    },
  };
}

/** `target` made if missing, empty, and writable by this process (a probe file written and removed); else why not. */
async function writableEmptyFolder(target: string): Promise<void> {
  const field = { field: 'folder' };
  const info = await stat(target).catch(() => undefined);
  if (info && !info.isDirectory()) throw new AppError('INVALID_INPUT', `${target} is a file, not a folder.`, field);
  if (info && (await readdir(target)).length > 0)
    throw new AppError('INVALID_INPUT', `${target} is not empty: choose an empty folder or a new one, so no file there is mixed with the app's.`, field);
  const probe = path.join(target, `.xdm-loader-write-test-${randomBytes(4).toString('hex')}`);
  try {
    await mkdir(target, { recursive: true });
    await writeFile(probe, 'probe');
    await rm(probe, { force: true });
  } catch (error) {
    throw new AppError('INVALID_INPUT', `XDM Loader cannot write in ${target}: ${(error as Error).message}`, field);
  }
}
