import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileConverter } from '../../../src-shared/xdm/compile-converter';
import { convertTree, convertValue } from '../../../src-shared/xdm/conversions';
import type { XdmSchemaNode } from '../../../src-shared/xdm/xdm-schema-node';
import { xdmTypeOf } from '../../../src-shared/xdm/xdm-schema-node';

const str: XdmSchemaNode = { type: 'string' };
const int: XdmSchemaNode = { type: 'integer', minimum: -2147483648, maximum: 2147483648 };
const short: XdmSchemaNode = { type: 'integer', minimum: -32768, maximum: 32768 };
const byte: XdmSchemaNode = { type: 'integer', 'meta:xdmType': 'byte' };
const long: XdmSchemaNode = { type: 'integer', minimum: -9007199254740991, maximum: 9007199254740991 };
const num: XdmSchemaNode = { type: 'number' };
const bool: XdmSchemaNode = { type: 'boolean' };
const date: XdmSchemaNode = { type: 'string', format: 'date' };
const dateTime: XdmSchemaNode = { type: 'string', format: 'date-time' };
const map: XdmSchemaNode = { type: 'object', 'meta:xdmType': 'map', additionalProperties: { type: 'integer' } };
const arr: XdmSchemaNode = { type: 'array', items: { type: 'number' } };
const obj: XdmSchemaNode = { type: 'object', properties: { a: int, b: { type: 'object', properties: { c: dateTime } } } };

function value(r: ReturnType<typeof convertValue>): unknown {
  if (!r.ok) throw new Error(`expected ok, got ${r.issue.kind}: ${r.issue.message}`);
  return r.value;
}
function kind(r: ReturnType<typeof convertValue>): string {
  if (r.ok) throw new Error(`expected an issue, got ${JSON.stringify(r.value)}`);
  return r.issue.kind;
}

describe('xdmTypeOf', () => {
  it('infers integer widths from Adobe and true bounds', () => {
    expect(xdmTypeOf(int)).toBe('int');
    expect(xdmTypeOf(short)).toBe('short');
    expect(xdmTypeOf({ type: 'integer', minimum: 1, maximum: 32767 })).toBe('short');
    expect(xdmTypeOf({ type: 'integer', minimum: -128, maximum: 128 })).toBe('byte');
    expect(xdmTypeOf(long)).toBe('long');
    expect(xdmTypeOf({ type: 'integer' })).toBe('int');
    expect(xdmTypeOf(map)).toBe('map');
    expect(xdmTypeOf(date)).toBe('date');
    expect(xdmTypeOf(dateTime)).toBe('date-time');
    expect(xdmTypeOf({ 'meta:xdmType': 'long', type: 'integer' })).toBe('long');
  });
});

describe('convertValue', () => {
  it('refuses null and empty values for every type', () => {
    for (const f of [str, int, num, bool, date, dateTime, map, arr, obj]) {
      expect(kind(convertValue(null, f))).toBe('null-value');
      expect(kind(convertValue('', f))).toBe('empty-value');
    }
  });

  it('converts numbers and longs to strings, but not booleans, arrays or objects', () => {
    expect(value(convertValue('abc', str))).toBe('abc');
    expect(value(convertValue(42, str))).toBe('42');
    expect(value(convertValue(1.5, str))).toBe('1.5');
    expect(value(convertValue(12345678901234567890n, str))).toBe('12345678901234567890');
    expect(kind(convertValue(true, str))).toBe('type-mismatch');
    expect(kind(convertValue([1], str))).toBe('type-mismatch');
    expect(kind(convertValue({ a: 1 }, str))).toBe('type-mismatch');
  });

  it('parses numeric strings into integers within the storage range of the width', () => {
    expect(value(convertValue('42', int))).toBe(42);
    expect(value(convertValue(' -7 ', int))).toBe(-7);
    expect(value(convertValue('2147483647', int))).toBe(2147483647);
    expect(kind(convertValue('2147483648', int))).toBe('out-of-range');
    expect(kind(convertValue('32768', short))).toBe('out-of-range');
    expect(value(convertValue(-128, byte))).toBe(-128);
    expect(kind(convertValue(128, byte))).toBe('out-of-range');
    expect(kind(convertValue('12.5', int))).toBe('not-an-integer');
    expect(kind(convertValue(12.5, int))).toBe('not-an-integer');
    expect(kind(convertValue('1,234', int))).toBe('not-a-number');
    expect(kind(convertValue('abc', int))).toBe('not-a-number');
    expect(kind(convertValue(true, int))).toBe('type-mismatch');
    expect(value(convertValue('9007199254740991', long))).toBe(9007199254740991);
    expect(kind(convertValue('9007199254740992', long))).toBe('out-of-range');
    expect(value(convertValue(5n, long))).toBe(5);
  });

  it('applies the field own bounds on top of the width', () => {
    const year: XdmSchemaNode = { type: 'integer', minimum: 1, maximum: 32767 };
    expect(kind(convertValue('0', year))).toBe('out-of-range');
    expect(value(convertValue('1999', year))).toBe(1999);
  });

  it('parses decimal and exponent strings into doubles', () => {
    expect(value(convertValue('12.50', num))).toBe(12.5);
    expect(value(convertValue('-1e3', num))).toBe(-1000);
    expect(value(convertValue(3, num))).toBe(3);
    expect(kind(convertValue('NaN', num))).toBe('not-a-number');
    expect(kind(convertValue('1.234,5', num))).toBe('not-a-number');
    expect(kind(convertValue(Number.POSITIVE_INFINITY, num))).toBe('not-a-number');
    expect(kind(convertValue(false, num))).toBe('type-mismatch');
  });

  it('accepts only booleans for booleans, unless Data Prep words are allowed', () => {
    expect(value(convertValue(true, bool))).toBe(true);
    expect(kind(convertValue('true', bool))).toBe('type-mismatch');
    expect(kind(convertValue(1, bool))).toBe('type-mismatch');
    expect(value(convertValue('YES', bool, { dataPrepBooleans: true }))).toBe(true);
    expect(value(convertValue('off', bool, { dataPrepBooleans: true }))).toBe(false);
    expect(kind(convertValue('maybe', bool, { dataPrepBooleans: true }))).toBe('invalid-boolean');
    expect(kind(convertValue('Yes', bool, { dataPrepBooleans: true }))).toBe('invalid-boolean');
  });

  it('accepts dates as yyyy-MM-dd or epoch millis, not doubles', () => {
    expect(value(convertValue('2019-05-15', date))).toBe('2019-05-15');
    expect(value(convertValue('2020-02-29', date))).toBe('2020-02-29');
    expect(kind(convertValue('2019-02-29', date))).toBe('invalid-date');
    expect(kind(convertValue('15/05/2019', date))).toBe('invalid-date');
    expect(value(convertValue(1531263959000, date))).toBe('2018-07-10');
    expect(kind(convertValue(1.5, date))).toBe('type-mismatch');
    expect(kind(convertValue(true, date))).toBe('type-mismatch');
  });

  it('accepts the date-time patterns AEP lists and epoch millis', () => {
    for (const ok of [
      '2018-07-10T15:05:59Z',
      '2018-07-10T15:05:59.000-08:00',
      '2018-07-10T15:05:59.123456789Z',
      '2018-07-10T15:05:59+0100',
      '2018-07-10T15:05:59+01:00',
    ]) {
      expect(value(convertValue(ok, dateTime))).toBe(ok);
    }
    for (const bad of [
      '2018-07-10 15:05:59Z',
      '2018-07-10T15:05:59',
      '2018-07-10',
      '2018-13-10T15:05:59Z',
      '2018-07-10T24:00:00Z',
      '2018-07-10T15:05:59.1234567890Z',
    ]) {
      expect(kind(convertValue(bad, dateTime))).toBe('invalid-date-time');
    }
    expect(value(convertValue(1531263959000, dateTime))).toBe('2018-07-10T23:05:59.000Z');
    expect(value(convertValue(1531263959000n, dateTime))).toBe('2018-07-10T23:05:59.000Z');
    expect(kind(convertValue(15.5, dateTime))).toBe('type-mismatch');
  });

  it('converts objects and maps recursively and refuses scalars for them', () => {
    expect(value(convertValue({ a: '5', b: { c: 0 } }, obj))).toEqual({ a: 5, b: { c: '1970-01-01T00:00:00.000Z' } });
    const bad = convertValue({ b: { c: 'yesterday' } }, obj);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.issue.path).toBe('b.c');
    expect(value(convertValue({ x: '1', y: 2 }, map))).toEqual({ x: 1, y: 2 });
    expect(kind(convertValue('x', map))).toBe('type-mismatch');
    expect(kind(convertValue([1], obj))).toBe('type-mismatch');
  });

  it('converts array items and refuses non-arrays', () => {
    expect(value(convertValue(['1', 2], arr))).toEqual([1, 2]);
    const bad = convertValue([1, 'x'], arr);
    expect(!bad.ok && bad.issue.path).toBe('[1]');
    expect(kind(convertValue('1', arr))).toBe('type-mismatch');
  });
});

describe('convertTree', () => {
  it('collects every issue with full paths and drops only the failed fields', () => {
    const schema: XdmSchemaNode = {
      type: 'object',
      properties: { a: int, b: { type: 'object', properties: { c: dateTime, d: str } }, list: arr },
    };
    const r = convertTree({ a: 'x', b: { c: 'no', d: 7 }, list: [1, 'q'], extra: 1 }, schema);
    expect(r.issues.map((i) => [i.path, i.kind])).toEqual([
      ['a', 'not-a-number'],
      ['b.c', 'invalid-date-time'],
      ['list[1]', 'not-a-number'],
    ]);
    expect(r.value).toEqual({ b: { d: '7' }, list: [1], extra: 1 });
  });
});

describe('compileConverter agrees with convertTree', () => {
  const schema: XdmSchemaNode = {
    type: 'object',
    properties: {
      a: int,
      s: str,
      d: date,
      t: dateTime,
      flag: bool,
      m: map,
      list: arr,
      nested: { type: 'object', properties: { c: dateTime, n: num } },
    },
  };
  const convert = compileConverter(schema, { dataPrepBooleans: true });

  it('on a fixed record', () => {
    const input = { a: 'x', s: 5, d: '2020-01-01', t: 'no', flag: 'yes', m: { k: '1', j: 'q' }, list: [1, 'q'], nested: { c: 0, n: '2.5' }, extra: 1 };
    expect(convert(input)).toEqual(convertTree(input, schema, { dataPrepBooleans: true }));
  });

  it('on arbitrary records (property)', () => {
    const value = fc.oneof(
      fc.string(),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.constantFrom('2020-02-29', '2018-07-10T15:05:59Z', '12', 'yes', ''),
    );
    const record = fc.record(
      {
        a: value,
        s: value,
        d: value,
        t: value,
        flag: value,
        m: fc.oneof(value, fc.dictionary(fc.string({ maxLength: 3 }), value, { maxKeys: 3 })),
        list: fc.oneof(value, fc.array(value, { maxLength: 3 })),
        nested: fc.oneof(value, fc.record({ c: value, n: value }, { requiredKeys: [] })),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(record, (r) => {
        expect(convert(r)).toEqual(convertTree(r, schema, { dataPrepBooleans: true }));
      }),
    );
  });
});
