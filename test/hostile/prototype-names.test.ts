import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MappingFile } from '../../src-shared/mapping/mapping-types';
import { mappingFromSuggestions, suggestMappings } from '../../src-shared/mapping/suggest-mapping';
import { runPrepare } from '../../src-main/core/jobs/prepare/run-prepare';
import { previewMapping } from '../../src-main/core/mapping/preview-mapping';
import { inspectFile } from '../../src-main/core/sources/index';
import { loadSchemaJson } from '../../src-main/core/xdm/load-schema';
import type { LoadedSchema } from '../../src-main/core/xdm/load-schema';
import { customerSchema, readParts, readRejects, tempDir } from '../core/jobs/prepare/fixtures';

/**
 * Names that JavaScript objects already answer to, used as column names, record keys, XDM
 * field names and identity namespaces: each must behave as any other name (issue 17: `suggest`
 * crashed on a column named `constructor`), and nothing may reach Object.prototype.
 */
const NAMES = [
  'constructor',
  '__proto__',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'constructor_name',
  'isPrototypeOf',
  '__defineGetter__',
  'toLocaleString',
  'propertyIsEnumerable',
];

/** The customer schema with a tenant object whose fields bear those names (built from JSON text: a literal `__proto__` key would set a prototype). */
function schemaWithNamedFields(): LoadedSchema {
  const fields = NAMES.map((n) => `${JSON.stringify(n)}: { "type": "string" }`).join(', ');
  const tenant = JSON.parse(`{ "type": "object", "properties": { ${fields} } }`) as unknown;
  const schema = JSON.parse(JSON.stringify(customerSchema.schema)) as { properties: Record<string, unknown> };
  schema.properties._acme = tenant;
  return loadSchemaJson(schema);
}

/** A mapping from each column to `_acme.<column>`, and the id column into identityMap under `namespace`. */
function mappingFor(columns: readonly string[], namespace: string): MappingFile {
  return {
    version: 1,
    rules: [
      { source: { kind: 'column', column: 'id' }, destination: 'personID' },
      ...columns.map((c) => ({ source: { kind: 'column' as const, column: c }, destination: `_acme.${c}` })),
    ],
    identities: [{ column: 'id', namespace, primary: true, authenticatedState: 'ambiguous' }],
  };
}

/** An own property, read without going through any prototype. */
function own(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}

const prototypeKeys = (): string[] => Object.getOwnPropertyNames(Object.prototype).sort();
let baseline: string[];
let work: { dir: string; cleanup: () => Promise<void> };
let schema: LoadedSchema;

beforeAll(async () => {
  baseline = prototypeKeys();
  work = await tempDir();
  schema = schemaWithNamedFields();
});

afterAll(async () => {
  await work.cleanup();
  // Nothing was added to, or changed on, every object's prototype.
  expect(prototypeKeys()).toEqual(baseline);
  expect({}.constructor).toBe(Object);
  expect(typeof {}.toString).toBe('function');
});

const columnsArb = fc.uniqueArray(fc.constantFrom(...NAMES), { minLength: 1, maxLength: NAMES.length });
const valueArb = fc.stringMatching(/^[A-Za-z0-9 ]{1,12}$/).map((s) => s.trim() || 'x');
let run = 0;

describe('names that are JavaScript’s own', () => {
  it('CSV columns: inspect, suggest, preview and prepare treat them as ordinary names', async () => {
    await fc.assert(
      fc.asyncProperty(
        columnsArb,
        fc.constantFrom(...NAMES),
        fc.array(valueArb, { minLength: NAMES.length, maxLength: NAMES.length }),
        async (columns, namespace, values) => {
          const dir = path.join(work.dir, `csv-${run++}`);
          const file = `${dir}.csv`;
          const header = ['id', ...columns];
          const row = ['id-1', ...columns.map((_, i) => values[i] as string)];
          await writeFile(file, `${Papa.unparse([header, row], { newline: '\n' })}\n`);

          const inspection = await inspectFile(file);
          expect(inspection.columns.map((c) => c.name)).toEqual(header);
          expect(inspection.rows[0]).toEqual(row);

          const suggestions = suggestMappings(inspection.columns, schema.tree);
          expect(suggestions.map((s) => s.column)).toEqual(header);
          mappingFromSuggestions(suggestions, undefined);

          const mapping = mappingFor(columns, namespace);
          const [preview] = previewMapping([{ rowNumber: 1, cells: row }], mapping, schema, header);
          expect(preview?.issues.filter((i) => i.severity === 'error')).toEqual([]);
          for (const [i, c] of columns.entries()) expect(own(own(preview?.record, '_acme'), c)).toBe(values[i]);
          expect(own(own(preview?.record, 'identityMap'), namespace)).toEqual([{ id: 'id-1', primary: true, authenticatedState: 'ambiguous' }]);

          const summary = await runPrepare({ inputPath: file, schema: schema.schema, descriptors: schema.descriptors, mapping, outDir: dir });
          expect(summary).toMatchObject({ status: 'completed', rowsRead: 1, rowsWritten: 1, rowsRejected: 0 });
          const [record] = await readParts(dir);
          for (const [i, c] of columns.entries()) expect(own(own(record, '_acme'), c)).toBe(values[i]);
          expect(Object.keys(own(record, 'identityMap') as object)).toEqual([namespace]);
        },
      ),
      { numRuns: 8 },
    );
  }, 180_000);

  it('JSON Lines keys: inspect, preview and prepare read them as the record’s own fields', async () => {
    await fc.assert(
      fc.asyncProperty(columnsArb, fc.constantFrom(...NAMES), async (columns, namespace) => {
        const dir = path.join(work.dir, `jsonl-${run++}`);
        const file = `${dir}.jsonl`;
        // A record that has only some of the names: the others must read as missing, not as Object's methods.
        const text = `{"id":"id-1",${columns.map((c) => `${JSON.stringify(c)}:"v-${c}"`).join(',')}}\n`;
        await writeFile(file, text);
        const inspection = await inspectFile(file);
        expect(inspection.columns.map((c) => c.name).sort()).toEqual(['id', ...columns].sort());

        const mapping = mappingFor(NAMES, namespace);
        const record = JSON.parse(text) as Record<string, string>;
        const [preview] = previewMapping([{ rowNumber: 1, record }], mapping, schema);
        for (const c of NAMES) expect(own(own(preview?.record, '_acme'), c)).toBe(columns.includes(c) ? `v-${c}` : undefined);

        const summary = await runPrepare({ inputPath: file, schema: schema.schema, descriptors: schema.descriptors, mapping, outDir: dir });
        expect(summary).toMatchObject({ status: 'completed', rowsRead: 1, rowsWritten: 1 });
        const [written] = await readParts(dir);
        for (const c of NAMES) expect(own(own(written, '_acme'), c)).toBe(columns.includes(c) ? `v-${c}` : undefined);
      }),
      { numRuns: 8 },
    );
  }, 180_000);

  it('rejected values under those field names are counted and listed under their names', async () => {
    const dir = path.join(work.dir, 'rejected');
    const file = `${dir}.jsonl`;
    // Objects where strings are expected: each field fails, and its issues are tallied by path.
    await writeFile(file, `{"id":"id-1",${NAMES.map((c) => `${JSON.stringify(c)}:{"x":1}`).join(',')}}\n`);
    const summary = await runPrepare({
      inputPath: file,
      schema: schema.schema,
      descriptors: schema.descriptors,
      mapping: mappingFor(NAMES, 'CRMID'),
      outDir: dir,
    });
    expect(summary).toMatchObject({ rowsRead: 1, rowsRejected: 1 });
    for (const c of NAMES) expect(Object.hasOwn(summary.issuesByField, `_acme.${c}`)).toBe(true);
    const saved = JSON.parse(await readFile(path.join(dir, 'summary.json'), 'utf8')) as { issuesByField: object };
    for (const c of NAMES) expect(Object.hasOwn(saved.issuesByField, `_acme.${c}`)).toBe(true);
    expect(await readRejects(dir)).toHaveLength(1);
  }, 60_000);
});
