import { createWriteStream } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { once } from 'node:events';

/**
 * A file written in large chunks with backpressure.
 * Why: writing a line per call costs a syscall-sized overhead each time, and ignoring
 * `write()` returning false lets memory grow with the file; this buffers up to `chunkBytes`
 * of text and awaits 'drain' when the stream is full.
 */
export class StreamSink {
  readonly path: string;
  #stream: WriteStream;
  #buffer: string[] = [];
  #buffered = 0;
  #chunkChars: number;
  bytes = 0;

  constructor(path: string, chunkChars = 1 << 20) {
    this.path = path;
    this.#chunkChars = chunkChars;
    this.#stream = createWriteStream(path);
    this.#stream.on('error', () => {
      // Errors surface through write()/close() awaits below.
    });
  }

  /** Appends text; resolves at once unless the stream asked us to wait. */
  async write(text: string, byteLength: number): Promise<void> {
    this.#buffer.push(text);
    this.#buffered += text.length;
    this.bytes += byteLength;
    if (this.#buffered >= this.#chunkChars) await this.#flush();
  }

  async #flush(): Promise<void> {
    if (this.#buffer.length === 0) return;
    const chunk = this.#buffer.join('');
    this.#buffer = [];
    this.#buffered = 0;
    // `once` rejects if the stream emits 'error' while we wait, and removes its listeners.
    if (!this.#stream.write(chunk)) await once(this.#stream, 'drain');
  }

  async close(): Promise<void> {
    await this.#flush();
    await new Promise<void>((resolve, reject) => {
      this.#stream.once('error', reject);
      this.#stream.end(() => resolve());
    });
  }
}
