/**
 * The sandbox's record validator: the shared conversions (src-shared/xdm) wrapped in AEP's
 * batch-level semantics and failed-record format. Pins the choices made where the sandbox's old
 * conversions and the shared ones disagreed (aep-notes §9).
 */
import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../src-main/core/sandbox/json';
import { RecordValidator, type ValidationOutcome } from '../../src-main/core/sandbox/xdm/record-validator';

const schema: JsonObject = {
  type: 'object',
  'meta:xdmType': 'object',
  required: ['_id'],
  properties: {
    _id: { type: 'string', 'meta:xdmType': 'string' },
    name: { type: 'string', 'meta:xdmType': 'string', maxLength: 5 },
    age: { type: 'integer', 'meta:xdmType': 'byte', minimum: 0 },
    score: { type: 'number', 'meta:xdmType': 'number' },
    active: { type: 'boolean', 'meta:xdmType': 'boolean' },
    born: { type: 'string', format: 'date', 'meta:xdmType': 'date' },
    seen: { type: 'string', format: 'date-time', 'meta:xdmType': 'date-time' },
    tags: { type: 'array', 'meta:xdmType': 'array', items: { type: 'string', 'meta:xdmType': 'string' } },
    attrs: { type: 'object', 'meta:xdmType': 'map', additionalProperties: { type: 'string', 'meta:xdmType': 'string' } },
  },
};
const json = new RecordValidator(schema);
const csv = new RecordValidator(schema, { dataPrepBooleans: true });

function rowError(outcome: ValidationOutcome): JsonObject | undefined {
  return outcome.kind === 'rejected' ? outcome.errors[0] : undefined;
}

describe('sandbox RecordValidator on the shared conversions', () => {
  it('converts as AEP stores the values: numeric text, epoch milliseconds, bigint', () => {
    const outcome = json.validate({ _id: 'a', age: '42', score: '1.5', seen: 1531263959000, born: 1531263959000n, tags: ['x', 7], attrs: { k: 3 } });
    expect(outcome).toEqual({
      kind: 'ok',
      record: { _id: 'a', age: 42, score: 1.5, seen: '2018-07-10T23:05:59.000Z', born: '2018-07-10', tags: ['x', '7'], attrs: { k: '3' } },
    });
  });

  it('treats null as absent, and a missing or null required field as INGEST-1555-400', () => {
    expect(json.validate({ _id: 'a', name: null, tags: [null, 'x'] })).toEqual({ kind: 'ok', record: { _id: 'a', tags: ['x'] } });
    expect(rowError(json.validate({ _id: null }))).toMatchObject({ keyword: 'required', code: 'INGEST-1555-400', pointerToViolation: '#' });
    const empty = json.validate({ _id: '' });
    expect(empty.kind === 'rejected' && empty.errors).toHaveLength(1);
  });

  it('fails the batch (TypeCompatibilityException) only for an inbound type §9.1 cannot convert', () => {
    expect(json.validate({ _id: 'a', name: true })).toEqual({
      kind: 'incompatible',
      message: 'TypeCompatibilityException: expected type: String, found: Boolean at #/name',
      pointer: '#/name',
    });
    expect(json.validate({ _id: 'a', seen: 1.5 }).kind).toBe('incompatible');
    expect(json.validate({ _id: 'a', tags: 'x' }).kind).toBe('incompatible');
    expect(json.validate({ _id: 'a', active: 'true' }).kind).toBe('incompatible');
  });

  it('reports values that do not convert as row errors with AEP keywords and pointers', () => {
    expect(rowError(json.validate({ _id: 'a', age: 'abc' }))).toMatchObject({
      keyword: 'type',
      pointerToViolation: '#/age',
      schemaLocation: '#/properties/age',
    });
    expect(rowError(json.validate({ _id: 'a', age: '1e2' }))).toMatchObject({ keyword: 'type' });
    expect(rowError(json.validate({ _id: 'a', age: 300 }))).toMatchObject({ keyword: 'maximum' });
    expect(rowError(json.validate({ _id: 'a', age: -1 }))).toMatchObject({ keyword: 'minimum' });
    expect(rowError(json.validate({ _id: 'a', born: '2021-02-30' }))).toMatchObject({
      keyword: 'format',
      message: '[2021-02-30] is not a valid date. Expected [yyyy-MM-dd]',
    });
    expect(rowError(json.validate({ _id: 'a', seen: '2021-01-01T24:00:00Z' }))).toMatchObject({ keyword: 'format', pointerToViolation: '#/seen' });
    expect(rowError(json.validate({ _id: 'a', name: '' }))).toMatchObject({ keyword: 'type', pointerToViolation: '#/name' });
    expect(rowError(json.validate({ _id: 'a', name: 'toolong' }))).toMatchObject({ keyword: 'maxLength' });
    expect(rowError(json.validate({ _id: 'a', extra: 1 }))).toMatchObject({
      keyword: 'additionalProperties',
      message: 'extraneous key [extra] is not permitted',
    });
  });

  it("reads CSV booleans with Data Prep's words; other text is a row error", () => {
    expect(csv.validate({ _id: 'a', active: 'yes' })).toEqual({ kind: 'ok', record: { _id: 'a', active: true } });
    expect(csv.validate({ _id: 'a', active: 'FALSE' })).toEqual({ kind: 'ok', record: { _id: 'a', active: false } });
    expect(rowError(csv.validate({ _id: 'a', active: 'maybe' }))).toMatchObject({ keyword: 'type', pointerToViolation: '#/active' });
  });

  it('rejects a record that is not an object', () => {
    expect(rowError(json.validate([1]))).toMatchObject({ keyword: 'type', message: 'expected type: JSONObject, found: Array' });
  });
});
