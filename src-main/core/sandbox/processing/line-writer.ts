/**
 * An append-only JSON Lines writer that respects stream backpressure.
 *
 * Output and failed-record files can reach gigabytes; awaiting `drain` keeps memory flat while the
 * processor writes faster than the disk. Lines are gathered into writes of about `FLUSH_CHARS`
 * characters: a stream write per line cost the processing worker more than the disk did. `write`
 * returns a promise only when the caller must wait (a flush met backpressure), so a caller can skip
 * an `await` per line; the file's content, `bytes` and `lines` are what writing line by line gives.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { FileArea } from '../store/file-area';

const FLUSH_CHARS = 256 * 1024;

export class LineWriter {
  private stream: WriteStream | undefined;
  private pending = '';
  bytes = 0;
  lines = 0;

  constructor(readonly file: string) {}

  /** Appends a line; returns a promise to await when the stream needs draining, else undefined. */
  write(line: string): Promise<void> | undefined {
    if (!this.stream) {
      FileArea.ensureParent(this.file);
      this.stream = createWriteStream(this.file);
    }
    this.pending += `${line}\n`;
    this.lines += 1;
    return this.pending.length >= FLUSH_CHARS ? this.flush() : undefined;
  }

  private flush(): Promise<void> | undefined {
    const s = this.stream;
    const data = this.pending;
    if (!s || data === '') return undefined;
    this.pending = '';
    this.bytes += Buffer.byteLength(data);
    if (s.write(data)) return undefined;
    return new Promise<void>((resolve) => s.once('drain', resolve));
  }

  async close(): Promise<void> {
    const s = this.stream;
    if (!s) return;
    await this.flush();
    await new Promise<void>((resolve, reject) => s.end((err?: Error | null) => (err ? reject(err) : resolve())));
  }
}
