import { describe, expect, it } from 'vitest';
import { compileRecordValidator } from '../../../src-main/core/xdm/record-validator';
import type { XdmSchemaNode } from '../../../src-shared/xdm/xdm-schema-node';
import { profileSchema } from './helpers';

const loaded = profileSchema();
const validator = compileRecordValidator(loaded.schema);

function kinds(record: Record<string, unknown>): string[] {
  return validator.validate(record).issues.map((i) => `${i.path}:${i.kind}`);
}

describe('compileRecordValidator on the standard Profile schema', () => {
  it('accepts a good record after converting numeric strings and epoch millis', () => {
    const v = validator.validate({
      _id: 'c-1',
      person: { name: { firstName: 'Ada' }, birthDate: '1815-12-10', birthYear: '1815' },
      personalEmail: { address: 'ada@example.com' },
      _repo: { createDate: 1531263959000 },
      identityMap: { Email: [{ id: 'ada@example.com', primary: true }] },
    });
    expect(v.issues).toEqual([]);
    expect(v.accepted).toBe(true);
    expect(v.record).toMatchObject({ person: { birthYear: 1815 }, _repo: { createDate: '2018-07-10T23:05:59.000Z' } });
  });

  it('reports conversion, format, enum, extraneous and range problems by path', () => {
    expect(
      kinds({
        person: { birthDate: '10/12/1815', birthYear: '0', gender: 'robot' },
        personalEmail: { address: 'not-an-email' },
        surprise: 1,
        homeAddress: { city: null },
      }),
    ).toEqual(
      expect.arrayContaining([
        'person.birthDate:invalid-date',
        'person.birthYear:out-of-range',
        'homeAddress.city:null-value',
        'person.gender:enum-mismatch',
        'personalEmail.address:format-mismatch',
        'surprise:unknown-field',
      ]),
    );
    expect(validator.validate({ surprise: 1 }).accepted).toBe(false);
  });

  it('warns, without rejecting, when identities have no primary or several', () => {
    const none = validator.validate({ identityMap: { Email: [{ id: 'a@b.c' }] } });
    expect(none.accepted).toBe(true);
    expect(none.issues.map((i) => [i.kind, i.severity])).toEqual([['identity-no-primary', 'warning']]);
    const two = validator.validate({ identityMap: { Email: [{ id: 'a@b.c', primary: true }], CRMID: [{ id: '1', primary: true }] } });
    expect(two.issues.map((i) => i.kind)).toEqual(['identity-multiple-primary']);
    const empty = validator.validate({ identityMap: { Email: [{ id: '', primary: true }] } });
    expect(empty.issues.map((i) => `${i.path}:${i.kind}`)).toContain('identityMap.Email[0].id:identity-invalid');
  });

  it('counts descriptor identities present in the record', () => {
    const v = compileRecordValidator(loaded.schema, { descriptors: [{ path: 'personalEmail.address', namespace: 'Email', primary: true }] });
    expect(v.validate({ personalEmail: { address: 'a@b.co' } }).issues).toEqual([]);
    expect(v.validate({ identityMap: { ECID: [{ id: '1', primary: true }] }, personalEmail: { address: 'a@b.co' } }).issues.map((i) => i.kind)).toEqual([
      'identity-multiple-primary',
    ]);
  });
});

describe('required fields', () => {
  const schema: XdmSchemaNode = {
    type: 'object',
    properties: {
      _id: { type: 'string' },
      timestamp: { type: 'string', format: 'date-time' },
      _repo: { type: 'object', properties: { createDate: { type: 'string', format: 'date-time' } } },
    },
    required: ['_id', 'timestamp', '_repo.createDate'],
  };
  const v = compileRecordValidator(schema);

  it('reports missing root and dotted required fields once, not twice after a failed conversion', () => {
    expect(v.validate({ _repo: {} }).issues.map((i) => `${i.path}:${i.kind}`)).toEqual([
      '_id:required-missing',
      'timestamp:required-missing',
      '_repo.createDate:required-missing',
    ]);
    expect(v.validate({ _id: 'x', timestamp: 'yesterday', _repo: { createDate: '2020-01-01T00:00:00Z' } }).issues.map((i) => `${i.path}:${i.kind}`)).toEqual([
      'timestamp:invalid-date-time',
    ]);
  });
});
