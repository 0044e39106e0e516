/**
 * Where the sandbox keeps files on disk: uploads, chunks, dataset output and failed records.
 *
 * Every path is derived here from (sandbox, batch, file name), with the file name checked so that a
 * client-supplied `filePath` (which may contain directories, AEP allows partitions such as
 * `a=1/b=2/x.parquet`) can never escape the batch folder.
 */
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';

export class FileArea {
  constructor(private readonly root: string) {}

  private dir(...parts: string[]): string {
    return path.join(this.root, ...parts);
  }

  /**
   * Why a name is refused, or undefined when it is safe: no empty, `.` or `..` segment, no absolute
   * path, no control character, and each segment at most 255 bytes (what file systems take; a
   * longer one failed with ENAMETOOLONG as a 500).
   */
  static nameProblem(name: string): string | undefined {
    if (name.length === 0) return 'it is empty';
    if (name.length > 1024) return 'it is longer than 1024 characters';
    if (name.startsWith('/') || name.includes('\\')) return 'it must be a relative path with / between folders';
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/.test(name)) return 'it contains a control character';
    for (const seg of name.split('/')) {
      if (seg === '' || seg === '.' || seg === '..') return 'it has an empty, "." or ".." segment';
      if (Buffer.byteLength(seg) > 255) return `a segment is longer than 255 bytes (${seg.slice(0, 20)}...)`;
    }
    return undefined;
  }

  static isSafeName(name: string): boolean {
    return FileArea.nameProblem(name) === undefined;
  }

  uploadPath(sandbox: string, batchId: string, name: string): string {
    return this.dir(sandbox, 'batches', batchId, 'input', name);
  }

  chunkDir(sandbox: string, batchId: string, name: string): string {
    return this.dir(sandbox, 'batches', batchId, 'chunks', name);
  }

  /** The file a large-file upload's chunks are written into, each at its offset; renamed to `uploadPath` at COMPLETE. */
  assemblyPath(sandbox: string, batchId: string, name: string): string {
    return path.join(this.chunkDir(sandbox, batchId, name), 'assembly');
  }

  outputDir(sandbox: string, batchId: string): string {
    return this.dir(sandbox, 'batches', batchId, 'output');
  }

  failedDir(sandbox: string, batchId: string): string {
    return this.dir(sandbox, 'batches', batchId, 'failed');
  }

  metaDir(sandbox: string, batchId: string): string {
    return this.dir(sandbox, 'batches', batchId, 'meta');
  }

  /** Creates the parent folder of a file path. */
  static ensureParent(file: string): void {
    mkdirSync(path.dirname(file), { recursive: true });
  }

  /** Removes a folder tree (ABORT, reprocessing). */
  static remove(dir: string): void {
    rmSync(dir, { recursive: true, force: true });
  }
}
