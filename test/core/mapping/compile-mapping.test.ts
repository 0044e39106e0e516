import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { MappingFile } from '../../../src-shared/mapping/mapping-types';
import { parseDestinationPath } from '../../../src-shared/mapping/destination-path';
import { checkMapping, compileMapping } from '../../../src-main/core/mapping/compile-mapping';
import { loadMappingFile, saveMappingFile } from '../../../src-main/core/mapping/mapping-store';
import { previewMapping } from '../../../src-main/core/mapping/preview-mapping';
import { profileSchema } from '../xdm/helpers';

const schema = profileSchema();
const columns = ['id', 'email', 'first', 'points', 'vip', 'born'];

describe('destination paths', () => {
  it('splits keys, indexes and escaped dots', () => {
    expect(parseDestinationPath('identityMap.Email[0].id')).toEqual([{ key: 'identityMap' }, { key: 'Email' }, { index: 0 }, { key: 'id' }]);
    expect(parseDestinationPath('a\\.b.c')).toEqual([{ key: 'a.b' }, { key: 'c' }]);
    expect(() => parseDestinationPath('a..b')).toThrow(/Empty segment/);
    expect(() => parseDestinationPath('a[x]')).toThrow(/array index/);
  });
});

describe('checkMapping', () => {
  it('lists every broken rule with its index and offset', () => {
    const mapping: MappingFile = {
      version: 1,
      rules: [
        { source: { kind: 'column', column: 'nope' }, destination: 'personID' },
        { source: { kind: 'expression', expression: 'upper(first, 1)' }, destination: 'person.name.firstName' },
        { source: { kind: 'column', column: 'email' }, destination: 'person.shoeSize' },
        { source: { kind: 'expression', expression: 'concat(missing)' }, destination: 'person.name.lastName' },
        { source: { kind: 'column', column: 'id' }, destination: 'person' },
      ],
      identities: [{ column: 'ghost', namespace: 'Email', primary: true, authenticatedState: 'ambiguous' }],
    };
    expect(checkMapping(mapping, { columns, tree: schema.tree })).toEqual([
      { ruleIndex: 0, message: 'Rule 1: no column named "nope" in the source' },
      { ruleIndex: 1, offset: 0, message: 'Rule 2: upper takes 1 argument, got 2 (at character 0)' },
      { ruleIndex: 2, message: 'Rule 3: "person.shoeSize" is not a field of the schema' },
      { ruleIndex: 3, message: 'Rule 4: no column named "missing" in the source' },
      { ruleIndex: 4, message: 'Rule 5: "person" is an object; map its fields instead' },
      { ruleIndex: 5, message: 'Identity 1: no column named "ghost" in the source' },
    ]);
    expect(() => compileMapping(mapping, { columns, tree: schema.tree })).toThrow(/Rule 1: no column named "nope"/);
  });
});

describe('compileMapping and previewMapping', () => {
  const mapping: MappingFile = {
    version: 1,
    rules: [
      { source: { kind: 'column', column: 'id' }, destination: 'personID' },
      { source: { kind: 'expression', expression: 'upper(substr(first, 0, 1))' }, destination: 'person.name.courtesyTitle' },
      { source: { kind: 'column', column: 'first' }, destination: 'person.name.firstName' },
      { source: { kind: 'column', column: 'points' }, destination: 'loyalty.points' },
      { source: { kind: 'expression', expression: 'date(born, "dd/MM/yyyy")' }, destination: 'person.birthDate' },
      { source: { kind: 'static', value: 'gold' }, destination: 'loyalty.tier' },
      { source: { kind: 'column', column: 'email' }, destination: 'identityMap.Email[0].id' },
    ],
    identities: [{ column: 'id', namespace: 'CRMID', primary: true, authenticatedState: 'authenticated' }],
  };

  it('builds nested records, leaves empty cells out and merges identities', () => {
    const m = compileMapping(mapping, { columns, tree: schema.tree });
    const out = m.map({ cells: ['c1', 'a@b.co', 'ada', '', 'yes', '10/12/1815'] });
    expect(out.issues).toEqual([]);
    expect(out.record).toEqual({
      personID: 'c1',
      person: { name: { courtesyTitle: 'A', firstName: 'ada' }, birthDate: '1815-12-10' },
      loyalty: { tier: 'gold' },
      identityMap: { Email: [{ id: 'a@b.co' }], CRMID: [{ id: 'c1', primary: true, authenticatedState: 'authenticated' }] },
    });
  });

  it('maps JSON records by dotted path', () => {
    const m = compileMapping(
      { version: 1, rules: [{ source: { kind: 'column', column: 'who.name' }, destination: 'person.name.firstName' }], identities: [] },
      { tree: schema.tree },
    );
    expect(m.map({ record: { who: { name: 'Ada' } } }).record).toEqual({ person: { name: { firstName: 'Ada' } } });
  });

  it('previews sample rows with per-field issues', () => {
    const rows = previewMapping(
      [
        { rowNumber: 1, cells: ['c1', 'a@b.co', 'ada', '12', 'yes', '10/12/1815'] },
        { rowNumber: 2, cells: ['c2', 'a@b.co', 'bob', 'many', 'no', '31/02/1990'] },
        { rowNumber: 3, cells: ['c3'] },
      ],
      mapping,
      schema,
      columns,
    );
    expect(rows[0]).toMatchObject({ rowNumber: 1, accepted: true, issues: [] });
    expect(rows[0]?.record).toMatchObject({ loyalty: { points: 12 } });
    expect(rows[1]?.accepted).toBe(false);
    expect(rows[1]?.issues.map((i) => `${i.path}:${i.kind}`)).toEqual(['person.birthDate:mapping-error', 'loyalty.points:not-a-number']);
    expect(rows[2]?.issues.map((i) => i.kind)).toEqual(['malformed-row']);
  });
});

describe('mapping files', () => {
  it('saves, loads and refuses invalid files with the field path', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'xdm-map-'));
    try {
      const file = path.join(dir, 'm.json');
      await saveMappingFile(file, { version: 1, rules: [{ source: { kind: 'column', column: 'a' }, destination: 'b' }] });
      expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({
        version: 1,
        rules: [{ source: { kind: 'column', column: 'a' }, destination: 'b' }],
        identities: [],
      });
      expect((await loadMappingFile(file)).rules).toHaveLength(1);
      await writeFile(file, JSON.stringify({ version: 1, rules: [{ source: { kind: 'column', column: 'a' }, destination: '' }] }));
      await expect(loadMappingFile(file)).rejects.toMatchObject({ code: 'INVALID_INPUT', where: { field: 'rules.0.destination' } });
      await writeFile(file, JSON.stringify({ version: 2, rules: [] }));
      await expect(loadMappingFile(file)).rejects.toMatchObject({ code: 'INVALID_INPUT', where: { field: 'version' } });
      await writeFile(file, '{ nope');
      await expect(loadMappingFile(file)).rejects.toMatchObject({ code: 'FILE_MALFORMED' });
      await writeFile(file, JSON.stringify({ mappings: [{ sourceType: 'ATTRIBUTE', source: 'x', destination: 'y' }] }));
      expect((await loadMappingFile(file)).rules).toEqual([{ source: { kind: 'column', column: 'x' }, destination: 'y' }]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
