import type { SchemaElement } from 'hyparquet-writer';
import { writeColumn } from 'hyparquet-writer/src/column.js';
import { snappyCompress } from 'hyparquet-writer/src/snappy.js';
import { ParquetFooter } from './parquet-footer';
import type { ColumnResult, Writer } from './parquet-footer';
import type { LeafColumn } from './parquet-shredder';

type ColumnEncoder = Parameters<typeof writeColumn>[0]['column'];
type PageData = Parameters<typeof writeColumn>[0]['pageData'];

/** Parquet's magic number, "PAR1", at the file's start and end. */
const MAGIC = 0x31524150;

/**
 * A Parquet file written a row group at a time from shredded leaf columns.
 * Why not hyparquet-writer's ParquetWriter: it takes top-level columns and shreds them itself,
 * which needs the row group's records kept until the group is written (see parquet-shredder.ts),
 * and it keeps every row group's footer metadata as objects until the file ends
 * (parquet-footer.ts keeps it as bytes). This does what its `write` and `finish` do
 * (`src/parquet-writer.js` of hyparquet-writer 0.17) with the options ParquetPartWriter gave it
 * (SNAPPY, no statistics, offset indexes, pages of 1 MiB, dictionaries where they pay), and hands
 * each leaf's values and levels to the library's own `writeColumn`: pages, encodings and
 * dictionaries are the library's, and the footer is its bytes, byte for byte.
 */
export class ParquetFileWriter {
  readonly #writer: Writer;
  readonly #schema: SchemaElement[];
  readonly #createdBy: string;
  readonly #footer = new ParquetFooter();

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
    const columns: ColumnResult[] = [];
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
      columns.push(writeColumn({ writer: this.#writer, column, pageData }));
    }
    this.#footer.addRowGroup(columns, rows, this.#writer.offset - start);
  }

  /** The offset indexes, the footer and the closing magic number; then the writer's last flush (synchronous for a file). */
  finish(): void | Promise<void> {
    this.#footer.write(this.#writer, this.#schema, this.#createdBy);
    this.#writer.appendUint32(MAGIC);
    return this.#writer.finish();
  }
}
