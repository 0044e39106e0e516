import type { XdmSchemaNode } from '../../../../src-shared/xdm/xdm-schema-node';
import { xdmTypeOf } from '../../../../src-shared/xdm/xdm-schema-node';
import { isPrototypeKey, ownValue, setOwn } from '../../../../src-shared/domain/own-keys';

/**
 * Shaping converted XDM values for the Parquet writer, compiled once per column.
 * Why compiled: shaping ran per value through the schema (type lookups, a copy of every
 * object) and was, with the garbage it made, the largest cost of Parquet parts that was ours.
 * A field's shaper is made once; a subtree that needs no change (strings, numbers, booleans,
 * and objects, arrays and maps of them) is handed to the writer as it is, which reads only the
 * schema's keys of it (maps through their own entries).
 * What changes: `date` becomes days since 1970-01-01 (Parquet DATE), `date-time` milliseconds
 * since 1970 (TIMESTAMP_MILLIS), `long` a bigint (INT64); the writer takes numbers for the
 * first two as it takes Date objects, without a Date per value.
 * Strings go as they are: the parts' string columns choose how they keep them
 * (parquet-shredder.ts, LeafColumn).
 */

/** A value shaped for the writer; undefined when absent. */
export type ParquetShaper = (value: unknown) => unknown;

const DAY_MS = 86_400_000;

function dateDays(value: unknown): unknown {
  return typeof value === 'string' ? Math.floor(Date.parse(`${value}T00:00:00Z`) / DAY_MS) : value;
}

function epochMillis(value: unknown): unknown {
  return typeof value === 'string' ? Date.parse(value) : value;
}

function bigint(value: unknown): unknown {
  return typeof value === 'number' ? BigInt(value) : value;
}

/** `shape` applied to a present value (null and undefined are absent). */
function present(value: unknown, shape: ParquetShaper): unknown {
  return value === undefined || value === null ? undefined : shape(value);
}

/**
 * The shaper of one field, or null when its values go to the writer as they are.
 * An object with a key that plain property access would find on Object.prototype
 * (`constructor`...) is always copied, by its own keys, into an object without a prototype:
 * the writer reads keys plainly, and read `constructor` of a record without one as a value.
 */
function shaperOf(node: XdmSchemaNode): ParquetShaper | null {
  switch (xdmTypeOf(node)) {
    case 'date':
      return dateDays;
    case 'date-time':
      return epochMillis;
    case 'long':
      return bigint;
    case 'object': {
      const children = Object.entries(node.properties ?? {}).map(([key, child]) => ({ key, shape: shaperOf(child) }));
      if (children.every((c) => c.shape === null && !isPrototypeKey(c.key))) return null;
      return (value) => {
        if (typeof value !== 'object' || value === null) return undefined;
        // No prototype: the writer reads `out.constructor` and finds nothing when the record has none.
        const out = Object.create(null) as Record<string, unknown>;
        for (const { key, shape } of children) {
          const v = ownValue(value, key);
          const shaped = shape === null ? (v ?? undefined) : present(v, shape);
          if (shaped !== undefined) setOwn(out, key, shaped);
        }
        return out;
      };
    }
    case 'array': {
      const shape = node.items ? shaperOf(node.items) : null;
      if (shape === null) return null;
      return (value) => (Array.isArray(value) ? value.map((v) => present(v, shape)) : undefined);
    }
    case 'map': {
      const shape = typeof node.additionalProperties === 'object' ? shaperOf(node.additionalProperties) : null;
      if (shape === null) return null;
      return (value) =>
        typeof value === 'object' && value !== null
          ? Object.entries(value as Record<string, unknown>).map(([key, v]) => ({ key, value: present(v, shape) }))
          : undefined;
    }
    default:
      return null;
  }
}

/**
 * The shaper of one leaf value (date, date-time, long), or null when it goes as it is.
 * The parts' shredder shapes each leaf with it (parquet-shredder.ts); the fast path shapes each
 * value as it sets it (`FastRecordOptions.shapeLeaf`), so a shaped value must come back
 * unchanged: a field's shaper given an already shaped value returns it as it is.
 */
export function compileLeafShaper(node: XdmSchemaNode): ParquetShaper | null {
  switch (xdmTypeOf(node)) {
    case 'date':
    case 'date-time':
    case 'long':
      return shaperOf(node);
    default:
      return null;
  }
}

/** The shaper of a top-level field: null and undefined become absent, the rest is shaped or passed on. */
export function compileParquetShaper(node: XdmSchemaNode): ParquetShaper {
  const shape = shaperOf(node);
  return shape === null ? (value) => value ?? undefined : (value) => present(value, shape);
}
