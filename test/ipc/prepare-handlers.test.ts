import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MappingFile } from '../../src-shared/mapping/mapping-types';
import type { FileRegistry } from '../../src-main/core/files/file-registry';
import { newJobId } from '../../src-main/ipc/jobs/job-registry';
import type { JobRegistry } from '../../src-main/ipc/jobs/job-registry';
import { customersMapping, samples, startPrepareHarness } from './prepare-harness';
import type { PrepareHarness } from './prepare-harness';

/**
 * schemas.*, mapping.* and jobs.prepare through the router. The cancel of a running prepare is in
 * prepare-cancel.test.ts, a `slow` file: it needs a file big enough (83 MB) to be still running.
 */

const profile = { kind: 'standard', id: 'profile' } as const;

let harness: PrepareHarness;
let home: string;
let files: FileRegistry;
let jobs: JobRegistry;

const call = (name: string, input: unknown) => harness.call(name, input);
const value = <T>(name: string, input: unknown): Promise<T> => harness.value<T>(name, input);

beforeAll(async () => {
  harness = await startPrepareHarness();
  ({ home, files, jobs } = harness);
});

afterAll(async () => {
  await harness.close();
});

describe('offline schemas', () => {
  it('lists the standard Profile and ExperienceEvent schemas and resolves their field trees with no connection', async () => {
    const local = await value<Array<{ choice: unknown; className: string }>>('schemas.local', {});
    expect(local.map((s) => s.choice)).toEqual([profile, { kind: 'standard', id: 'experience-event' }]);
    const tree = await value<{ fields: Array<{ path: string }> }>('schemas.tree', { schema: profile });
    expect(tree.fields.map((f) => f.path)).toEqual(expect.arrayContaining(['person', 'personalEmail', 'identityMap']));
  });

  it('loads a schema file the user registered', async () => {
    const file = path.join(home, 'schema.json');
    await writeFile(
      file,
      JSON.stringify({
        class: 'https://ns.adobe.com/xdm/context/profile',
        fieldGroups: ['https://ns.adobe.com/xdm/context/profile-person-details'],
        title: 'Mine',
      }),
    );
    const { fileRef } = await files.register(file);
    const tree = await value<{ title: string; fields: Array<{ path: string }> }>('schemas.tree', { schema: { kind: 'file', fileRef } });
    expect(tree.title).toBe('Mine');
    expect(tree.fields.map((f) => f.path)).toContain('person');
  });

  it('answers a broken schema file with a coded error naming the file, not its path', async () => {
    const file = path.join(home, 'broken.json');
    await writeFile(file, '{ nope');
    const { fileRef } = await files.register(file, 'broken.json');
    const reply = await call('schemas.tree', { schema: { kind: 'file', fileRef } });
    expect(reply).toMatchObject({ ok: false, error: { code: 'FILE_MALFORMED', where: { file: 'broken.json' } } });
    if (!reply.ok) expect(reply.error.message).not.toContain(home);
  });
});

describe('mapping.suggest and mapping.preview', () => {
  it('maps the customers sample onto the standard Profile schema', async () => {
    const { fileRef } = await files.register(path.join(samples, 'customers.csv'));
    const reply = await value<{ suggestions: Array<{ column: string; path: string | null; score: number }>; mapping: MappingFile }>('mapping.suggest', {
      fileRef,
      schema: profile,
    });
    const byColumn = Object.fromEntries(reply.suggestions.map((s) => [s.column, s.path]));
    expect(byColumn).toMatchObject({
      first_name: 'person.name.firstName',
      last_name: 'person.name.lastName',
      email: 'personalEmail.address',
      birth_date: 'person.birthDate',
    });
    for (const s of reply.suggestions) expect(s.score).toBeGreaterThanOrEqual(0);
    expect(reply.mapping.rules).toContainEqual({ source: { kind: 'column', column: 'email' }, destination: 'personalEmail.address' });
    expect(reply.mapping.identities.some((i) => i.column === 'email' && i.namespace === 'Email')).toBe(true);
  });

  it('previews sample rows as XDM with issues at their field, and locates a broken expression', async () => {
    const { fileRef } = await files.register(path.join(samples, 'customers.csv'));
    const mapping: MappingFile = {
      version: 1,
      rules: [
        { source: { kind: 'column', column: 'first_name' }, destination: 'person.name.firstName' },
        { source: { kind: 'column', column: 'city' }, destination: 'person.birthDate' },
        { source: { kind: 'expression', expression: 'upper(last_name' }, destination: 'person.name.lastName' },
      ],
      identities: [{ column: 'email', namespace: 'Email', primary: true, authenticatedState: 'ambiguous' }],
    };
    const reply = await value<{
      problems: Array<{ ruleIndex: number; offset?: number; message: string }>;
      records: Array<{ rowNumber: number; record: Record<string, unknown>; issues: Array<{ path: string; kind: string }>; accepted: boolean }>;
    }>('mapping.preview', { fileRef, schema: profile, mapping, rows: 5 });
    expect(reply.problems).toHaveLength(1);
    expect(reply.problems[0]).toMatchObject({ ruleIndex: 2, offset: expect.any(Number) });
    expect(reply.records).toHaveLength(5);
    const first = reply.records[0];
    expect(first?.rowNumber).toBe(1);
    expect(first?.record).toMatchObject({
      person: { name: { firstName: 'Yuki' } },
      identityMap: { Email: [{ id: 'yuki.nowak1@example.com', primary: true }] },
    });
    expect(first?.issues).toContainEqual(expect.objectContaining({ path: 'person.birthDate', kind: 'invalid-date' }));
    expect(first?.accepted).toBe(false);
  });

  it('refuses a preview of an unknown file reference with NOT_FOUND', async () => {
    const reply = await call('mapping.preview', { fileRef: 'f_unknown0000000', schema: profile, mapping: { version: 1, rules: [] } });
    expect(reply).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});

describe('mapping.save, mapping.list and mapping.load', () => {
  const mapping: MappingFile = {
    version: 1,
    rules: [{ source: { kind: 'expression', expression: 'lower(email)' }, destination: 'personalEmail.address' }],
    identities: [{ column: 'customer_id', namespace: 'CRMID', primary: true, authenticatedState: 'authenticated' }],
  };

  it('round-trips a mapping in our format and as an AEP Data Prep mapping set', async () => {
    const ours = await value<{ saved: { name: string; format: string }; content: string }>('mapping.save', { name: 'customers', mapping });
    expect(ours.saved).toMatchObject({ name: 'customers', format: 'xdm-loader' });
    const set = await value<{ saved: { name: string }; content: string }>('mapping.save', { name: 'customers', mapping, format: 'data-prep' });
    expect(set.saved.name).toBe('customers.mapping-set');
    expect(JSON.parse(set.content)).toMatchObject({
      mappings: expect.arrayContaining([{ sourceType: 'EXPRESSION', source: 'lower(email)', destination: 'personalEmail.address' }]),
    });
    const list = await value<Array<{ name: string; format: string }>>('mapping.list', {});
    expect(list.map((m) => [m.name, m.format]).sort()).toEqual([
      ['customers', 'xdm-loader'],
      ['customers.mapping-set', 'data-prep'],
    ]);
    for (const name of ['customers', 'customers.mapping-set']) {
      const loaded = await value<{ mapping: MappingFile; importedFrom: string }>('mapping.load', { from: { kind: 'saved', name } });
      expect(loaded.mapping.rules).toEqual(mapping.rules);
      expect(loaded.mapping.identities).toEqual(mapping.identities);
      expect(loaded.importedFrom).toBe(name.endsWith('mapping-set') ? 'data-prep' : 'xdm-loader');
    }
  });

  it('loads a mapping set from a registered file and refuses names that are paths', async () => {
    const file = path.join(home, 'set.json');
    await writeFile(file, JSON.stringify({ mappings: [{ sourceType: 'ATTRIBUTE', source: 'first_name', destination: 'person.name.firstName' }] }));
    const { fileRef } = await files.register(file);
    const loaded = await value<{ mapping: MappingFile }>('mapping.load', { from: { kind: 'file', fileRef } });
    expect(loaded.mapping.rules).toEqual([{ source: { kind: 'column', column: 'first_name' }, destination: 'person.name.firstName' }]);
    expect(await call('mapping.save', { name: '../escape', mapping })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', where: { field: 'name' } } });
    expect(await call('mapping.load', { from: { kind: 'saved', name: 'nothing-here' } })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('offers the mappings saved or imported for a file with exactly the same header, and only those', async () => {
    const header = ['customer_id', 'first_name', 'email'];
    await value('mapping.save', { name: 'monthly', mapping, header });
    await value('mapping.save', { name: 'other header', mapping, header: ['id', 'name'] });
    const file = path.join(home, 'crm export.json');
    await writeFile(file, JSON.stringify({ mappings: [{ sourceType: 'ATTRIBUTE', source: 'first_name', destination: 'person.name.firstName' }] }));
    const { fileRef } = await files.register(file);
    const loaded = await value<{ keptAs?: string }>('mapping.load', { from: { kind: 'file', fileRef }, header });
    expect(loaded.keptAs).toBe('crm export imported');

    const offered = await value<Array<{ name: string }>>('mapping.forHeader', { header });
    expect(offered.map((m) => m.name).sort()).toEqual(['crm export imported', 'monthly']);
    expect(await value('mapping.forHeader', { header: [...header].reverse() })).toEqual([]);
    const kept = await value<{ mapping: MappingFile }>('mapping.load', { from: { kind: 'saved', name: 'crm export imported' } });
    expect(kept.mapping.rules).toEqual([{ source: { kind: 'column', column: 'first_name' }, destination: 'person.name.firstName' }]);
  });
});

describe('jobs.prepare', () => {
  const mapping = customersMapping;
  const eventsOf = (jobId: string) => harness.eventsOf(jobId);

  it('returns a job id at once, emits throttled progress, then finished with rows read = written + rejected', async () => {
    const { fileRef } = await files.register(await harness.bigCustomers(100));
    const started = Date.now();
    const minted = newJobId();
    const { jobId, outDir } = await value<{ jobId: string; outDir: string }>('jobs.prepare', { jobId: minted, fileRef, schema: profile, mapping });
    expect(jobId).toBe(minted);
    expect(outDir.startsWith(path.join(home, 'jobs'))).toBe(true);
    await jobs.settled(jobId as `j_${string}`);
    const elapsed = Date.now() - started;
    const mine = eventsOf(jobId);
    const progress = mine.flatMap((e) => (e.phase === 'progress' ? [e.progress] : []));
    const last = mine[mine.length - 1];
    expect(last?.phase).toBe('finished');
    if (last?.phase !== 'finished') return;
    const { summary } = last;
    expect(summary.status).toBe('completed');
    expect(summary.rowsRead).toBe(30_000);
    expect(summary.rowsRejected).toBe(Math.floor(30_000 / 7));
    expect(summary.rowsRead).toBe(summary.rowsWritten + summary.rowsRejected);
    expect(summary.issuesByField['person.birthDate']).toMatchObject({ 'invalid-date': summary.rowsRejected });
    // About ten a second (plus the last one), and the last one is the final count.
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.length).toBeLessThanOrEqual(Math.ceil(elapsed / 100) + 2);
    expect(progress[progress.length - 1]).toMatchObject({ rowsRead: 30_000, rowsWritten: summary.rowsWritten, rowsRejected: summary.rowsRejected });
    const rejects = await value<{ columns: string[]; rows: unknown[][]; total: number }>('jobs.rejects', { jobId, limit: 3 });
    expect(rejects.total).toBe(summary.rowsRejected);
    expect(rejects.rows).toHaveLength(3);
    expect(rejects.columns).toEqual(expect.arrayContaining(['first_name', 'birth_date']));
    // The spreadsheet's escape column is not the steward's: the app shows the original cells.
    expect(rejects.columns).not.toContain('_escaped');
    expect(JSON.stringify(rejects.rows[0])).toContain('not-a-date');
  });

  it('refuses a mapping with a broken rule before starting, naming the rule', async () => {
    const { fileRef } = await files.register(path.join(samples, 'customers.csv'));
    const broken = { ...mapping, rules: [...mapping.rules, { source: { kind: 'column', column: 'no_such_column' }, destination: 'person.gender' }] };
    const reply = await call('jobs.prepare', { jobId: newJobId(), fileRef, schema: profile, mapping: broken });
    expect(reply).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', where: { field: 'mapping.rules[3]' } } });
  });

  it('keeps rows with no identity and counts them by default, and rejects them when the screen chose so', async () => {
    // customers.csv with its customer_id emptied in two rows: those rows have no identity at all.
    const text = await readFile(path.join(samples, 'customers.csv'), 'utf8');
    const [header, ...rows] = text.trimEnd().split('\n');
    const blank = (row: string) => row.replace(/^[^,]*,/, ',');
    const file = path.join(home, 'no-identity.csv');
    await writeFile(file, `${[header, ...rows.map((row, i) => (i < 2 ? blank(row) : row))].join('\n')}\n`);
    const { fileRef } = await files.register(file);
    const summaryOf = async (emptyIdentity?: 'flag' | 'reject') => {
      const { jobId } = await value<{ jobId: string }>('jobs.prepare', {
        jobId: newJobId(),
        fileRef,
        schema: profile,
        mapping,
        ...(emptyIdentity ? { emptyIdentity } : {}),
      });
      await jobs.settled(jobId as `j_${string}`);
      const last = eventsOf(jobId).at(-1);
      if (last?.phase !== 'finished') throw new Error(`the job did not finish: ${JSON.stringify(last)}`);
      return { ...last.summary, jobId };
    };
    const kept = await summaryOf();
    expect(kept).toMatchObject({ emptyIdentity: 'flag', rowsRead: rows.length, rowsWithoutIdentity: 2, rowsRejected: 0, rowsWritten: rows.length });
    // The two kept rows are listed with their warning, paged like the rejects.
    const listed = await value<{ fileName: string; columns: string[]; rows: unknown[][]; total: number }>('jobs.rejects', {
      jobId: kept.jobId,
      list: 'warnings',
      limit: 1,
    });
    expect(listed).toMatchObject({ fileName: 'warnings.csv', total: 2, offset: 0 });
    expect(listed.columns.slice(0, 3)).toEqual(['_row', '_line', '_warnings']);
    expect(listed.rows).toHaveLength(1);
    expect(listed.rows[0]?.slice(0, 2)).toEqual(['1', '2']);
    expect(String(listed.rows[0]?.[2])).toContain('identity-missing');
    expect(await value('jobs.rejects', { jobId: kept.jobId, list: 'warnings', limit: 5, row: 2 })).toMatchObject({ offset: 1, rowFound: true });
    const rejected = await summaryOf('reject');
    expect(rejected).toMatchObject({ emptyIdentity: 'reject', rowsRead: rows.length, rowsWithoutIdentity: 2, rowsRejected: 2, rowsWritten: rows.length - 2 });
  });

  it('answers an unknown job id with NOT_FOUND', async () => {
    expect(await call('jobs.cancel', { jobId: 'j_unknown123' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
