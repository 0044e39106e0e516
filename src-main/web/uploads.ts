import { createWriteStream } from 'node:fs';
import { mkdtemp, readdir, rm, stat, utimes } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../../src-shared/domain/errors';
import { makeFolder } from '../core/files/make-folder';
import { acquireJobLock, lockHolder, type JobLock } from '../core/jobs/upload/job-lock';

/** The lock a running server holds on its run folder, so another server's sweep leaves it alone. */
const RUN_LOCK = 'run.lock';

export interface SweepOptions {
  /** Run folders younger than this are kept even when no server holds them (a crash just now). */
  maxAgeMs: number;
  now?: number;
  /** Whether a job still needs a file in this folder (an interrupted upload of a dropped file). */
  inUse(dir: string): Promise<boolean>;
}

/** Longest file name kept, in UTF-16 units (file systems allow 255 bytes; stay well under). */
const MAX_NAME_LENGTH = 200;

/**
 * The user's file name, reduced to something safe to create on disk.
 * Why keep it at all: readers sniff by extension too, and errors should name the file the
 * user dropped. Why reduce it: it arrives in a query string and could be `../../x`.
 */
export function sanitizeUploadName(raw: unknown): string {
  if (typeof raw !== 'string' || raw.trim() === '') {
    throw new AppError('INVALID_INPUT', 'The upload needs a file name (?name=).', { field: 'name' });
  }
  const base = raw.split(/[/\\]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const cleaned = base.replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_').trim();
  if (cleaned === '' || cleaned === '.' || cleaned === '..') {
    throw new AppError('INVALID_INPUT', `"${raw.slice(0, 100)}" is not a usable file name.`, { field: 'name' });
  }
  if (cleaned.length <= MAX_NAME_LENGTH) return cleaned;
  const ext = path.extname(cleaned).slice(0, 20);
  return cleaned.slice(0, MAX_NAME_LENGTH - ext.length) + ext;
}

/**
 * The user's file's modification time, as the browser reported it (`?modified=`, milliseconds
 * since 1970), or undefined when absent or not a plausible time.
 * Why kept: the copy is given that time, so that a draft's fingerprint (size, time, head) is the
 * same whether the file was dropped in the desktop app or in the browser, and at every drop.
 */
export function parseModifiedTime(raw: unknown): Date | undefined {
  if (typeof raw !== 'string' || !/^\d{1,15}$/.test(raw)) return undefined;
  const ms = Number(raw);
  return ms > 0 && ms <= 8.64e15 ? new Date(ms) : undefined;
}

/**
 * Temp storage for files dropped in browser mode, one folder per server run.
 * Why on disk and streamed: files can be gigabytes; the body goes straight to a file under
 * the data dir, never into memory, and the whole run's folder goes when the server closes.
 */
export class UploadStore {
  readonly #root: string;
  #runDir: string | null = null;
  #lock: JobLock | null = null;

  constructor(dataDir: string) {
    this.#root = path.join(dataDir, 'uploads');
  }

  /** Streams `body` into a new temp file named `name`, dated `modified` when given; returns its path and size. */
  async save(name: string, body: Readable, modified?: Date): Promise<{ path: string; size: number }> {
    const dir = await mkdtemp(path.join(await this.#ensureRunDir(), 'u-'));
    const target = path.join(dir, name);
    try {
      await pipeline(body, createWriteStream(target, { flags: 'wx', mode: 0o600 }));
      if (modified) await utimes(target, new Date(), modified);
      const info = await stat(target);
      return { path: target, size: info.size };
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      throw new AppError('FILE_UNREADABLE', `The upload of ${name} did not complete: ${describe(error)}.`, { file: name });
    }
  }

  /** Removes every file this run stored. */
  async clear(): Promise<void> {
    if (this.#runDir) await rm(this.#runDir, { recursive: true, force: true });
    this.#runDir = null;
    await this.#lock?.release();
    this.#lock = null;
  }

  /**
   * Removes the run folders earlier servers left behind (a crash or a kill skips `clear`), and
   * returns them. Why bounded: a folder is kept while a live server holds its lock (the kernel
   * drops the lock of a dead one), while it is younger than `maxAgeMs`, and while a job still
   * needs a file in it; the rest would otherwise stay forever.
   */
  async sweep(options: SweepOptions): Promise<string[]> {
    const cutoff = (options.now ?? Date.now()) - options.maxAgeMs;
    const names = await readdir(this.#root).catch(() => [] as string[]);
    const removed: string[] = [];
    for (const name of names) {
      const dir = path.join(this.#root, name);
      if (!name.startsWith('run-') || dir === this.#runDir) continue;
      const info = await stat(dir).catch(() => undefined);
      if (info === undefined || !info.isDirectory() || info.mtimeMs >= cutoff) continue;
      if ((await lockHolder(path.join(dir, RUN_LOCK))) !== undefined) continue;
      if (await options.inUse(dir)) continue;
      await rm(dir, { recursive: true, force: true });
      removed.push(dir);
    }
    return removed;
  }

  async #ensureRunDir(): Promise<string> {
    if (!this.#runDir) {
      await makeFolder(this.#root, { mode: 0o700 });
      const dir = await mkdtemp(path.join(this.#root, 'run-'));
      this.#lock = await acquireJobLock(path.join(dir, RUN_LOCK));
      this.#runDir = dir;
    }
    return this.#runDir;
  }
}

function describe(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    if (error.code === 'ECONNRESET' || error.code === 'ERR_STREAM_PREMATURE_CLOSE') return 'the connection closed early';
    if (error.code === 'ENOSPC') return 'the disk is full';
    return `error ${String(error.code)}`;
  }
  return 'unknown error';
}
