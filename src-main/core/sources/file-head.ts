import { open, stat, type FileHandle } from 'node:fs/promises';
import { AppError } from '../../../src-shared/domain/errors';
import { unreadableFile } from './source-errors';

/**
 * Opening a source file and reading its first bytes.
 * Why: inspection reads a bounded head through one file handle with positioned reads, so its
 * cost does not grow with the file; opening failures become FILE_UNREADABLE in one place.
 */

export interface OpenedSource {
  readonly handle: FileHandle;
  readonly size: number;
  /** How the file is named in messages: the caller's display name or the path. */
  readonly label: string;
}

export async function openSource(path: string, label: string): Promise<OpenedSource> {
  let size: number;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new AppError('FILE_UNREADABLE', `${label}: is a folder, not a file`, { file: label });
    if (!info.isFile()) throw new AppError('FILE_UNREADABLE', `${label}: is not a regular file`, { file: label });
    size = info.size;
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw unreadableFile(label, error);
  }
  try {
    return { handle: await open(path, 'r'), size, label };
  } catch (error) {
    throw unreadableFile(label, error);
  }
}

export interface FileHead {
  readonly bytes: Buffer;
  /** True when the file goes on past these bytes. */
  readonly truncated: boolean;
}

/** Reads up to `limit` bytes from the start of the file. */
export async function readHead(source: OpenedSource, limit: number): Promise<FileHead> {
  const length = Math.min(source.size, limit);
  const bytes = Buffer.alloc(length);
  const filled = await readFully(source, bytes, 0);
  return { bytes: bytes.subarray(0, filled), truncated: filled < source.size };
}

/** Fills `target` from `position` on, stopping early only at the end of the file. */
export async function readFully(source: OpenedSource, target: Uint8Array, position: number): Promise<number> {
  let filled = 0;
  try {
    while (filled < target.length) {
      const { bytesRead } = await source.handle.read(target, filled, target.length - filled, position + filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
  } catch (error) {
    throw unreadableFile(source.label, error);
  }
  return filled;
}
