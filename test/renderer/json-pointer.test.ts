import { describe, expect, it } from 'vitest';
import { fieldPathOfPointer } from '../../src-shared/domain/json-pointer';

describe('one field path for a JSON pointer, on every screen', () => {
  it('writes array items as the Map step does, and undoes escapes', () => {
    expect(fieldPathOfPointer('#/person/birthDate')).toBe('person.birthDate');
    expect(fieldPathOfPointer('#/items/0/SKU')).toBe('items[0].SKU');
    expect(fieldPathOfPointer('/items/12/tags/0')).toBe('items[12].tags[0]');
    expect(fieldPathOfPointer('#/identityMap/Email~1Hash/0')).toBe('identityMap.Email/Hash[0]');
    expect(fieldPathOfPointer('#/a~0b')).toBe('a~b');
  });

  it('is empty for the record as a whole', () => {
    expect(fieldPathOfPointer('#')).toBe('');
    expect(fieldPathOfPointer('')).toBe('');
    expect(fieldPathOfPointer(undefined)).toBe('');
  });
});
