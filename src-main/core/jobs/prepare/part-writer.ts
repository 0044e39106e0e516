import { rename } from 'node:fs/promises';
import path from 'node:path';
import type { PreparePart } from './prepare-types';
import { ChunkPool, DEFAULT_CHUNK_BYTES, StreamSink } from './stream-sink';

/** Writes accepted records into parts. */
export interface PartWriter {
  /** Resolves when the record is accepted; undefined when it was taken without waiting. */
  write(record: Record<string, unknown>): Promise<void> | undefined;
  /** Closes the current part; `complete: false` leaves it marked `.partial`. */
  close(complete: boolean): Promise<PreparePart[]>;
  /** Closes the open part without writing more (a write failed): it stays `.partial`. */
  abandon(): Promise<void>;
}

/**
 * JSON Lines parts of a target size, `part-00001.json`, …
 * Why `.partial` while open: a cancelled or crashed job leaves the open part under a name
 * no upload will pick up; a part gets its final name only once it is fully written.
 */
export class JsonLinesPartWriter implements PartWriter {
  readonly #dir: string;
  readonly #target: number;
  #sink: StreamSink | undefined;
  #rows = 0;
  #index = 0;
  readonly #parts: PreparePart[] = [];
  /** One set of write chunks for all the parts, each taking over what the last gave back. */
  readonly #chunks: ChunkPool;

  /** `chunkBytes`: the size of the write chunks (smaller in tests). */
  constructor(dir: string, targetBytes: number, chunkBytes = DEFAULT_CHUNK_BYTES) {
    this.#dir = dir;
    this.#target = targetBytes;
    this.#chunks = new ChunkPool(chunkBytes);
  }

  #name(index: number): string {
    return `part-${String(index).padStart(5, '0')}.json`;
  }

  write(record: Record<string, unknown>): Promise<void> | undefined {
    return this.writeJson(JSON.stringify(record));
  }

  /** A record already serialised (the fast path writes JSON without building the record). */
  writeJson(json: string): Promise<void> | undefined {
    const line = `${json}\n`;
    const sink = this.#sink;
    if (sink === undefined) return this.#writeInNewPart(line);
    // The exact byte count is only needed near the end of a part (3 bytes per code unit at most).
    if (this.#rows > 0 && sink.bytes + line.length * 3 > this.#target && sink.bytes + Buffer.byteLength(line) > this.#target) return this.#writeInNewPart(line);
    this.#rows++;
    return sink.write(line);
  }

  /**
   * A line the caller encodes itself: `encode` writes at most `maxBytes` ('\n' included) and
   * returns the offset after them; `text` gives the same line as JSON (without '\n'), which is
   * used instead when the line may not fit in the current part (the exact count decides there).
   */
  writeEncoded(maxBytes: number, encode: (chunk: Buffer, at: number) => number, text: () => string): Promise<void> | undefined {
    const sink = this.#sink;
    if (sink === undefined || (this.#rows > 0 && sink.bytes + maxBytes > this.#target)) return this.writeJson(text());
    this.#rows++;
    return sink.writeEncoded(maxBytes, encode);
  }

  async #writeInNewPart(line: string): Promise<void> {
    if (this.#sink) await this.#finishPart();
    this.#index++;
    const sink = new StreamSink(path.join(this.#dir, `${this.#name(this.#index)}.partial`), this.#chunks);
    this.#sink = sink;
    this.#rows = 1;
    await sink.write(line);
  }

  async #finishPart(): Promise<void> {
    const sink = this.#sink;
    if (!sink) return;
    this.#sink = undefined;
    await sink.close();
    const final = path.join(this.#dir, this.#name(this.#index));
    await rename(sink.path, final);
    this.#parts.push({ file: path.basename(final), rows: this.#rows, bytes: sink.bytes });
  }

  async close(complete: boolean): Promise<PreparePart[]> {
    if (complete) await this.#finishPart();
    else if (this.#sink) {
      await this.#sink.close();
      this.#sink = undefined;
    }
    return [...this.#parts];
  }

  async abandon(): Promise<void> {
    await this.#sink?.abandon();
    this.#sink = undefined;
  }
}
