import { randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../../src-shared/domain/errors';
import type { FileRef, RegisteredFile } from '../../../src-shared/ipc/contract';

/** What main knows about a registered file; the path never leaves main. */
export interface ResolvedFile {
  path: string;
  name: string;
  size: number;
  /**
   * What identifies the user's file from one session to the next (drafts and recent files are
   * kept by it): its absolute path, or for a copy made of an upload, `upload:` and the name the
   * user's browser gave (the copy's own path is new at every drop).
   */
  origin: string;
}

/** The origin of a file the browser sent: a browser never tells a page where a file is. */
export function uploadOrigin(name: string): string {
  return `upload:${name}`;
}

/** Bytes of randomness in a reference: 144 bits, 24 base64url characters. */
const REF_BYTES = 18;

/**
 * The table of files the renderer may name, by opaque reference.
 * Why: the renderer never holds a path. A reference is random and unguessable, so a page that
 * is not ours (or a compromised renderer) cannot make main read arbitrary files by naming them;
 * it can only name files the user dropped or opened.
 */
export class FileRegistry {
  readonly #files = new Map<string, ResolvedFile>();

  /**
   * Registers a file the user chose and returns its reference.
   * Why the stat: a missing or non-regular file is refused here, where the user's action
   * happened, rather than later in a preview that cannot say which drop went wrong.
   */
  async register(filePath: string, displayName?: string, options: { origin?: string } = {}): Promise<RegisteredFile> {
    const absolute = path.resolve(filePath);
    const name = displayName ?? path.basename(absolute);
    let size: number;
    try {
      const info = await stat(absolute);
      if (!info.isFile()) throw new AppError('FILE_UNREADABLE', `${name} is not a regular file.`, { file: name });
      size = info.size;
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw new AppError('FILE_UNREADABLE', `${name} cannot be read: ${describeFsError(error)}.`, { file: name });
    }
    const fileRef = `f_${randomBytes(REF_BYTES).toString('base64url')}`;
    this.#files.set(fileRef, { path: absolute, name, size, origin: options.origin ?? absolute });
    return { fileRef, name, size };
  }

  /** The file behind a reference; throws AppError NOT_FOUND for a reference main never issued. */
  resolve(ref: FileRef): ResolvedFile {
    const file = this.#files.get(ref);
    if (!file) throw new AppError('NOT_FOUND', 'This file is no longer available; drop it again.', { field: 'fileRef' });
    return { ...file };
  }

  /** Forgets a reference (a later resolve gives NOT_FOUND); returns whether it was known. */
  forget(ref: FileRef): boolean {
    return this.#files.delete(ref);
  }

  /** Forgets every reference, when the services shut down. */
  clear(): void {
    this.#files.clear();
  }

  get size(): number {
    return this.#files.size;
  }
}

function describeFsError(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  switch (code) {
    case 'ENOENT':
      return 'it does not exist';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a folder';
    default:
      return code ? `error ${code}` : 'unknown error';
  }
}
