import type { SchemaElement } from 'hyparquet-writer';
import { writeColumn } from 'hyparquet-writer/src/column.js';
import { writeIndexes } from 'hyparquet-writer/src/indexes.js';
import { writeMetadata } from 'hyparquet-writer/src/metadata.js';
import { snappyCompress } from 'hyparquet-writer/src/snappy.js';
import type { LeafColumn } from './parquet-shredder';

/** Where the file's bytes go: hyparquet-writer's writers (`fileWriter`, `ByteWriter`). */
type Writer = Parameters<typeof writeColumn>[0]['writer'];
type ColumnEncoder = Parameters<typeof writeColumn>[0]['column'];
type PageData = Parameters<typeof writeColumn>[0]['pageData'];
// The footer's types as hyparquet-writer's own hyparquet declares them (the app's may differ).
type FileMetaData = Parameters<typeof writeMetadata>[1];
type RowGroup = FileMetaData['row_groups'][number];
type ColumnChunk = RowGroup['columns'][number];

/** Parquet's magic number, "PAR1", at the file's start and end. */
const MAGIC = 0x31524150;

/**
 * A Parquet file written a row group at a time from shredded leaf columns.
 * Why not hyparquet-writer's ParquetWriter: it takes top-level columns and shreds them itself,
 * which needs the row group's records kept until the group is written (see parquet-shredder.ts).
 * This does what its `write` and `finish` do (`src/parquet-writer.js` of hyparquet-writer 0.17)
 * with the options ParquetPartWriter gave it (SNAPPY, no statistics, offset indexes, pages of
 * 1 MiB, dictionaries where they pay), and hands each leaf's values and levels to the library's
 * own `writeColumn`: pages, encodings, dictionaries and footer are the library's, byte for byte.
 */
export class ParquetFileWriter {
  readonly #writer: Writer;
  readonly #schema: SchemaElement[];
  readonly #createdBy: string;
  readonly #rowGroups: RowGroup[] = [];
  readonly #indexes: ReturnType<typeof writeColumn>[] = [];
  #rows = 0n;

  constructor(writer: Writer, schema: SchemaElement[], createdBy: string) {
    this.#writer = writer;
    this.#schema = schema;
    this.#createdBy = createdBy;
    writer.appendUint32(MAGIC);
  }

  /** Bytes written so far (the part's size on disk once flushed). */
  get offset(): number {
    return this.#writer.offset;
  }

  /** One row group of `rows` rows from `leaves` (every leaf of the schema, in its order), which are emptied. */
  writeRowGroup(leaves: readonly LeafColumn[], rows: number): void {
    const start = this.#writer.offset;
    const columns: ColumnChunk[] = [];
    for (const leaf of leaves) {
      const column: ColumnEncoder = {
        columnName: leaf.name,
        element: leaf.element,
        schemaPath: leaf.schemaPath,
        codec: 'SNAPPY',
        compressors: { SNAPPY: snappyCompress },
        stats: false,
        pageSize: 1_048_576,
        columnIndex: false,
        offsetIndex: true,
      };
      // The levels are bytes, not the number[] the types say: the library only indexes, slices
      // and measures them, which a Uint8Array does alike, without a boxed number per value.
      const pageData = leaf.take() as unknown as PageData;
      const result = writeColumn({ writer: this.#writer, column, pageData });
      columns.push(result.chunk);
      this.#indexes.push(result);
    }
    let uncompressed = 0n;
    for (const { meta_data } of columns) uncompressed += meta_data?.total_uncompressed_size ?? 0n;
    this.#rows += BigInt(rows);
    this.#rowGroups.push({
      columns,
      total_byte_size: uncompressed,
      num_rows: BigInt(rows),
      total_compressed_size: BigInt(this.#writer.offset - start),
    });
  }

  /** The offset indexes, the footer and the closing magic number; then the writer's last flush (synchronous for a file). */
  finish(): void | Promise<void> {
    writeIndexes(this.#writer, this.#indexes);
    const metadata: FileMetaData = {
      version: 2,
      created_by: this.#createdBy,
      schema: this.#schema,
      num_rows: this.#rows,
      row_groups: this.#rowGroups,
      // Not written (the footer's length follows it); the type wants it.
      metadata_length: 0,
    };
    writeMetadata(this.#writer, metadata);
    this.#writer.appendUint32(MAGIC);
    return this.#writer.finish();
  }
}
