/**
 * An append-only JSON Lines writer that respects stream backpressure.
 *
 * Output and failed-record files can reach gigabytes; awaiting `drain` keeps memory flat while the
 * processor writes faster than the disk.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { FileArea } from '../store/file-area';

export class LineWriter {
  private stream: WriteStream | undefined;
  bytes = 0;
  lines = 0;

  constructor(readonly file: string) {}

  async write(line: string): Promise<void> {
    if (!this.stream) {
      FileArea.ensureParent(this.file);
      this.stream = createWriteStream(this.file);
    }
    const data = `${line}\n`;
    this.bytes += Buffer.byteLength(data);
    this.lines += 1;
    if (!this.stream.write(data)) await new Promise<void>((resolve) => this.stream?.once('drain', resolve));
  }

  async close(): Promise<void> {
    const s = this.stream;
    if (!s) return;
    await new Promise<void>((resolve, reject) => s.end((err?: Error | null) => (err ? reject(err) : resolve())));
  }
}
