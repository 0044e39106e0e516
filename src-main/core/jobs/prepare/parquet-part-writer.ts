import { rename } from 'node:fs/promises';
import path from 'node:path';
import { fileWriter } from 'hyparquet-writer';
import type { SchemaElement } from 'hyparquet-writer';
import type { XdmSchemaNode } from '../../../../src-shared/xdm/xdm-schema-node';
import { writingTo } from '../../files/write-failure';
import type { PartWriter } from './part-writer';
import { parquetSchemaFor } from './parquet-schema';
import { ParquetFileWriter } from './parquet-file-writer';
import { compileRecordShredder } from './parquet-shredder';
import type { RecordShredder } from './parquet-shredder';
import type { PreparePart } from './prepare-types';

/**
 * Rows per row group.
 * Why two and a half thousand: a group's leaf values (not its records: parquet-shredder.ts) are
 * held until the group is written, and survive the young generation's collections, and writing
 * it allocates page, dictionary and compression buffers for the whole group; a bigger group
 * costs memory, a smaller one more pages, dictionaries and footer bytes per row. Measured on the
 * 1 GB bench file (Registry schema, 2 threads, quiet machine): 5,000 rows peaked at 289 MiB and
 * 9.59 CPU s per 100 MiB, 2,500 at 275 MiB and 8.79; 20,000 earlier at 418 MiB.
 */
export const ROW_GROUP_ROWS = 2_500;

/**
 * Parquet parts of a target size, `part-00001.parquet`, … (`.partial` while open).
 * Each record is shredded into the leaf columns as it arrives (parquet-shredder.ts) and
 * dropped; every ROW_GROUP_ROWS records the columns are written as a row group
 * (parquet-file-writer.ts). The part is closed once its bytes on disk pass the target. The
 * writer writes synchronously; its failures (a full disk) are reworded with the part's file,
 * as the JSON Lines sink's are.
 * Records may come with their leaves shaped (compileLeafShaper: the fast path's) or not (the
 * general path's): the shredder shapes every leaf, and a shaped value stays as it is.
 * Why no column statistics (min/max per chunk and page): they serve readers that skip row
 * groups by predicate; AEP ingests whole files, and computing them (string comparisons of
 * every value) cost about a tenth of the Parquet path's CPU.
 */
export class ParquetPartWriter implements PartWriter {
  readonly #dir: string;
  readonly #target: number;
  readonly #elements: SchemaElement[];
  readonly #shredder: RecordShredder;
  #writer: { file: ParquetFileWriter; path: string; rows: number } | undefined;
  /** Records shredded into the leaves and not yet written as a row group. */
  #pending = 0;
  #index = 0;
  readonly #parts: PreparePart[] = [];

  /** `schema`: the fields the records can have (schemaForDestinations); each top-level one is a column. */
  constructor(dir: string, targetBytes: number, schema: XdmSchemaNode) {
    this.#dir = dir;
    this.#target = targetBytes;
    const { elements, columns } = parquetSchemaFor(schema, Object.keys(schema.properties ?? {}));
    this.#elements = elements;
    this.#shredder = compileRecordShredder(schema, columns, elements[0] as SchemaElement);
  }

  #name(index: number): string {
    return `part-${String(index).padStart(5, '0')}.parquet`;
  }

  /**
   * Undefined unless the record fills a row group, which is then written (a promise).
   * Why not an async method: it would make a promise, and the caller an await, for every row.
   */
  write(record: Record<string, unknown>): Promise<void> | undefined {
    this.#shredder.shred(record);
    this.#pending++;
    return this.#pending >= ROW_GROUP_ROWS ? this.#flushGroup() : undefined;
  }

  /** The file being written (or about to be). */
  #currentFile(): string {
    return this.#writer?.path ?? path.join(this.#dir, `${this.#name(this.#index + 1)}.partial`);
  }

  #flushGroup(): Promise<void> {
    return writingTo(this.#currentFile(), () => this.#writeGroup());
  }

  async #writeGroup(): Promise<void> {
    if (this.#pending === 0) return;
    if (!this.#writer) {
      this.#index++;
      const file = path.join(this.#dir, `${this.#name(this.#index)}.partial`);
      this.#writer = { file: new ParquetFileWriter(fileWriter(file), this.#elements, 'xdm-loader'), path: file, rows: 0 };
    }
    const rows = this.#pending;
    this.#pending = 0;
    this.#writer.file.writeRowGroup(this.#shredder.leaves, rows);
    this.#writer.rows += rows;
    if (this.#writer.file.offset >= this.#target) await this.#finishPart();
  }

  async #finishPart(): Promise<void> {
    const w = this.#writer;
    if (!w) return;
    this.#writer = undefined;
    await w.file.finish();
    const final = path.join(this.#dir, this.#name(this.#index));
    await rename(w.path, final);
    this.#parts.push({ file: path.basename(final), rows: w.rows, bytes: w.file.offset });
  }

  async close(complete: boolean): Promise<PreparePart[]> {
    if (complete) {
      await this.#flushGroup();
      await writingTo(this.#currentFile(), () => this.#finishPart());
    } else if (this.#writer) {
      const file = this.#writer.file;
      await writingTo(this.#currentFile(), async () => file.finish());
      this.#writer = undefined;
    }
    this.#clear();
    return [...this.#parts];
  }

  /** Nothing is held open between writes: dropping the writer and the shredded values is enough. */
  abandon(): Promise<void> {
    this.#writer = undefined;
    this.#clear();
    return Promise.resolve();
  }

  #clear(): void {
    this.#pending = 0;
    for (const leaf of this.#shredder.leaves) leaf.clear();
  }
}
