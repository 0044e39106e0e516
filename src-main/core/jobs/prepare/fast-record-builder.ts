import type { MappingFile } from '../../../../src-shared/mapping/mapping-types';
import type { ConvertOptions } from '../../../../src-shared/xdm/conversions';
import type { IdentityDescriptor } from '../../../../src-shared/xdm/identity-descriptors';
import type { XdmSchemaNode } from '../../../../src-shared/xdm/xdm-schema-node';
import type { FastPlanDecline, FastRowDecline } from './fast-path-types';
import { compileFastPlan } from './fast-plan';
import type { EncodedLine } from './fast-line-encoder';
import { createLineEncoder } from './fast-line-encoder';
import { createRowEvaluator } from './fast-row-evaluator';

export { isDateText } from './fast-row-evaluator';

/**
 * The prepare job's fast path for CSV rows: mapping, AEP's conversions and the schema's checks
 * fused into one pass that builds the record (or its JSON line) only when the row is clean.
 *
 * Why: the general path (compiled mapping → converter → whole-record Ajv → identity checks)
 * builds the record twice, walks the whole schema once per row and allocates issue lists even
 * for the 98% of rows that have none; on a 1 GB file that is most of the job's time.
 *
 * Three pieces, each changeable on its own (README.md in this folder states the contract):
 * the plan (fast-plan.ts, plain data from schema and mapping), the row evaluator
 * (fast-row-evaluator.ts) and the line encoder (fast-line-encoder.ts). A row the fast path
 * declines goes to the general path, which reports its issues; the reason is counted in
 * summary.json's `fastPath`.
 */

/** A row declined: the general path takes it. */
export type DeclinedRow = { kind: 'declined'; reason: FastRowDecline };
/** A clean row as a JSON Lines line. */
export type FastLine = DeclinedRow | EncodedLine;
/** A clean row as a record (Parquet parts). */
export type FastRecord = DeclinedRow | { kind: 'record'; record: Record<string, unknown> };

export interface FastRecordBuilder {
  /** The row as a record (its leaves shaped when the options give `shapeLeaf`), or why it is declined. */
  record(cells: readonly string[]): FastRecord;
  /** The row for a JSON Lines part, or why it is declined; a `template` line is then written by {@link encodeLine}. */
  prepareLine(cells: readonly string[]): FastLine;
  /** Writes the row last prepared as `template` into `out` from `at` (see LineEncoder.encode). */
  encodeLine(out: Buffer, at: number): number;
  /** The JSON text of the row last prepared as `template`. */
  lineText(): string;
  /** The record, or undefined when declined (for tests and callers that do not count reasons). */
  build(cells: readonly string[]): Record<string, unknown> | undefined;
  /** The record's JSON text, byte for byte `JSON.stringify(build(cells))`, or undefined when declined. */
  buildJson(cells: readonly string[]): string | undefined;
}

export interface FastRecordOptions {
  mapping: MappingFile;
  schema: XdmSchemaNode;
  /** The source's columns, in file order. */
  columns: readonly string[];
  descriptors?: readonly IdentityDescriptor[];
  checksEmptyIdentity?: boolean;
  convert?: ConvertOptions;
  /**
   * How `record` shapes each leaf value for its destination's node (null: as it is); Parquet
   * parts pass compileLeafShaper (dates, date-times, longs), which their shredder then finds
   * shaped and keeps as they are.
   */
  shapeLeaf?: (node: XdmSchemaNode) => ((value: unknown) => unknown) | null;
}

export type FastPathCompiled = { ok: true; builder: FastRecordBuilder } | { ok: false; reason: FastPlanDecline; detail: string };

/** One result object per reason, made once: a declined row allocates nothing. */
const DECLINED: Record<FastRowDecline, DeclinedRow> = {
  'invalid-value': { kind: 'declined', reason: 'invalid-value' },
  'expression-error': { kind: 'declined', reason: 'expression-error' },
  'required-missing': { kind: 'declined', reason: 'required-missing' },
  'invalid-identity': { kind: 'declined', reason: 'invalid-identity' },
  'identity-warning': { kind: 'declined', reason: 'identity-warning' },
  'identity-missing': { kind: 'declined', reason: 'identity-missing' },
};

/** The fast path for a schema and mapping, or why no row of the file can take it. */
export function compileFastPath(options: FastRecordOptions): FastPathCompiled {
  const planned = compileFastPlan(options);
  if (!planned.ok) return planned;
  const plan = planned.plan;
  const row = createRowEvaluator(plan, options.convert ?? {});
  const encoder = createLineEncoder(plan, row);
  const shapeLeaf = options.shapeLeaf;
  const leafShapers = shapeLeaf === undefined ? undefined : plan.slots.map((s) => shapeLeaf(s.node));

  const prepareLine = (cells: readonly string[]): FastLine => {
    const declined = row.evaluate(cells);
    return declined === undefined ? encoder.prepare() : DECLINED[declined];
  };
  const record = (cells: readonly string[]): FastRecord => {
    const declined = row.evaluate(cells);
    return declined === undefined ? { kind: 'record', record: row.record(leafShapers) } : DECLINED[declined];
  };
  const builder: FastRecordBuilder = {
    record,
    prepareLine,
    encodeLine: encoder.encode,
    lineText: encoder.text,
    build(cells) {
      const r = record(cells);
      return r.kind === 'record' ? r.record : undefined;
    },
    buildJson(cells) {
      const line = prepareLine(cells);
      if (line.kind === 'declined') return undefined;
      return line.kind === 'text' ? line.json : encoder.text();
    },
  };
  return { ok: true, builder };
}

/** The fast path's builder, or undefined when the schema or mapping is outside what it covers. */
export function compileFastRecordBuilder(options: FastRecordOptions): FastRecordBuilder | undefined {
  const compiled = compileFastPath(options);
  return compiled.ok ? compiled.builder : undefined;
}
