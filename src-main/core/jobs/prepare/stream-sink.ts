import { createWriteStream } from 'node:fs';
import type { WriteStream } from 'node:fs';
import type { AppError } from '../../../../src-shared/domain/errors';
import { writeFailure } from '../../files/write-failure';

/**
 * The write chunk of a part. Why 256 KiB: a writer holds up to five chunks in flight plus the one
 * being filled, all live memory outside the heap; at 1 MiB that was 6 MiB per thread. A chunk of
 * 256 KiB is still hundreds of lines per write call (JSON Lines' lines are a few hundred bytes),
 * and four in flight (1 MiB of page cache to fill) keep the thread off the disk's back.
 */
export const DEFAULT_CHUNK_BYTES = 256 * 1024;

/**
 * Write chunks of one size, handed out again once a file's stream has written them.
 * Why shared by the files a writer writes in turn: a chunk lives as long as the file it serves,
 * long enough to be promoted to the old generation, so the chunks of a closed file (its
 * Buffers' memory outside the heap, a megabyte each) were freed only by the next full
 * collection. A job writes a JSON Lines part per 256 MiB, and V8 lets external memory grow by
 * tens of megabytes before it collects for it: dead chunks piled up per thread (arrayBuffers
 * 5 → 21 MiB per thread before the first full collection, 1 GB CSV). Handed to the next part
 * instead, the chunks a writer ever allocates are the most it had in flight at once plus the
 * one being filled, whatever the file's size or number of parts.
 */
export class ChunkPool {
  readonly chunkBytes: number;
  readonly #free: Buffer[] = [];

  constructor(chunkBytes = DEFAULT_CHUNK_BYTES) {
    this.chunkBytes = chunkBytes;
  }

  take(): Buffer {
    const free = this.#free.pop();
    if (free !== undefined) return free;
    return Buffer.allocUnsafe(this.chunkBytes);
  }

  /** A chunk no one reads any more (the stream has written it). */
  give(chunk: Buffer): void {
    this.#free.push(chunk);
  }
}

/**
 * A file written in large chunks with backpressure.
 * Why: writing a line per call costs a syscall-sized overhead each time, and ignoring
 * `write()` returning false lets memory grow with the file. Text is encoded straight into a
 * chunk-sized Buffer (one UTF-8 pass, which also yields the byte count), so there is no
 * per-line byte counting, no join of many strings and no second copy; a full chunk goes to the
 * stream and the caller waits only when the stream asks for 'drain'.
 * Why chunks are reused: a chunk waits in the stream's queue while the disk catches up, long
 * enough for its Buffer to be promoted to the old generation, where it (and its memory outside
 * the heap) is freed only by a full collection; a new chunk per flush left tens of dead
 * megabytes per thread. A chunk the stream has written goes back to a {@link ChunkPool}, so a sink
 * holds at most the chunks in flight plus the one being filled, whatever the file size; files
 * written one after the other (a job's parts) share one pool, so a new file takes the chunks the
 * last one gave back instead of leaving them for a full collection (see {@link ChunkPool}).
 */
export class StreamSink {
  readonly path: string;
  #stream: WriteStream;
  #chunk: Buffer;
  /** Where chunks come from and go back to once the stream has written them. */
  readonly #pool: ChunkPool;
  #used = 0;
  #failure: AppError | undefined;
  /** Bytes written so far (buffered included). */
  bytes = 0;

  /**
   * `chunks`: the chunk size in bytes (a pool of this sink's own), or a pool shared with the
   * files written before and after this one. `append`: add to the end of an existing file
   * instead of replacing it.
   */
  constructor(path: string, chunks: number | ChunkPool = DEFAULT_CHUNK_BYTES, append = false) {
    this.path = path;
    this.#pool = typeof chunks === 'number' ? new ChunkPool(chunks) : chunks;
    this.#chunk = this.#pool.take();
    // Room for a few chunks in flight: with the default 16 KiB mark every chunk handed over made
    // the job wait for the disk, and the thread sat idle for a tenth of its time.
    this.#stream = createWriteStream(path, { highWaterMark: 4 * this.#pool.chunkBytes, flags: append ? 'a' : 'w' });
    // Kept, not thrown: it surfaces through the next write, wait or close.
    this.#stream.on('error', (error) => (this.#failure ??= writeFailure(error, path)));
  }

  /**
   * Appends text. Returns a promise only when a full chunk went to the stream and the stream
   * asked to wait; otherwise nothing, so the per-line path costs no promise and no microtask.
   */
  write(text: string): Promise<void> | undefined {
    if (this.#failed()) return Promise.reject(this.#failure);
    // UTF-8 takes at most 3 bytes per UTF-16 code unit: a chunk with that much room always fits.
    const worst = text.length * 3;
    let waiting = this.#used + worst > this.#chunk.length ? this.#flush() : undefined;
    if (worst > this.#pool.chunkBytes) {
      const bytes = Buffer.from(text);
      this.bytes += bytes.length;
      if (!this.#stream.write(bytes)) waiting ??= this.#drain();
      return waiting;
    }
    const written = this.#chunk.write(text, this.#used);
    this.#used += written;
    this.bytes += written;
    return waiting;
  }

  /**
   * Appends bytes that `encode` writes straight into the chunk from `at`, returning the offset
   * after them; `maxBytes` bounds what it writes. Waits as {@link write} does.
   * Why: a caller that can encode its own text (the JSON Lines fast path) skips building a
   * string only to have it encoded here.
   */
  writeEncoded(maxBytes: number, encode: (chunk: Buffer, at: number) => number): Promise<void> | undefined {
    if (this.#failed()) return Promise.reject(this.#failure);
    let waiting = this.#used + maxBytes > this.#chunk.length ? this.#flush() : undefined;
    if (maxBytes > this.#pool.chunkBytes) {
      const bytes = Buffer.allocUnsafe(maxBytes);
      const end = encode(bytes, 0);
      this.bytes += end;
      if (!this.#stream.write(bytes.subarray(0, end))) waiting ??= this.#drain();
      return waiting;
    }
    const end = encode(this.#chunk, this.#used);
    this.bytes += end - this.#used;
    this.#used = end;
    return waiting;
  }

  /**
   * The stream's failure, if it has one. `errored` is set the moment the stream fails, while its
   * 'error' event comes a tick later: between the two, the stream is destroyed with no reason yet.
   */
  #failed(): AppError | undefined {
    const errored = this.#stream.errored;
    if (errored && !this.#failure) this.#failure = writeFailure(errored, this.path);
    return this.#failure;
  }

  /** Hands the filled part of the chunk to the stream and starts a chunk from the free list. */
  #flush(): Promise<void> | undefined {
    if (this.#used === 0) return undefined;
    const chunk = this.#chunk;
    const full = chunk.subarray(0, this.#used);
    this.#chunk = this.#pool.take();
    this.#used = 0;
    // The callback runs once the bytes are in the file: only then may the chunk be overwritten.
    const pool = this.#pool;
    const written = this.#stream.write(full, (error) => {
      if (!error) pool.give(chunk);
    });
    return written ? undefined : this.#drain();
  }

  /** Waits for 'drain', or rejects with the stream's failure, whether it came before or during the wait. */
  #drain(): Promise<void> {
    const stream = this.#stream;
    return new Promise<void>((resolve, reject) => {
      const settle = (): void => {
        stream.off('drain', settle);
        stream.off('error', settle);
        stream.off('close', settle);
        const failure = this.#failed();
        if (failure) reject(failure);
        else if (stream.destroyed) reject(writeFailure(new Error('the file was closed while being written'), this.path));
        else resolve();
      };
      if (this.#failed() || stream.closed) {
        settle();
        return;
      }
      stream.on('drain', settle);
      stream.on('error', settle);
      stream.on('close', settle);
    });
  }

  async close(): Promise<void> {
    if (this.#failed()) throw this.#failure;
    await this.#flush();
    // Nothing is written after close: the empty chunk goes back for the next file.
    this.#pool.give(this.#chunk);
    await new Promise<void>((resolve, reject) => {
      const stream = this.#stream;
      const onError = (): void => reject(this.#failure);
      stream.once('error', onError);
      stream.end(() => {
        stream.off('error', onError);
        if (this.#failure) reject(this.#failure);
        else resolve();
      });
    });
  }

  /** Closes the file without writing what is still buffered (the job stopped on a failure). */
  abandon(): Promise<void> {
    const stream = this.#stream;
    if (stream.closed) return Promise.resolve();
    return new Promise<void>((resolve) => {
      stream.once('close', () => resolve());
      stream.destroy();
    });
  }
}
