import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MappingFile } from '../../src-shared/mapping/mapping-types';
import { summaryWarnings } from '../../src-shared/domain/prepare-warnings';
import { runInProcess } from '../cli/cli-harness';
import { customerSchema, readParts, readRejects, tempDir } from '../core/jobs/prepare/fixtures';

/**
 * Rows whose identities are all empty reach the data lake and are skipped by Profile: prepare
 * counts them (summary, --json, a warning) or rejects them by `--empty-identity`; a mapping that
 * matched nothing (records written as `{}`) warns. Before, both were counted as good rows, silently.
 */

let work: { dir: string; cleanup: () => Promise<void> };
let csv: string;
let schema: string;
let mapping: string;
const mapped: MappingFile = {
  version: 1,
  rules: [{ source: { kind: 'column', column: 'first_name' }, destination: 'person.name.firstName' }],
  identities: [
    { column: 'customer_id', namespace: 'CRMID', primary: true, authenticatedState: 'ambiguous' },
    { column: 'email', namespace: 'Email', primary: false, authenticatedState: 'ambiguous' },
  ],
};

beforeAll(async () => {
  work = await tempDir();
  csv = path.join(work.dir, 'in.csv');
  // Rows 2 and 4 have every identity column empty (blank or spaces); row 3 has only an e-mail.
  await writeFile(csv, 'customer_id,email,first_name\nc1,a@example.com,Ada\n,,Bob\n,c@example.com,Cy\n  , ,Dee\n');
  schema = path.join(work.dir, 'schema.json');
  await writeFile(schema, JSON.stringify(customerSchema.schema));
  mapping = path.join(work.dir, 'map.json');
  await writeFile(mapping, JSON.stringify(mapped));
});
afterAll(async () => {
  await work.cleanup();
});

describe('rows whose identities are all empty', () => {
  it('are written and flagged with a count by default: summary, --json and a warning', async () => {
    const out = path.join(work.dir, 'flag');
    const run = await runInProcess(['prepare', csv, '--schema', schema, '--mapping', mapping, '--out', out, '--threads', '1', '--json']);
    expect(run.code).toBe(0);
    const printed = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(printed).toMatchObject({ rowsRead: 4, rowsWritten: 4, rowsRejected: 0, rowsWithoutIdentity: 2, emptyIdentity: 'flag', rowsEmpty: 0 });
    const saved = JSON.parse(await readFile(path.join(out, 'summary.json'), 'utf8')) as Record<string, unknown>;
    expect(saved).toMatchObject({ rowsWithoutIdentity: 2, issuesByKind: { 'identity-missing': 2 } });
    expect(run.stderr).toBe('xdm-loader: warning: 2 rows have no identity (every identity column empty): written, but Profile will skip them.\n');
    expect(await readParts(out)).toHaveLength(4);
  }, 60_000);

  it('are rejected with their reason by --empty-identity reject', async () => {
    const out = path.join(work.dir, 'reject');
    const run = await runInProcess(['prepare', csv, '--schema', schema, '--mapping', mapping, '--out', out, '--threads', '1', '--empty-identity', 'reject']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Rows written {3}2 /);
    expect(run.stdout).toMatch(/Rows rejected {2}2 /);
    expect(run.stderr).toBe('xdm-loader: warning: 2 rows had no identity (every identity column empty) and were rejected.\n');
    const rejects = await readRejects(out);
    expect(rejects.map((r) => [r._row, r.first_name])).toEqual([
      ['2', 'Bob'],
      ['4', 'Dee'],
    ]);
    expect(rejects[0]?._reasons).toMatch(/identity-missing/);
    const written = await readParts(out);
    expect(written.map((r) => (r.person as { name: { firstName: string } }).name.firstName)).toEqual(['Ada', 'Cy']);
  }, 60_000);

  it('an unknown choice is refused', async () => {
    const run = await runInProcess(['prepare', csv, '--schema', schema, '--mapping', mapping, '--out', path.join(work.dir, 'x'), '--empty-identity', 'drop']);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/--empty-identity/);
  });
});

describe('a mapping that matched nothing', () => {
  it('writes {} records with a warning that says so', async () => {
    const jsonl = path.join(work.dir, 'other.jsonl');
    await writeFile(jsonl, '{"id":"x1","name":"Ada"}\n{"id":"x2","name":"Bob"}\n');
    const out = path.join(work.dir, 'nothing');
    const run = await runInProcess(['prepare', jsonl, '--schema', schema, '--mapping', mapping, '--out', out, '--threads', '1', '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ rowsWritten: 2, rowsEmpty: 2, rowsWithoutIdentity: 2 });
    expect(run.stderr).toMatch(/warning: The mapping matched nothing: every record written is empty \(\{\}\)/);
  }, 60_000);

  it('the screen and the command share the words; a summary from before the counts says nothing', () => {
    expect(summaryWarnings({ rowsWritten: 10, rowsEmpty: 1 })).toEqual(['1 row was written as empty records ({}): the mapping matched nothing in it.']);
    expect(summaryWarnings({ rowsWritten: 10 })).toEqual([]);
  });
});
