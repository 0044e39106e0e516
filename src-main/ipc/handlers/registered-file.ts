import type { FileRegistry } from '../../core/files/file-registry';
import type { FileToRead } from '../../core/workers/index';

/** The registered file as the worker reads it: main's path, the user's name. */
export function registeredFile(files: FileRegistry, fileRef: string): Required<FileToRead> {
  const file = files.resolve(fileRef);
  return { path: file.path, name: file.name };
}
