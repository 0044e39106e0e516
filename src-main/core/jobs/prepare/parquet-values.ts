import type { XdmSchemaNode } from '../../../../src-shared/xdm/xdm-schema-node';
import { xdmTypeOf } from '../../../../src-shared/xdm/xdm-schema-node';

/**
 * Shaping converted XDM leaf values for the Parquet writer, chosen once per leaf column.
 * What changes: `date` becomes days since 1970-01-01 (Parquet DATE), `date-time` milliseconds
 * since 1970 (TIMESTAMP_MILLIS), `long` a bigint (INT64); the writer takes numbers for the
 * first two as it takes Date objects, without a Date per value. Everything else goes as it is:
 * objects, arrays and maps are walked by the parts' shredder (parquet-shredder.ts), and strings
 * are kept as its string columns choose (LeafColumn).
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

/**
 * The shaper of one leaf value (date, date-time, long), or null when it goes as it is.
 * The parts' shredder shapes each leaf with it (parquet-shredder.ts); the fast path shapes each
 * value as it sets it (`FastRecordOptions.shapeLeaf`), so a shaped value must come back
 * unchanged: a field's shaper given an already shaped value returns it as it is.
 */
export function compileLeafShaper(node: XdmSchemaNode): ParquetShaper | null {
  switch (xdmTypeOf(node)) {
    case 'date':
      return dateDays;
    case 'date-time':
      return epochMillis;
    case 'long':
      return bigint;
    default:
      return null;
  }
}
