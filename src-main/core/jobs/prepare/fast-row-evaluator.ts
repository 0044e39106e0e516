import type { ValidateFunction } from 'ajv';
import { parseExpression } from '../../../../src-shared/mapping/parse-expression';
import type { ConvertOptions } from '../../../../src-shared/xdm/conversions';
import { convertValue } from '../../../../src-shared/xdm/conversions';
import { isCalendarDate, isXdmDateTime } from '../../../../src-shared/xdm/date-text';
import type { XdmSchemaNode } from '../../../../src-shared/xdm/xdm-schema-node';
import { xdmTypeOf } from '../../../../src-shared/xdm/xdm-schema-node';
import { compactArrays, compileSetter, normaliseMappedValue } from '../../mapping/compile-mapping';
import { compileExpression } from '../../mapping/evaluate-expression';
import type { FieldReader } from '../../mapping/evaluate-expression';
import { applyIdentityRules } from '../../mapping/identity-map';
import { createXdmAjv } from '../../xdm/ajv-instance';
import type { FastRowDecline } from './fast-path-types';
import type { AjvNode, FastPlan, Presence, SlotPlan } from './fast-plan';

/** A slot whose value the row does not give (an empty cell, an expression yielding nothing). */
export const ABSENT: unique symbol = Symbol('absent');

/**
 * Evaluates a row against a plan: each mapped value converted by AEP's rules and checked on its
 * own, `required` checked from which values are present, identities checked item by item.
 * The row's values stay in the evaluator (no record is built) for the encoder or `record()`.
 */
export interface RowEvaluator {
  /** Undefined when the row is clean (the general path would accept it without an issue); else why not. */
  evaluate(cells: readonly string[]): FastRowDecline | undefined;
  /** The last clean row's values by slot (ABSENT when the row gives none). */
  readonly values: readonly unknown[];
  /** The last clean row's id per identity rule (undefined: the rule adds no item). */
  readonly ids: readonly (string | undefined)[];
  /** How many of `ids` are set. */
  readonly idCount: number;
  /**
   * The last clean row's record, built as the general path builds it; with `shapers` (one per
   * slot, null: as it is), each slot's value is set shaped (Parquet parts; identityMap is not).
   */
  record(shapers?: readonly (((value: unknown) => unknown) | null)[]): Record<string, unknown>;
}

/** A value that fails its conversion or its checks, and an expression that threw: the row is declined. */
const FAIL: unique symbol = Symbol('fail');
const THREW: unique symbol = Symbol('threw');
type SlotValue = unknown;

/** The number written by `text[from, to)` in ASCII digits; -1 when another character is there. */
function digitsAt(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = text.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * isXdmDate (`yyyy-MM-dd` naming a real day) read by character codes, without the regex match
 * and its captured strings: the same answer for every text (a test holds the two together), and
 * a text it refuses still goes through convertValue, which has the last word.
 */
export function isDateText(text: string): boolean {
  if (text.length !== 10 || text.charCodeAt(4) !== 0x2d || text.charCodeAt(7) !== 0x2d) return false;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 7);
  const day = digitsAt(text, 8, 10);
  return year >= 0 && month >= 0 && day >= 0 && isCalendarDate(year, month, day);
}

/**
 * A value already of the right shape passes without a conversion result being allocated;
 * anything else goes through AEP's rules (convertValue), the same function the general path
 * ends up in.
 */
function compileLeafConversion(node: XdmSchemaNode, options: ConvertOptions): (value: unknown) => SlotValue | typeof FAIL {
  const slow = (value: unknown): SlotValue | typeof FAIL => {
    const r = convertValue(value, node, options);
    return r.ok ? r.value : FAIL;
  };
  switch (xdmTypeOf(node)) {
    case 'string':
      return (value) => (typeof value === 'string' && value !== '' ? value : slow(value));
    case 'date':
      return (value) => (typeof value === 'string' && isDateText(value) ? value : slow(value));
    case 'date-time':
      return (value) => (typeof value === 'string' && isXdmDateTime(value) ? value : slow(value));
    case 'boolean':
      return (value) => (typeof value === 'boolean' ? value : slow(value));
    default:
      return slow;
  }
}

const compileCheck = (schema: AjvNode | null): ValidateFunction | undefined => (schema === null ? undefined : createXdmAjv(false).compile(schema));

type SlotReader = () => SlotValue | typeof ABSENT | typeof FAIL | typeof THREW;

export function createRowEvaluator(plan: FastPlan, convertOptions: ConvertOptions = {}): RowEvaluator {
  const columnIndex = new Map<string, number>();
  plan.columns.forEach((c, i) => {
    if (!columnIndex.has(c)) columnIndex.set(c, i);
  });
  // One reader for every row: it reads the row being evaluated (the general path's reader
  // rules: a missing or empty cell reads as null).
  let cells: readonly string[] = [];
  const read: FieldReader = (name) => {
    const i = columnIndex.get(name);
    const v = i === undefined ? undefined : cells[i];
    return v === undefined || v === '' ? null : v;
  };

  const readerOf = (slot: SlotPlan, index: number): SlotReader => {
    const convert = compileLeafConversion(slot.node, convertOptions);
    const check = compileCheck(slot.check);
    const source = slot.source;
    if (source.kind === 'column') {
      const column = source.column;
      return () => {
        const text = cells[column];
        if (text === undefined || text === '') return ABSENT;
        const value = convert(text);
        return value === FAIL || (check !== undefined && !check(value)) ? FAIL : value;
      };
    }
    const evaluate: (r: FieldReader) => unknown = source.kind === 'static' ? () => source.value : compileExpression(parseExpression(source.expression, index));
    const field = { type: slot.shapeAs };
    return () => {
      let value: unknown;
      try {
        value = normaliseMappedValue(evaluate(read), field);
      } catch {
        return THREW;
      }
      if (value === undefined) return ABSENT;
      const converted = convert(value);
      return converted === FAIL || (check !== undefined && !check(converted)) ? FAIL : converted;
    };
  };
  const readers = plan.slots.map(readerOf);
  const setters = plan.slots.map((s) => compileSetter(s.path));

  const identities = plan.identities;
  const identityCheck = plan.identityCheck;
  const checkId = identityCheck.kind === 'items' ? compileCheck(identityCheck.id) : undefined;
  const checkMap = identityCheck.kind === 'map' ? createXdmAjv(false).compile(identityCheck.schema) : undefined;
  const values: SlotValue[] = new Array<SlotValue>(plan.slots.length);
  const ids: (string | undefined)[] = new Array<string | undefined>(identities.length);
  let idCount = 0;

  const isPresent = (presence: Presence): boolean => {
    if (presence === 'never') return false;
    if (presence === 'identityMap') return idCount > 0;
    for (const s of presence) if (values[s] !== ABSENT) return true;
    return false;
  };

  /**
   * The ids the identity rules give the row, as applyIdentityRules (the general path) reads
   * them: an empty or missing cell, or one that trims to '', adds no item. False when an
   * identity item would fail the schema.
   */
  const identitiesPass = (): boolean => {
    idCount = 0;
    for (let r = 0; r < identities.length; r++) {
      const cell = cells[plan.identityColumns[r] as number];
      const id = cell === undefined || cell === '' ? '' : cell.trim();
      if (id === '') {
        ids[r] = undefined;
        continue;
      }
      ids[r] = id;
      idCount++;
      if (identityCheck.kind === 'items' && (!identityCheck.constantOk[r] || (checkId !== undefined && !checkId(id)))) return false;
    }
    if (checkMap !== undefined && idCount > 0) {
      const holder: Record<string, unknown> = {};
      applyIdentityRules(holder, identities, read);
      if (!checkMap(holder.identityMap)) return false;
    }
    return true;
  };

  const evaluate = (row: readonly string[]): FastRowDecline | undefined => {
    cells = row;
    for (let i = 0; i < readers.length; i++) {
      const value = (readers[i] as SlotReader)();
      if (value === FAIL) return 'invalid-value';
      if (value === THREW) return 'expression-error';
      values[i] = value;
    }
    idCount = 0;
    if (identities.length > 0 && !identitiesPass()) return 'invalid-identity';
    for (const r of plan.requirements) {
      if (r.object !== null && !isPresent(r.object)) continue;
      if (!isPresent(r.needs)) return 'required-missing';
    }
    if (plan.countsIdentities) {
      let count = idCount;
      let primaries = 0;
      for (let r = 0; r < identities.length; r++) if (ids[r] !== undefined && identities[r]?.primary === true) primaries++;
      for (const d of plan.descriptors) {
        if (!isPresent(d.presence)) continue;
        count++;
        if (d.primary) primaries++;
      }
      // The general path warns about these; a warning is not a clean row.
      if ((count > 0 && primaries === 0) || primaries > 1) return 'identity-warning';
      if (count === 0 && plan.requiresIdentity) return 'identity-missing';
    }
    return undefined;
  };

  return {
    evaluate,
    values,
    ids,
    get idCount() {
      return idCount;
    },
    record(shapers) {
      const record: Record<string, unknown> = {};
      for (let i = 0; i < values.length; i++) {
        const value = values[i];
        if (value === ABSENT) continue;
        const shape = shapers?.[i];
        (setters[i] as (record: Record<string, unknown>, value: unknown) => boolean)(record, shape ? shape(value) : value);
      }
      applyIdentityRules(record, identities, read);
      // Elements whose values are all absent leave holes, which the general path drops.
      if (plan.hasArrays) compactArrays(record);
      return record;
    },
  };
}
