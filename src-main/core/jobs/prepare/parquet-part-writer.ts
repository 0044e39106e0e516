import { rename } from 'node:fs/promises';
import path from 'node:path';
import { ParquetWriter, fileWriter } from 'hyparquet-writer';
import type { XdmSchemaNode } from '../../../../src-shared/xdm/xdm-schema-node';
import { writingTo } from '../../files/write-failure';
import type { PartWriter } from './part-writer';
import { parquetSchemaFor } from './parquet-schema';
import { compileParquetShaper, takesLeafShaped } from './parquet-values';
import type { ParquetShaper } from './parquet-values';
import type { PreparePart } from './prepare-types';
import { ownValue } from '../../../../src-shared/domain/own-keys';

/**
 * Rows buffered per row group: bounds memory to one group of records.
 * Why five thousand: the buffered records outlive the young generation's collections and are
 * promoted, so the old generation grows with the group; at ten thousand a one-thread Parquet
 * prepare peaked at 307 MB RSS, at five thousand 257 MB, for the same CPU and parts 4% larger.
 */
export const ROW_GROUP_ROWS = 5_000;

/**
 * Parquet parts of a target size, `part-00001.parquet`, … (`.partial` while open).
 * Why row groups of a fixed row count: the writer needs whole columns of a group in memory;
 * ROW_GROUP_ROWS records keep that bounded whatever the file size. The part is
 * closed once its bytes on disk pass the target. The writer writes synchronously; its failures
 * (a full disk) are reworded with the part's file, as the JSON Lines sink's are.
 * Why no column statistics (min/max per chunk and page): they serve readers that skip row
 * groups by predicate; AEP ingests whole files, and computing them (string comparisons of
 * every value) cost about a tenth of the Parquet path's CPU.
 */
export class ParquetPartWriter implements PartWriter {
  readonly #dir: string;
  readonly #target: number;
  readonly #elements: ReturnType<typeof parquetSchemaFor>['elements'];
  /**
   * Each top-level column with its value shaper, compiled once, and whether a record from
   * writeLeafShaped needs it there (identityMap, maps and prototype keys do; shaping twice is harmless).
   */
  readonly #columns: { name: string; shape: ParquetShaper; leafShaped: boolean }[];
  #writer: { pq: ParquetWriter; sink: ReturnType<typeof fileWriter>; file: string; rows: number } | undefined;
  #buffer: Record<string, unknown>[] = [];
  /** Per buffered record: true when it came from writeLeafShaped. */
  #leafShaped: boolean[] = [];
  #index = 0;
  readonly #parts: PreparePart[] = [];

  /** `schema`: the fields the records can have (schemaForDestinations); each top-level one is a column. */
  constructor(dir: string, targetBytes: number, schema: XdmSchemaNode) {
    this.#dir = dir;
    this.#target = targetBytes;
    const { elements, columns } = parquetSchemaFor(schema, Object.keys(schema.properties ?? {}));
    this.#elements = elements;
    this.#columns = columns.map((name) => {
      const node = ownValue(schema.properties ?? {}, name) as XdmSchemaNode;
      return { name, shape: compileParquetShaper(node), leafShaped: name !== 'identityMap' && takesLeafShaped(node) };
    });
  }

  #name(index: number): string {
    return `part-${String(index).padStart(5, '0')}.parquet`;
  }

  /**
   * Undefined unless the record fills a row group, which is then written (a promise).
   * Why not an async method: it would make a promise, and the caller an await, for every row.
   */
  write(record: Record<string, unknown>): Promise<void> | undefined {
    return this.#add(record, false);
  }

  /**
   * A record whose leaf values are already shaped (compileLeafShaper: the fast path's records),
   * except under identityMap: its columns go to the writer as they are, without a walk and copy.
   */
  writeLeafShaped(record: Record<string, unknown>): Promise<void> | undefined {
    return this.#add(record, true);
  }

  #add(record: Record<string, unknown>, leafShaped: boolean): Promise<void> | undefined {
    this.#buffer.push(record);
    this.#leafShaped.push(leafShaped);
    return this.#buffer.length >= ROW_GROUP_ROWS ? this.#flushGroup() : undefined;
  }

  /** The file being written (or about to be). */
  #currentFile(): string {
    return this.#writer?.file ?? path.join(this.#dir, `${this.#name(this.#index + 1)}.partial`);
  }

  #flushGroup(): Promise<void> {
    return writingTo(this.#currentFile(), () => this.#writeGroup());
  }

  async #writeGroup(): Promise<void> {
    if (this.#buffer.length === 0) return;
    if (!this.#writer) {
      this.#index++;
      const file = path.join(this.#dir, `${this.#name(this.#index)}.partial`);
      const sink = fileWriter(file);
      this.#writer = { pq: new ParquetWriter({ writer: sink, schema: this.#elements, createdBy: 'xdm-loader', statistics: false }), sink, file, rows: 0 };
    }
    const rows = this.#buffer;
    const shaped = this.#leafShaped;
    this.#buffer = [];
    this.#leafShaped = [];
    const columnData = this.#columns.map(({ name, shape, leafShaped }) => ({
      name,
      data: rows.map((r, i) => (leafShaped && shaped[i] === true ? (ownValue(r, name) ?? null) : (shape(ownValue(r, name)) ?? null))),
    }));
    await this.#writer.pq.write({ columnData, rowGroupSize: rows.length });
    this.#writer.rows += rows.length;
    if (this.#writer.sink.offset >= this.#target) await this.#finishPart();
  }

  async #finishPart(): Promise<void> {
    const w = this.#writer;
    if (!w) return;
    this.#writer = undefined;
    await w.pq.finish();
    const final = path.join(this.#dir, this.#name(this.#index));
    await rename(w.file, final);
    this.#parts.push({ file: path.basename(final), rows: w.rows, bytes: w.sink.offset });
  }

  async close(complete: boolean): Promise<PreparePart[]> {
    if (complete) {
      await this.#flushGroup();
      await writingTo(this.#currentFile(), () => this.#finishPart());
    } else if (this.#writer) {
      const pq = this.#writer.pq;
      await writingTo(this.#currentFile(), async () => pq.finish());
      this.#writer = undefined;
    }
    this.#buffer = [];
    this.#leafShaped = [];
    return [...this.#parts];
  }

  /** Nothing is held open between writes: dropping the writer and the buffer is enough. */
  abandon(): Promise<void> {
    this.#writer = undefined;
    this.#buffer = [];
    this.#leafShaped = [];
    return Promise.resolve();
  }
}
