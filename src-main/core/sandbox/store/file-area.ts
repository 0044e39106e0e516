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

  /** Rejects names with empty, `.` or `..` segments or absolute paths. */
  static isSafeName(name: string): boolean {
    if (name.length === 0 || name.length > 1024 || name.startsWith('/') || name.includes('\\') || name.includes('\0')) return false;
    return name.split('/').every((seg) => seg !== '' && seg !== '.' && seg !== '..');
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
