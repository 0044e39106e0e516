import type { SchemaElement } from 'hyparquet-writer';
import type { XdmSchemaNode } from '../../../../src-shared/xdm/xdm-schema-node';
import { xdmTypeOf } from '../../../../src-shared/xdm/xdm-schema-node';
import { isPrototypeKey, ownValue } from '../../../../src-shared/domain/own-keys';
import { fieldElements } from './parquet-schema';
import { compileLeafShaper } from './parquet-values';

/**
 * Dremel shredding of XDM records into leaf columns, as each record arrives.
 * Why: hyparquet-writer shreds a row group's top-level values once per leaf column (a walk of
 * every row per leaf), so the writer had to keep the group's records until its end; they
 * outlived the young generation's collections and were promoted, the bulk of Parquet's peak
 * RSS, and the walks were a fifth of its CPU. Shredding at write time walks a record once,
 * compiled per field (no schema lookup per value), and leaves only its leaf values (strings,
 * numbers) in the columns: the record is garbage at once.
 * The levels are those of hyparquet-writer's encodeNestedValues (`dremel.js`) for the schema
 * `fieldElements` gives (objects OPTIONAL groups, arrays 3-level LISTs, maps MAP groups of
 * REQUIRED string keys): an OPTIONAL node present adds one to the definition level, a REPEATED
 * node one per element (an empty one leaves its leaves at its own level), and an absent node
 * leaves every leaf below it at the level reached. `parquet-shredder.test.ts` holds the parts
 * to hyparquet-writer's own `parquetWrite` of the same records.
 */

/** Values a string column looks at before it decides how it keeps its strings (LeafColumn). */
export const STRING_SAMPLE = 1_000;

/** At most this many distinct strings are shared per column (see LeafColumn). */
const SHARED_STRINGS = 4_096;

/** In a column's values: the value is the bytes at starts[i]..ends[i] of the column's byte store. */
const IN_STORE = Symbol('in the byte store');

/**
 * One leaf column of a row group: its values (undefined where absent) and levels, in order.
 * Why strings are kept apart: a row group's values live until the group is written and so
 * outlive the young generation's collections (they are promoted, then garbage in the old
 * generation until a major collection). A string column keeps its first STRING_SAMPLE values as
 * they are; then, when more than half of those were different (ids, e-mails), it copies each
 * string's UTF-8 bytes into one byte store, which holds no object per value (the views the
 * writer takes are made at the group's end, and die young); else (names, cities) it keeps one
 * copy of each distinct string, so the parser's copies die young. The writer writes a string
 * and its bytes alike; it encodes a string of a plainly encoded column with a TextEncoder, one
 * new ArrayBuffer per value, and builds dictionaries faster on strings than on bytes.
 */
export class LeafColumn {
  readonly element: SchemaElement;
  /** The elements from the schema's root to this leaf (what hyparquet-writer's writeColumn takes). */
  readonly schemaPath: SchemaElement[];
  readonly maxDefinitionLevel: number;
  readonly maxRepetitionLevel: number;
  /**
   * The group's values, one array for every group (overwritten by index): a new array per
   * group would outlive the young generation's collections, as the group does, and be
   * promoted, then garbage in the old generation (15 leaves of 5,000 rows: 600 KB a group).
   */
  readonly #values: unknown[] = [];
  // Levels fit a byte: a level counts the schema's nesting, which no XDM schema takes past 255.
  #definition = new Uint8Array(1024);
  #repetition = new Uint8Array(1024);
  #length = 0;
  /** Strings: sampling (the distinct ones so far), then how they are kept. */
  #sample: Set<string> | undefined = new Set();
  #sampled = 0;
  #shared: Map<string, string> | undefined;
  #store: Buffer | undefined;
  #stored = 0;
  #starts = new Int32Array(0);
  #ends = new Int32Array(0);

  constructor(schemaPath: SchemaElement[]) {
    this.schemaPath = schemaPath;
    this.element = schemaPath[schemaPath.length - 1] as SchemaElement;
    const below = schemaPath.slice(1);
    this.maxDefinitionLevel = below.filter((e) => e.repetition_type !== 'REQUIRED').length;
    this.maxRepetitionLevel = below.filter((e) => e.repetition_type === 'REPEATED').length;
    if (this.maxDefinitionLevel > 255) throw new Error(`parquet column ${this.name}: nested deeper than 255 levels`);
  }

  get name(): string {
    return this.schemaPath
      .slice(1)
      .map((e) => e.name)
      .join('.');
  }

  get length(): number {
    return this.#length;
  }

  push(value: unknown, repetition: number, definition: number): void {
    const i = this.#length;
    if (i === this.#definition.length) this.#grow(i * 2);
    this.#values[i] = value;
    this.#definition[i] = definition;
    this.#repetition[i] = repetition;
    this.#length = i + 1;
  }

  /** A present string of this column (kept as the class comment says). */
  pushString(value: string, repetition: number, definition: number): void {
    if (this.#store !== undefined) return this.#pushBytes(value, repetition, definition);
    if (this.#shared !== undefined) {
      let kept = this.#shared.get(value);
      if (kept === undefined) {
        kept = value;
        if (this.#shared.size < SHARED_STRINGS) this.#shared.set(value, value);
      }
      return this.push(kept, repetition, definition);
    }
    this.push(value, repetition, definition);
    const sample = this.#sample as Set<string>;
    sample.add(value);
    if (++this.#sampled < STRING_SAMPLE) return;
    if (sample.size * 2 > STRING_SAMPLE) {
      this.#store = Buffer.allocUnsafe(64 * 1024);
      this.#starts = new Int32Array(this.#definition.length);
      this.#ends = new Int32Array(this.#definition.length);
    } else this.#shared = new Map();
    this.#sample = undefined;
  }

  #pushBytes(value: string, repetition: number, definition: number): void {
    let store = this.#store as Buffer;
    const at = this.#stored;
    // UTF-8 takes at most three bytes per UTF-16 unit.
    if (at + value.length * 3 > store.length) {
      const bigger = Buffer.allocUnsafe(Math.max(store.length * 2, at + value.length * 3));
      store.copy(bigger, 0, 0, at);
      store = this.#store = bigger;
    }
    const i = this.#length;
    this.push(IN_STORE, repetition, definition);
    this.#starts[i] = at;
    this.#stored = at + store.write(value, at, 'utf8');
    this.#ends[i] = this.#stored;
  }

  #grow(size: number): void {
    this.#definition = grown(this.#definition, new Uint8Array(size));
    this.#repetition = grown(this.#repetition, new Uint8Array(size));
    if (this.#store !== undefined) {
      this.#starts = grown(this.#starts, new Int32Array(size));
      this.#ends = grown(this.#ends, new Int32Array(size));
    }
  }

  /**
   * The group's values and levels (this column's own arrays and views of its buffers: valid
   * until the next push),
   * and the column emptied for the next group. Repetition levels are given only when the
   * column repeats (hyparquet-writer reads an empty list as "every value starts a row").
   */
  take(): { values: unknown[]; definitionLevels: Uint8Array; repetitionLevels: Uint8Array; maxDefinitionLevel: number } {
    const n = this.#length;
    let values = this.#values;
    if (values.length !== n) values.length = n;
    if (this.#store !== undefined) {
      // A new array for the views, which must die with the write: the reused one outlives it.
      const store = this.#store;
      values = values.slice();
      for (let i = 0; i < n; i++) if (values[i] === IN_STORE) values[i] = store.subarray(this.#starts[i], this.#ends[i]);
    }
    this.clear();
    return {
      values,
      definitionLevels: this.maxDefinitionLevel > 0 ? this.#definition.subarray(0, n) : new Uint8Array(0),
      repetitionLevels: this.maxRepetitionLevel > 0 ? this.#repetition.subarray(0, n) : new Uint8Array(0),
      maxDefinitionLevel: this.maxDefinitionLevel,
    };
  }

  /**
   * Drops the group's values (what the column learnt of its strings stays); the values array
   * is overwritten by the next group's, and cut to its length when taken.
   */
  clear(): void {
    this.#length = 0;
    this.#stored = 0;
  }
}

/** A compiled field: writes one value (or its absence) into the leaves below it. */
interface FieldShredder {
  /** `value` of this field at repetition level `r`, its parent present at definition level `d`. */
  shred(value: unknown, r: number, d: number): void;
  /** This field absent: every leaf below it at (r, d). */
  absent(r: number, d: number): void;
}

function absentAll(leaves: readonly LeafColumn[]): (r: number, d: number) => void {
  return (r, d) => {
    for (const leaf of leaves) leaf.push(undefined, r, d);
  };
}

function describe(value: unknown): string {
  return Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`;
}

/**
 * The shredder of field `name` (schema `node`) below `parents` (root first), its leaves added
 * to `leaves` in the schema's depth-first order; undefined when fieldElements gives the field
 * no element (the two must agree: the footer's schema is fieldElements').
 * `repeated`: how many REPEATED elements are above it.
 */
function compileField(name: string, node: XdmSchemaNode, parents: readonly SchemaElement[], repeated: number, leaves: LeafColumn[]): FieldShredder | undefined {
  const elements = fieldElements(name, node);
  const own = elements[0];
  if (own === undefined) return undefined;
  const path = [...parents, own];
  const where = path
    .slice(1)
    .map((e) => e.name)
    .join('.');
  const first = leaves.length;
  const type = xdmTypeOf(node);
  if (type === 'object') {
    const children: { key: string; field: FieldShredder; own: boolean }[] = [];
    for (const [key, child] of Object.entries(node.properties ?? {})) {
      const field = compileField(key, child, path, repeated, leaves);
      if (field) children.push({ key, field, own: isPrototypeKey(key) });
    }
    const absent = absentAll(leaves.slice(first));
    return {
      absent,
      shred(value, r, d) {
        if (value === undefined || value === null) return absent(r, d);
        if (typeof value !== 'object' || Array.isArray(value)) throw new Error(`parquet field ${where}: expected an object, got ${describe(value)}`);
        for (const { key, field, own } of children) field.shred(own ? ownValue(value, key) : (value as Record<string, unknown>)[key], r, d + 1);
      },
    };
  }
  if (type === 'array' || type === 'map') {
    const list = elements[1] as SchemaElement;
    const level = repeated + 1;
    let key: LeafColumn | undefined;
    if (type === 'map') {
      key = new LeafColumn([...path, list, elements[2] as SchemaElement]);
      leaves.push(key);
    }
    const item = type === 'array' ? (node.items as XdmSchemaNode) : (node.additionalProperties as XdmSchemaNode);
    const inner = compileField(type === 'array' ? 'element' : 'value', item, [...path, list], level, leaves) as FieldShredder;
    const absent = absentAll(leaves.slice(first));
    if (key === undefined) {
      return {
        absent,
        shred(value, r, d) {
          if (value === undefined || value === null) return absent(r, d);
          if (!Array.isArray(value)) throw new Error(`parquet field ${where}: expected an array, got ${describe(value)}`);
          if (value.length === 0) return inner.absent(r, d + 1);
          for (let i = 0; i < value.length; i++) inner.shred(value[i], i === 0 ? r : level, d + 2);
        },
      };
    }
    const keys = key;
    return {
      absent,
      shred(value, r, d) {
        if (value === undefined || value === null) return absent(r, d);
        if (typeof value !== 'object' || Array.isArray(value)) throw new Error(`parquet field ${where}: expected a map (an object), got ${describe(value)}`);
        // Own enumerable keys, as hyparquet-writer reads a map (Object.entries), without the
        // entries' arrays: identityMap is a map, in every row.
        let i = 0;
        for (const k in value) {
          if (!Object.hasOwn(value, k)) continue;
          const rep = i === 0 ? r : level;
          keys.push(k, rep, d + 2);
          inner.shred((value as Record<string, unknown>)[k], rep, d + 2);
          i++;
        }
        if (i === 0) {
          keys.push(undefined, r, d + 1);
          inner.absent(r, d + 1);
        }
      },
    };
  }
  const leaf = new LeafColumn(path);
  leaves.push(leaf);
  const absent = (r: number, d: number): void => leaf.push(undefined, r, d);
  if (leaf.element.type === 'BYTE_ARRAY') {
    return {
      absent,
      shred: (value, r, d) => {
        if (value === undefined || value === null) leaf.push(undefined, r, d);
        else if (typeof value === 'string') leaf.pushString(value, r, d + 1);
        else leaf.push(value, r, d + 1);
      },
    };
  }
  const shape = compileLeafShaper(node);
  return {
    absent,
    shred:
      shape === null
        ? (value, r, d) => (value === undefined || value === null ? leaf.push(undefined, r, d) : leaf.push(value, r, d + 1))
        : (value, r, d) => (value === undefined || value === null ? leaf.push(undefined, r, d) : leaf.push(shape(value), r, d + 1)),
  };
}

/** The compiled shredder of a record's top-level columns. */
export interface RecordShredder {
  /** Every leaf column, in the order of the schema's leaves (the order of a row group's chunks). */
  readonly leaves: readonly LeafColumn[];
  /** Adds one record's values to the leaves. */
  shred(record: Record<string, unknown>): void;
}

/**
 * The shredder of records whose top-level `columns` are fields of `schema` (parquetSchemaFor's
 * columns, whose elements are `root`'s children). Leaf values are shaped as the writer wants
 * them (compileLeafShaper: dates as days, date-times as milliseconds, longs as bigints,
 * strings of columns that hardly repeat as UTF-8 bytes); a value already shaped is kept.
 */
export function compileRecordShredder(schema: XdmSchemaNode, columns: readonly string[], root: SchemaElement): RecordShredder {
  const leaves: LeafColumn[] = [];
  const fields: { name: string; field: FieldShredder; own: boolean }[] = [];
  for (const name of columns) {
    const node = ownValue(schema.properties ?? {}, name) as XdmSchemaNode | undefined;
    const field = node && compileField(name, node, [root], 0, leaves);
    if (field) fields.push({ name, field, own: isPrototypeKey(name) });
  }
  return {
    leaves,
    shred(record) {
      for (const { name, field, own } of fields) field.shred(own ? ownValue(record, name) : record[name], 0, 0);
    },
  };
}

/** `to`, a larger array of the same kind, holding `from`'s values first. */
function grown<T extends Uint8Array | Int32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
