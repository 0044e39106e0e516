import { CompressionCodecs, ConvertedTypes, Encodings, FieldRepetitionTypes, ParquetTypes } from 'hyparquet/src/constants.js';
import type { SchemaElement } from 'hyparquet-writer';
import { ByteWriter } from 'hyparquet-writer';
import type { writeColumn } from 'hyparquet-writer/src/column.js';
import { logicalType } from 'hyparquet-writer/src/metadata.js';
import { serializeTCompactProtocol } from 'hyparquet-writer/src/thrift.js';

/** Where a Parquet file's bytes go: hyparquet-writer's writers (`fileWriter`, `ByteWriter`). */
export type Writer = Parameters<typeof writeColumn>[0]['writer'];
/** What hyparquet-writer's writeColumn returns for one leaf of a row group. */
export type ColumnResult = ReturnType<typeof writeColumn>;

// Thrift compact protocol types (as hyparquet-writer's src/thrift.js names them).
const STOP = 0;
const I32 = 5;
const I64 = 6;
const BINARY = 8;
const LIST = 9;
const STRUCT = 12;

/** A field's header: the id as a delta from the previous field's (all deltas here are 1 to 15), and its type. */
function fieldHeader(writer: Writer, delta: number, type: number): void {
  writer.appendUint8((delta << 4) | type);
}

/** A list's header, as the library writes it (an empty list has element type 0). */
function listHeader(writer: Writer, size: number, type: number): void {
  const elementType = size === 0 ? 0 : type;
  if (size > 14) {
    writer.appendUint8((15 << 4) | elementType);
    writer.appendVarInt(size);
  } else writer.appendUint8((size << 4) | elementType);
}

/** Where a column chunk's offset index fields go once the indexes' place in the file is known. */
interface OffsetIndexPatch {
  /** Position in the row groups' bytes: after the chunk's `meta_data`, where its STOP would be. */
  at: number;
  /** The index's offset from the first offset index's. */
  offset: number;
  length: number;
}

/**
 * A Parquet file's footer (its offset indexes and FileMetaData) built as the row groups are
 * written, held as Thrift compact bytes rather than as the library's objects.
 * Why: hyparquet-writer's ParquetWriter keeps every row group's ColumnChunk objects (BigInts,
 * arrays, nested objects) and page locations until `finish`, about 19 KiB per row group of 30
 * leaves; a part of 256 MiB holds about a thousand row groups, per prepare thread. As bytes a
 * row group takes about a twentieth of that. The bytes are those of the library's
 * `writeIndexes` and `writeMetadata` (`src/indexes.js`, `src/metadata.js` of hyparquet-writer
 * 0.17): a struct inside a list is encoded as it is alone, so each chunk's `meta_data` and each
 * offset index is serialized by the library's own `serializeTCompactProtocol` as it is written,
 * and only the frames around them (field and list headers) are written here.
 * Offset indexes go after the last row group, so a chunk's `offset_index_offset` is known only at
 * the end: those two fields are written then, at positions kept for them.
 * Written for what ParquetFileWriter asks of writeColumn: no statistics, no column indexes, no
 * bloom filters (a chunk with them is refused rather than written wrong).
 */
export class ParquetFooter {
  readonly #rowGroups = new ByteWriter();
  readonly #offsetIndexes = new ByteWriter();
  readonly #patches: OffsetIndexPatch[] = [];
  #count = 0;
  #rows = 0n;

  /** One row group: its leaves' writeColumn results in order, its rows and its bytes in the file. */
  addRowGroup(columns: readonly ColumnResult[], rows: number, compressedSize: number): void {
    const out = this.#rowGroups;
    let uncompressed = 0n;
    fieldHeader(out, 1, LIST);
    listHeader(out, columns.length, STRUCT);
    for (const result of columns) {
      const { chunk, offsetIndex } = result;
      const meta = chunk.meta_data;
      if (!meta) throw new Error('Parquet footer: a column chunk has no meta_data');
      if (result.columnIndex || result.bloomFilter || chunk.column_index_offset !== undefined)
        throw new Error(`Parquet footer: column "${meta.path_in_schema.join('.')}" has a column index or bloom filter, which this footer does not write`);
      uncompressed += meta.total_uncompressed_size;
      // ColumnChunk: field_2 file_offset, field_3 meta_data (field_1 file_path is never set).
      fieldHeader(out, 2, I64);
      out.appendZigZag(chunk.file_offset);
      fieldHeader(out, 1, STRUCT);
      serializeTCompactProtocol(out, columnMetaData(meta));
      // The library writes an offset index only for a chunk of more than one page (writeOffsetIndex).
      if (offsetIndex && offsetIndex.page_locations.length > 1) {
        const offset = this.#offsetIndexes.offset;
        serializeTCompactProtocol(this.#offsetIndexes, {
          field_1: offsetIndex.page_locations.map((p) => ({ field_1: p.offset, field_2: p.compressed_page_size, field_3: p.first_row_index })),
        });
        this.#patches.push({ at: out.offset, offset, length: this.#offsetIndexes.offset - offset });
      } else out.appendUint8(STOP);
    }
    // RowGroup: field_2 total_byte_size, field_3 num_rows, field_6 total_compressed_size.
    fieldHeader(out, 1, I64);
    out.appendZigZag(uncompressed);
    fieldHeader(out, 1, I64);
    out.appendZigZag(BigInt(rows));
    fieldHeader(out, 3, I64);
    out.appendZigZag(BigInt(compressedSize));
    out.appendUint8(STOP);
    this.#count++;
    this.#rows += BigInt(rows);
  }

  /** The offset indexes, then FileMetaData and its length, as ParquetWriter's `finish` writes them (without the closing magic number). */
  write(writer: Writer, schema: readonly SchemaElement[], createdBy: string): void {
    const indexesStart = writer.offset;
    writer.appendBytes(this.#offsetIndexes.getBytes());
    const start = writer.offset;
    // FileMetaData: field_1 version, field_2 schema, field_3 num_rows, field_4 row_groups, field_6 created_by, field_7 column_orders.
    fieldHeader(writer, 1, I32);
    writer.appendZigZag(2);
    fieldHeader(writer, 1, LIST);
    listHeader(writer, schema.length, STRUCT);
    for (const element of schema) serializeTCompactProtocol(writer, schemaElement(element));
    fieldHeader(writer, 1, I64);
    writer.appendZigZag(this.#rows);
    fieldHeader(writer, 1, LIST);
    listHeader(writer, this.#count, STRUCT);
    const rowGroups = this.#rowGroups.getBytes();
    let from = 0;
    for (const patch of this.#patches) {
      writer.appendBytes(rowGroups.subarray(from, patch.at));
      // ColumnChunk: field_4 offset_index_offset, field_5 offset_index_length, then its STOP.
      fieldHeader(writer, 1, I64);
      writer.appendZigZag(BigInt(indexesStart + patch.offset));
      fieldHeader(writer, 1, I32);
      writer.appendZigZag(patch.length);
      writer.appendUint8(STOP);
      from = patch.at;
    }
    writer.appendBytes(rowGroups.subarray(from));
    fieldHeader(writer, 2, BINARY);
    const creator = new TextEncoder().encode(createdBy);
    writer.appendVarInt(creator.length);
    writer.appendBytes(creator);
    const leaves = schema.filter((element) => element.type).length;
    fieldHeader(writer, 1, LIST);
    listHeader(writer, leaves, STRUCT);
    // ColumnOrder: TYPE_DEFINED_ORDER (an empty struct as field 1) for every leaf.
    for (let i = 0; i < leaves; i++) serializeTCompactProtocol(writer, { field_1: {} });
    writer.appendUint8(STOP);
    writer.appendUint32(writer.offset - start);
  }
}

type ColumnMetaData = NonNullable<ColumnResult['chunk']['meta_data']>;

/** ColumnMetaData as writeMetadata maps it (src/metadata.js), for the fields writeColumn sets without statistics. */
function columnMetaData(meta: ColumnMetaData): Parameters<typeof serializeTCompactProtocol>[1] {
  if (
    meta.statistics ||
    meta.encoding_stats ||
    meta.key_value_metadata ||
    meta.size_statistics ||
    meta.geospatial_statistics ||
    meta.bloom_filter_offset !== undefined
  )
    throw new Error(`Parquet footer: column "${meta.path_in_schema.join('.')}" has statistics or metadata this footer does not write`);
  return {
    field_1: ParquetTypes.indexOf(meta.type),
    field_2: meta.encodings.map((e) => Encodings.indexOf(e)),
    field_3: meta.path_in_schema,
    field_4: CompressionCodecs.indexOf(meta.codec),
    field_5: meta.num_values,
    field_6: meta.total_uncompressed_size,
    field_7: meta.total_compressed_size,
    field_9: meta.data_page_offset,
    field_10: meta.index_page_offset,
    field_11: meta.dictionary_page_offset,
  };
}

/** A SchemaElement as writeMetadata maps it (src/metadata.js); `x && index` keeps the library's undefined and 0 alike. */
function schemaElement(element: SchemaElement): Parameters<typeof serializeTCompactProtocol>[1] {
  return {
    field_1: element.type && ParquetTypes.indexOf(element.type),
    field_2: element.type_length,
    field_3: element.repetition_type && FieldRepetitionTypes.indexOf(element.repetition_type),
    field_4: element.name,
    field_5: element.num_children,
    field_6: element.converted_type && ConvertedTypes.indexOf(element.converted_type),
    field_7: element.scale,
    field_8: element.precision,
    field_9: element.field_id,
    field_10: logicalType(element.logical_type),
  };
}
