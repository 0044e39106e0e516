import Ajv from 'ajv';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sharedValidators } from '../../src-main/core/sandbox/http/route-validators';
import { Harness } from './harness';

/**
 * The route schemas are compiled once per process: a second server of the sandbox reuses the
 * validators of the first instead of compiling every route schema again (about half of a warm
 * start's CPU). What the validators refuse, and how, is proved by service-families.test.ts.
 */
describe('route validators', () => {
  const harnesses: Harness[] = [];
  afterEach(async () => {
    vi.restoreAllMocks();
    await Promise.all(harnesses.splice(0).map((h) => h.close()));
  });

  it('are compiled by the first server of a process and reused by the next one, which still refuses a bad parameter', async () => {
    harnesses.push(await Harness.start());
    const compile = vi.spyOn(Ajv.prototype, 'compile');
    const second = await Harness.start();
    harnesses.push(second);
    expect(compile).not.toHaveBeenCalled();

    const refused = await second.call('GET', '/data/foundation/catalog/batches?limit=0', { noContract: true });
    expect(refused.status).toBe(400);
    expect(refused.text).toMatch(/query parameter limit must be an integer from 1 to 100/);
  });

  it('give one validator to schemas of the same text, another to a different one', () => {
    const validator = sharedValidators({});
    const a = validator({ schema: { type: 'object', properties: { limit: { type: 'string', pattern: '^[0-9]+$' } } } });
    const same = validator({ schema: { type: 'object', properties: { limit: { type: 'string', pattern: '^[0-9]+$' } } } });
    const other = validator({ schema: { type: 'object', properties: { limit: { type: 'string', pattern: '^[a-z]+$' } } } });
    expect(same).toBe(a);
    expect(other).not.toBe(a);
    expect(a({ limit: '12' })).toBe(true);
    expect(other({ limit: '12' })).toBe(false);
  });

  it('read a repeated parameter by its first value without a strict-mode warning on the console', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const firstIs = sharedValidators({})({ schema: { type: 'array', items: [{ const: 'first-of-a-list' }], minItems: 1, additionalItems: true } });
    expect(firstIs(['first-of-a-list', 'any other'])).toBe(true);
    expect(firstIs(['any other', 'first-of-a-list'])).toBe(false);
    expect(warn).not.toHaveBeenCalled();
  });

  it('refuse a shared schema, which a validator compiled for another server could not see', () => {
    expect(() => sharedValidators({ page: { $id: 'page', type: 'integer' } })).toThrow(/take no shared schema: page/);
  });
});
