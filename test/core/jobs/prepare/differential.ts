import fc from 'fast-check';
import type { MappingFile } from '../../../../src-shared/mapping/mapping-types';
import type { IdentityDescriptor } from '../../../../src-shared/xdm/identity-descriptors';
import type { XdmIssue } from '../../../../src-shared/xdm/issue-kinds';
import type { XdmSchemaNode } from '../../../../src-shared/xdm/xdm-schema-node';
import { buildFieldTree } from '../../../../src-shared/xdm/field-tree';
import { compileMapping } from '../../../../src-main/core/mapping/compile-mapping';
import { compileRecordValidator } from '../../../../src-main/core/xdm/record-validator';

/**
 * What the fast path's differential tests share: the general path as runPrepare runs it, and
 * rows drawn mostly from clean values with awkward ones mixed in.
 */

export const awkward = [
  '',
  ' ',
  '0',
  '-1',
  '7',
  '42',
  '151',
  '1.5',
  '1e3',
  '12abc',
  '9007199254740993',
  'yes',
  'no',
  'Y',
  'true',
  'maybe',
  'gold',
  'GOLD',
  'Silver',
  'bronze',
  'a@b.co',
  ' A@B.CO ',
  'not-an-email',
  '2024-02-29',
  '2023-02-29',
  '1990-1-1',
  '2024-01-02T03:04:05Z',
  '2024-01-02T03:04:05',
  '2024-01-02T03:04:05.123+02:00',
  'AB',
  'ab',
  'ABC',
  'Zoë',
  'Müller',
  'averyverylongname',
  'x"y',
  'line\nbreak',
  'tab\there',
  'back\\slash',
  'lone \ud800 half',
  'pair 😀',
  'ID1',
  'C000000001',
];

/** Mostly values that pass, so whole clean rows are common; now and then an awkward one. */
export function rowArb(cleanByColumn: readonly (readonly string[])[]): fc.Arbitrary<string[]> {
  return fc.tuple(
    ...cleanByColumn.map((clean) =>
      fc.oneof(
        { weight: 12, arbitrary: fc.constantFrom(...clean) },
        { weight: 2, arbitrary: fc.constantFrom(...awkward) },
        { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
      ),
    ),
  );
}

/** The general path, as runPrepare runs it: the record it writes and every issue (errors and warnings). */
export function generalPath(
  s: XdmSchemaNode,
  m: MappingFile,
  cols: readonly string[],
  descriptors: readonly IdentityDescriptor[] = [],
): (cells: readonly string[]) => { record: Record<string, unknown>; issues: XdmIssue[] } {
  const tree = buildFieldTree(s, descriptors);
  const mapper = compileMapping(m, { columns: cols, tree });
  const validator = compileRecordValidator(s, { dataPrepBooleans: true, descriptors, emptyIdentity: 'flag' });
  return (cells) => {
    const mapped = mapper.map({ cells });
    const verdict = validator.validate(mapped.record);
    return { record: verdict.record, issues: [...mapped.issues, ...verdict.issues] };
  };
}
