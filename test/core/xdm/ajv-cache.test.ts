import { describe, expect, it } from 'vitest';
import { CACHED_SCHEMAS, compiledSchema } from '../../../src-main/core/xdm/ajv-cache';
import { compileRecordValidator } from '../../../src-main/core/xdm/record-validator';
import { profileSchema } from './helpers';

/** A small schema of its own per test, so what another file compiled does not count here. */
const schemaOf = (name: string) => ({ type: 'object', properties: { [name]: { type: 'string', maxLength: 3 } } });

describe('compiledSchema', () => {
  it('compiles a schema once: the same schema text, even in another object, gets the same functions', () => {
    const first = compiledSchema(schemaOf('once'));
    const again = compiledSchema(JSON.parse(JSON.stringify(schemaOf('once'))) as object);
    expect(again.quick).toBe(first.quick);
    expect(again.full()).toBe(first.full());
    expect(compiledSchema(schemaOf('other')).quick).not.toBe(first.quick);
  });

  it('answers as Ajv does: the quick one stops at the first error, the full one lists them all', () => {
    const { quick, full } = compiledSchema({ type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' } } });
    expect(quick({ a: 'x', b: 'y' })).toBe(true);
    expect(quick({ a: 1, b: 2 })).toBe(false);
    expect(quick.errors).toHaveLength(1);
    const validate = full();
    expect(validate({ a: 1, b: 2 })).toBe(false);
    expect(validate.errors?.map((e) => e.instancePath)).toEqual(['/a', '/b']);
  });

  it(`keeps the ${CACHED_SCHEMAS} schemas used last, dropping the oldest`, () => {
    const kept = compiledSchema(schemaOf('kept'));
    const dropped = compiledSchema(schemaOf('dropped'));
    for (let i = 0; i < CACHED_SCHEMAS - 1; i++) {
      compiledSchema(schemaOf(`filler-${i}`));
      // Used again: it stays while the others age.
      compiledSchema(schemaOf('kept'));
    }
    expect(compiledSchema(schemaOf('kept')).quick).toBe(kept.quick);
    expect(compiledSchema(schemaOf('dropped')).quick).not.toBe(dropped.quick);
  });
});

describe('compileRecordValidator with a cached schema', () => {
  it('judges records alike through a second validator of the same schema, whose compiled functions it shares', () => {
    const loaded = profileSchema();
    const bad = { person: { birthDate: '10/12/1815' }, personalEmail: { address: 'not an address' } };
    const first = compileRecordValidator(loaded.schema).validate(bad);
    const second = compileRecordValidator(profileSchema().schema).validate(bad);
    expect(first.accepted).toBe(false);
    expect(second).toEqual(first);
    expect(compileRecordValidator(loaded.schema).validate({ person: { name: { firstName: 'Ada' } } }).accepted).toBe(true);
  });
});
