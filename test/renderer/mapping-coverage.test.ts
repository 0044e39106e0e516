import { describe, expect, it } from 'vitest';
import type { ColumnSuggestion, PreviewRecord } from '../../src-shared/ipc/requests/mapping';
import type { MappingRule } from '../../src-shared/mapping/mapping-types';
import { columnForField, mapsSomething, openSuggestionWords, sampleVerdict, unmappedColumns } from '../../src-renderer/features/mapping/mapping-coverage';

const accepted = (rowNumber: number): PreviewRecord => ({ rowNumber, record: {}, issues: [], accepted: true });
const column = (name: string, destination: string): MappingRule => ({ source: { kind: 'column', column: name }, destination });

describe('the sample verdict', () => {
  it('does not count empty records as accepted while nothing is mapped', () => {
    expect(mapsSomething({ rules: [column('email', '')], identities: [] })).toBe(false);
    expect(sampleVerdict([accepted(1), accepted(2)], [], false)).toEqual({ kind: 'nothing-mapped' });
  });

  it('says rules are invalid instead of counting rows mapped without them', () => {
    const problems = [
      { ruleIndex: 2, message: 'Rule 3: "a[0].b" is not a field of the schema' },
      { ruleIndex: 2, message: 'again' },
      { ruleIndex: 4, message: 'Rule 5: no column named "x" in the source' },
    ];
    expect(sampleVerdict([accepted(1)], problems, true)).toEqual({ kind: 'invalid-rules', invalid: 2 });
  });

  it('counts accepted rows of a valid mapping', () => {
    expect(sampleVerdict([accepted(1), { ...accepted(2), accepted: false }], [], true)).toEqual({ kind: 'checked', accepted: 1, rows: 2 });
  });
});

describe('unmapped columns', () => {
  it('lists the columns no rule, expression or identity reads, in file order', () => {
    const rules: MappingRule[] = [
      column('email', 'personalEmail.address'),
      { source: { kind: 'expression', expression: 'concat(first_name, " ", last_name)' }, destination: 'person.name.fullName' },
    ];
    const identities = [{ column: 'customer_id', namespace: 'CRMID', primary: true, authenticatedState: 'ambiguous' as const }];
    expect(unmappedColumns(['customer_id', 'first_name', 'last_name', 'email', 'city', 'notes'], rules, identities)).toEqual(['city', 'notes']);
  });

  it('does not count a column read by an expression that does not parse yet', () => {
    expect(unmappedColumns(['city'], [{ source: { kind: 'expression', expression: 'upper(city' }, destination: 'homeAddress.city' }], [])).toEqual(['city']);
  });
});

describe('the column "+" starts a rule from', () => {
  const columns = ['customer_id', 'first_name', 'city', 'postal_code'];
  const suggestion = (col: string, path: string | null, candidates: ColumnSuggestion['candidates'] = []): ColumnSuggestion => ({
    column: col,
    path,
    score: 0.9,
    status: path ? 'matched' : 'ambiguous',
    candidates,
  });

  it('takes the column suggested for that field, even as a second candidate', () => {
    expect(columnForField('homeAddress.city', columns, [suggestion('city', 'homeAddress.city')], [])).toBe('city');
    expect(
      columnForField(
        'workAddress.postalCode',
        columns,
        [
          suggestion('postal_code', null, [
            { path: 'homeAddress.postalCode', score: 0.7 },
            { path: 'workAddress.postalCode', score: 0.7 },
          ]),
        ],
        [],
      ),
    ).toBe('postal_code');
  });

  it('else the column whose name is most like the field', () => {
    expect(columnForField('homeAddress.city', columns, [], [])).toBe('city');
    expect(columnForField('person.name.firstName', columns, [], [])).toBe('first_name');
  });

  it('else the first column no rule reads', () => {
    expect(columnForField('loyalty.points', columns, [], [column('customer_id', 'x'), column('first_name', 'y')])).toBe('city');
  });
});

describe('the suggestions banner for a column no field was suggested for (issue 15)', () => {
  const open = (column: string, status: ColumnSuggestion['status'] = 'no-match'): ColumnSuggestion => ({
    column,
    path: null,
    score: 0.4,
    status,
    candidates: [
      { path: 'a.one', score: 0.6 },
      { path: 'a.two', score: 0.58 },
    ],
  });
  it('says where a column that became an identity went, not "no match"', () => {
    const identities = [{ column: 'email', namespace: 'Email', primary: true, authenticatedState: 'ambiguous' as const }];
    expect(openSuggestionWords(open('email'), identities)).toBe('→ identity Email, primary (identityMap.Email)');
    expect(openSuggestionWords(open('phone'), [{ column: 'phone', namespace: 'Phone', primary: false, authenticatedState: 'ambiguous' }])).toBe(
      '→ identity Phone (identityMap.Phone)',
    );
  });
  it('else names the look-alikes of an ambiguous column, or says there is no match', () => {
    expect(openSuggestionWords(open('notes', 'ambiguous'), [])).toBe('ambiguous: a.one or a.two');
    expect(openSuggestionWords(open('notes'), [])).toBe('no match');
  });
});
