/**
 * Sample data (`GET /rpc/sampledata/{SCHEMA_ID}`): the generated record is one the sandbox's own
 * record validator accepts, for standard Profile and ExperienceEvent compositions alike, and it
 * honours enums and bounds.
 */
import { describe, expect, it } from 'vitest';
import { findXdmAssets } from '../../src-main/core/sandbox/assets-dir';
import type { JsonObject } from '../../src-main/core/sandbox/json';
import { CompatResolver } from '../../src-main/core/sandbox/xdm/compat-mode';
import { RecordValidator } from '../../src-main/core/sandbox/xdm/record-validator';
import { sampleRecord } from '../../src-main/core/sandbox/xdm/sample-record';
import { loadXdmLibrary } from '../../src-main/core/sandbox/xdm/xdm-library';

const library = loadXdmLibrary(findXdmAssets());
const resolver = new CompatResolver((id) => library.byId(id));

function resolved(refs: string[]): JsonObject {
  return resolver.resolveDocument({ allOf: refs.map(($ref) => ({ $ref })) });
}

describe('sample data', () => {
  it.each([
    [
      'Profile',
      [
        'https://ns.adobe.com/xdm/context/profile',
        'https://ns.adobe.com/xdm/context/profile-person-details',
        'https://ns.adobe.com/xdm/context/profile-personal-details',
      ],
    ],
    [
      'ExperienceEvent',
      [
        'https://ns.adobe.com/xdm/context/experienceevent',
        'https://ns.adobe.com/xdm/context/experienceevent-commerce',
        'https://ns.adobe.com/xdm/context/experienceevent-web',
      ],
    ],
  ])('generates a %s record the validator accepts', (_name, refs) => {
    const full = resolved(refs);
    const record = sampleRecord(full);
    const outcome = new RecordValidator(full).validate(record);
    expect(outcome.kind === 'rejected' ? outcome.errors : outcome.kind).toBe('ok');
    expect(Object.keys(record).length).toBeGreaterThan(3);
  });

  it('takes the first enum value and stays within bounds and lengths', () => {
    const record = sampleRecord({
      type: 'object',
      properties: {
        tier: { type: 'string', enum: ['gold', 'silver'] },
        floor: { type: 'integer', minimum: 5, maximum: 9 },
        code: { type: 'string', minLength: 12, maxLength: 12 },
        tags: { type: 'array', items: { type: 'string' } },
        born: { type: 'string', format: 'date' },
      },
    });
    expect(record.tier).toBe('gold');
    expect(record.floor).toBe(5);
    expect(String(record.code)).toHaveLength(12);
    expect(record.tags).toEqual(['Sample tags']);
    expect(record.born).toBe('2024-01-15');
  });
});
