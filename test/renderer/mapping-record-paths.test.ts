import { describe, expect, it } from 'vitest';
import { NOT_WRITTEN, pathsOf, segmentsOf, withPlaceholders } from '../../src-renderer/features/mapping/record-paths';

describe('record paths', () => {
  it('splits validator paths into keys and indexes', () => {
    expect(segmentsOf('person.name.firstName')).toEqual(['person', 'name', 'firstName']);
    expect(segmentsOf('identityMap.Email[0].id')).toEqual(['identityMap', 'Email', 0, 'id']);
    expect(segmentsOf('matrix[1][2]')).toEqual(['matrix', 1, 2]);
  });

  it('lists every path present in a record', () => {
    expect([...pathsOf({ a: { b: [1, { c: true }] } }, '', new Set())]).toEqual(['', 'a', 'a.b', 'a.b[0]', 'a.b[1]', 'a.b[1].c']);
  });

  it('puts a placeholder where a refused or missing value would be, without touching the record', () => {
    const record = { person: { name: { firstName: 'Ada' } } };
    const shown = withPlaceholders(record, ['person.birthDate', 'identityMap.Email[0].id']);
    expect(shown).toEqual({ person: { name: { firstName: 'Ada' }, birthDate: NOT_WRITTEN }, identityMap: { Email: [{ id: NOT_WRITTEN }] } });
    expect(record).toEqual({ person: { name: { firstName: 'Ada' } } });
    expect(withPlaceholders(record, ['person.name.firstName'])).toEqual(record);
  });
});
