import type { FileRegistry } from '../../core/files/file-registry';
import type { ReadSettings } from '../../../src-shared/domain/read-settings';
import type { FileToRead } from '../../core/workers/index';

/** The registered file as the worker reads it: main's path, the user's name, the steward's read settings. */
export function registeredFile(files: FileRegistry, fileRef: string, read?: ReadSettings): FileToRead & { name: string } {
  const file = files.resolve(fileRef);
  return { path: file.path, name: file.name, ...(read ? { read } : {}) };
}
