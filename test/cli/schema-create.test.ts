import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CreationReport, TargetProposal } from '../../src-main/core/targets/index';
import { runCliAgainst } from '../core/jobs/preflight/cli-runner';
import { Harness } from '../sandbox/harness';

/**
 * `xdm-loader schema create --from` against the Local sandbox (issue 15): a CSV no schema fits
 * becomes a Profile schema with a custom field group, identity, union tag and dataset; the written
 * mapping prepares the file, the upload lands, the profile is found; a second run creates nothing;
 * a failed dataset POST leaves a state the next run completes. The sandbox's Registry checks every
 * creation, and every resource read back is checked against Adobe's OpenAPI files.
 */
type Obj = Record<string, unknown>;
const SR = '/data/foundation/schemaregistry';
const FULL = { accept: 'application/vnd.adobe.xed-full+json; version=1' };

let h: Harness;
let home: string;
const cli = (args: string[]) => runCliAgainst(h.sandbox, home, args);
const created = (steps: CreationReport['steps']) => Object.fromEntries(steps.map((s) => [s.step, s.status]));

/** Columns no standard schema of the sandbox holds: a loyalty club's export. */
function clubCsv(rows: number): string {
  const lines = ['member_email,first_name,club_tier,visit_count,scan_counter,avg_basket,joined_on,last_visit_at,newsletter,home_page'];
  for (let i = 1; i <= rows; i += 1) {
    lines.push(
      [
        `member${i}@club.example`,
        i % 7 === 0 ? '' : `Name${i}`,
        ['gold', 'silver', 'bronze'][i % 3],
        String(i * 3),
        String(3_000_000_000 + i),
        (i * 1.25).toFixed(2),
        `2021-0${(i % 9) + 1}-1${i % 10}`,
        `2024-05-0${(i % 9) + 1}T10:1${i % 10}:00Z`,
        i % 2 === 0 ? 'true' : 'false',
        `https://club.example/m/${i}`,
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

beforeAll(async () => {
  h = await Harness.start();
  home = await mkdtemp(path.join(os.tmpdir(), 'xdm-schema-create-'));
});
afterAll(async () => {
  await h.close();
  await rm(home, { recursive: true, force: true });
});
beforeEach(() => {
  h.sandbox.faults.clear();
});

describe('xdm-loader schema create --from', () => {
  it('creates a Profile target from a CSV; suggest agrees with the written mapping, prepare and upload land, the profile is found, a second run creates nothing', async () => {
    const file = path.join(home, 'loyalty-club.csv');
    await writeFile(file, clubCsv(40));
    const mappingFile = path.join(home, 'club-map.json');
    const schemaFile = path.join(home, 'club-schema.json');

    const dry = await cli(['schema', 'create', '--from', file, '--dry-run', '--json']);
    expect(dry.stderr).toBe('');
    const planned = JSON.parse(dry.stdout) as { creation: CreationReport };
    expect(created(planned.creation.steps)).toEqual({
      namespace: 'exists',
      fieldGroup: 'to-create',
      schema: 'to-create',
      descriptor: 'to-create',
      union: 'to-create',
      dataset: 'to-create',
    });

    const first = await cli(['schema', 'create', '--from', file, '--mapping-out', mappingFile, '--schema-out', schemaFile, '--json']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const { proposal, creation } = JSON.parse(first.stdout) as { proposal: TargetProposal; creation: CreationReport };
    const tenant = `_${h.sandbox.tenantId}`;
    expect(proposal.class).toMatchObject({ choice: 'profile', guessed: true });
    expect(proposal.identity).toMatchObject({ column: 'member_email', namespace: 'Email', chosenBy: 'guess' });
    const kinds = Object.fromEntries(proposal.fields.map((f) => [f.source.kind === 'column' ? f.source.column : f.path, [f.path, f.kind, f.format ?? null]]));
    expect(kinds).toMatchObject({
      // The identity on a custom field: an email column the suggestions do not place with confidence.
      member_email: [`${tenant}.memberEmail`, 'string', 'email'],
      first_name: ['person.name.firstName', 'string', null],
      club_tier: ['loyalty.tier', 'string', null],
      visit_count: [`${tenant}.visitCount`, 'integer', null],
      scan_counter: [`${tenant}.scanCounter`, 'long', null],
      avg_basket: [`${tenant}.avgBasket`, 'number', null],
      joined_on: [`${tenant}.joinedOn`, 'date', 'date'],
      last_visit_at: [`${tenant}.lastVisitAt`, 'date-time', 'date-time'],
      newsletter: [`${tenant}.newsletter`, 'boolean', null],
      home_page: [`${tenant}.homePage`, 'string', 'uri'],
    });
    expect(creation.complete).toBe(true);
    expect(created(creation.steps)).toEqual({
      namespace: 'exists',
      fieldGroup: 'created',
      schema: 'created',
      descriptor: 'created',
      union: 'created',
      dataset: 'created',
    });
    const schemaId = creation.schemaId ?? '';
    const datasetId = creation.datasetId ?? '';

    // What the Registry and Catalog now hold, each answer checked against Adobe's OpenAPI files.
    const full = await h.call('GET', `${SR}/tenant/schemas/${encodeURIComponent(schemaId)}`, { headers: FULL });
    expect(full.status).toBe(200);
    expect(full.json).toMatchObject({ 'meta:class': 'https://ns.adobe.com/xdm/context/profile', 'meta:immutableTags': ['union'] });
    const counter = ((((full.json as Obj).properties as Obj)[tenant] as Obj).properties as Obj).scanCounter as Obj;
    expect(counter).toMatchObject({ type: 'integer', 'meta:xdmType': 'long' });
    const descriptors = await h.call('GET', `${SR}/tenant/descriptors`, { headers: { accept: 'application/vnd.adobe.xdm+json' } });
    expect(((descriptors.json as Obj)['xdm:descriptorIdentity'] as Obj[]).filter((d) => d['xdm:sourceSchema'] === schemaId)).toMatchObject([
      { 'xdm:sourceProperty': `/${tenant}/memberEmail`, 'xdm:namespace': 'Email', 'xdm:isPrimary': true },
    ]);
    const dataset = await h.call('GET', `/data/foundation/catalog/dataSets/${datasetId}`);
    expect((dataset.json as Record<string, Obj>)[datasetId]).toMatchObject({ tags: { unifiedProfile: ['enabled:true'], unifiedIdentity: ['enabled:true'] } });

    // The mapping screen's suggestions against the new schema agree with the written mapping wherever they are sure.
    const suggested = JSON.parse((await cli(['suggest', file, '--schema', schemaFile, '--json'])).stdout) as {
      suggestions: Array<{ column: string; path: string | null }>;
    };
    const written = new Map(
      (JSON.parse(await readFile(mappingFile, 'utf8')) as { rules: Array<{ source: { column: string }; destination: string }> }).rules.map((r) => [
        r.source.column,
        r.destination,
      ]),
    );
    const sure = suggested.suggestions.filter((s) => s.path !== null);
    expect(sure.length).toBeGreaterThan(0);
    for (const s of sure) expect([s.column, s.path]).toEqual([s.column, written.get(s.column)]);

    const out = path.join(home, 'club-prepared');
    const prepared = await cli(['prepare', file, '--schema', schemaFile, '--mapping', mappingFile, '--out', out, '--json']);
    expect(prepared.stderr).toBe('');
    expect(JSON.parse(prepared.stdout)).toMatchObject({ status: 'completed', rowsRead: 40, rowsWritten: 40, rowsRejected: 0 });

    const upload = await cli(['upload', out, '--dataset', datasetId, '--poll-interval', '50', '--json']);
    expect(upload.code).toBe(0);
    expect(JSON.parse(upload.stdout)).toMatchObject({ status: 'success', recordsWritten: 40, recordsFailed: 0 });

    const profile = await cli(['profile', '--ns', 'Email', '--id', 'member3@club.example', '--json']);
    expect(profile.code).toBe(0);
    const attributes = (JSON.parse(profile.stdout) as { attributes: Obj }).attributes;
    expect(attributes[tenant]).toMatchObject({ memberEmail: 'member3@club.example', visitCount: 9, scanCounter: 3_000_000_003, newsletter: false });
    expect(attributes.loyalty).toEqual({ tier: 'gold' });

    const again = await cli(['schema', 'create', '--from', file, '--json']);
    expect(again.code).toBe(0);
    const second = (JSON.parse(again.stdout) as { creation: CreationReport }).creation;
    expect(created(second.steps)).toEqual({
      namespace: 'exists',
      fieldGroup: 'exists',
      schema: 'exists',
      descriptor: 'exists',
      union: 'exists',
      dataset: 'exists',
    });
    expect(second).toMatchObject({ schemaId, datasetId, complete: true });
    expect(JSON.parse(await readFile(mappingFile, 'utf8'))).toEqual(JSON.parse(JSON.stringify(second.mapping)));
  }, 120_000);

  it('says what exists after a failed dataset POST; a second run goes on from there, and the event file lands on the timeline', async () => {
    const file = path.join(home, 'web-events.csv');
    await writeFile(file, await readFile(path.join(import.meta.dirname, '../../assets/samples/events.csv'), 'utf8'));
    h.sandbox.faults.add({ action: 'status', status: 500, method: 'POST', path: '/data/foundation/catalog/dataSets', times: 10 });
    const failed = await cli(['schema', 'create', '--from', file, '--identity', 'email:Email', '--name', 'Web events']);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/created\s+schema "Web events" \(XDM ExperienceEvent\)/);
    expect(failed.stdout).toMatch(/failed\s+dataset "Web events"/);
    expect(failed.stderr).toMatch(/Creating the dataset "Web events" \(Profile and Identity\) failed/);
    expect(failed.stderr).toMatch(/In the sandbox now: .*field group "Web events: file columns"; schema "Web events".*union tag/);
    expect(failed.stderr).toMatch(/Not created: dataset "Web events"/);

    h.sandbox.faults.clear();
    const retry = await cli(['schema', 'create', '--from', file, '--identity', 'email:Email', '--name', 'Web events', '--json']);
    expect(retry.stderr).toBe('');
    const { proposal, creation } = JSON.parse(retry.stdout) as { proposal: TargetProposal; creation: CreationReport };
    expect(proposal.class).toMatchObject({ choice: 'event', guessed: true });
    const paths = Object.fromEntries(proposal.fields.map((f) => [f.source.kind === 'column' ? f.source.column : '', f.path]));
    expect(paths).toMatchObject({ event_id: '_id', timestamp: 'timestamp' });
    expect(created(creation.steps)).toEqual({
      namespace: 'exists',
      fieldGroup: 'exists',
      schema: 'exists',
      descriptor: 'exists',
      union: 'exists',
      dataset: 'created',
    });
    const datasets = JSON.parse((await cli(['datasets', '--json'])).stdout) as Array<{ name: string; schemaId?: string }>;
    expect(datasets.filter((d) => d.name === 'Web events')).toHaveLength(1);

    // The completed target takes the events: prepared with the written mapping, uploaded, on the profile's timeline.
    const mappingFile = path.join(home, 'events-map.json');
    const schemaFile = path.join(home, 'events-schema.json');
    const done = await cli([
      'schema',
      'create',
      '--from',
      file,
      '--identity',
      'email:Email',
      '--name',
      'Web events',
      '--mapping-out',
      mappingFile,
      '--schema-out',
      schemaFile,
    ]);
    expect(done.code).toBe(0);
    expect(done.stdout).toMatch(/event_type\s+eventType/);
    expect(done.stdout).toMatch(/product_sku\s+productListItems\[0\]\.SKU\s+string\s+experienceevent-commerce/);
    expect(done.stdout).toMatch(/custom: price \(the closest standard field, productListItems\[0\]\.priceTotal, scores \d+ \(a permanent field needs 80\)\)/);
    const out = path.join(home, 'events-prepared');
    const prepared = JSON.parse((await cli(['prepare', file, '--schema', schemaFile, '--mapping', mappingFile, '--out', out, '--json'])).stdout) as Obj;
    expect(prepared).toMatchObject({ status: 'completed', rowsRead: 200, rowsWritten: 200, rowsRejected: 0 });
    const upload = await cli(['upload', out, '--dataset', creation.datasetId ?? '', '--poll-interval', '50', '--json']);
    expect(JSON.parse(upload.stdout)).toMatchObject({ status: 'success', recordsWritten: 200 });
    const first = (await readFile(file, 'utf8')).split('\n')[1]?.split(',') ?? [];
    const timeline = JSON.parse((await cli(['profile', '--ns', 'Email', '--id', first[1] ?? '', '--json'])).stdout) as { events: Obj[] };
    expect(timeline.events).toContainEqual(
      expect.objectContaining({ id: first[0], eventType: first[3], entity: expect.objectContaining({ timestamp: first[2] }) }),
    );
  }, 60_000);

  it('takes over what a stopped run left when the steward renames the target before retrying: no orphan field group or schema', async () => {
    const file = path.join(home, 'renamed-club.csv');
    await writeFile(file, clubCsv(12));
    const ofThisFile = async (kind: 'fieldgroups' | 'schemas') => {
      const list = await h.call('GET', `${SR}/tenant/${kind}`, { headers: { accept: 'application/vnd.adobe.xed+json' } });
      return ((list.json as { results: Obj[] }).results ?? [])
        .filter((r) => String(r.description ?? '').includes('renamed-club.csv'))
        .map((r) => ({ id: r.$id, title: r.title }));
    };

    // The schema POST fails: the field group "Club A: file columns" stays behind.
    h.sandbox.faults.add({ action: 'status', status: 500, method: 'POST', path: `${SR}/tenant/schemas`, times: 10 });
    const a = await cli(['schema', 'create', '--from', file, '--name', 'Club A', '--json']);
    expect(a.code).toBe(1);
    expect(created((JSON.parse(a.stdout) as { creation: CreationReport }).creation.steps)).toMatchObject({ fieldGroup: 'created', schema: 'failed' });
    const [group] = await ofThisFile('fieldgroups');
    expect(group).toMatchObject({ title: 'Club A: file columns' });

    // Renamed to Club B; now the descriptor POST fails: the field group is taken over, the schema stays behind.
    h.sandbox.faults.clear();
    h.sandbox.faults.add({ action: 'status', status: 500, method: 'POST', path: `${SR}/tenant/descriptors`, times: 10 });
    const plan = JSON.parse((await cli(['schema', 'create', '--from', file, '--name', 'Club B', '--dry-run', '--json'])).stdout) as {
      creation: CreationReport;
    };
    expect(created(plan.creation.steps)).toMatchObject({ fieldGroup: 'to-reuse', schema: 'to-create' });
    expect(plan.creation.steps.find((st) => st.step === 'fieldGroup')?.what).toBe(
      'field group "Club B: file columns", taking over "Club A: file columns" left by an earlier run',
    );
    const b = await cli(['schema', 'create', '--from', file, '--name', 'Club B', '--json']);
    expect(b.code).toBe(1);
    expect(created((JSON.parse(b.stdout) as { creation: CreationReport }).creation.steps)).toMatchObject({
      fieldGroup: 'reused',
      schema: 'created',
      descriptor: 'failed',
    });
    expect(await ofThisFile('fieldgroups')).toEqual([{ id: group?.id, title: 'Club B: file columns' }]);
    const [schema] = await ofThisFile('schemas');
    expect(schema).toMatchObject({ title: 'Club B' });

    // Renamed to Club C, nothing fails: both are taken over and renamed, the rest is created; one of each exists.
    h.sandbox.faults.clear();
    const c = await cli(['schema', 'create', '--from', file, '--name', 'Club C', '--json']);
    expect(c.stderr).toBe('');
    const done = (JSON.parse(c.stdout) as { creation: CreationReport }).creation;
    expect(created(done.steps)).toEqual({
      namespace: 'exists',
      fieldGroup: 'reused',
      schema: 'reused',
      descriptor: 'created',
      union: 'created',
      dataset: 'created',
    });
    expect(done.steps.find((st) => st.step === 'schema')?.what).toBe('schema "Club C" (XDM Individual Profile), renamed from "Club B" left by an earlier run');
    expect(done).toMatchObject({ schemaId: schema?.id, complete: true });
    expect(await ofThisFile('fieldgroups')).toEqual([{ id: group?.id, title: 'Club C: file columns' }]);
    expect(await ofThisFile('schemas')).toEqual([{ id: schema?.id, title: 'Club C' }]);
    const full = await h.call('GET', `${SR}/tenant/schemas/${encodeURIComponent(String(schema?.id))}`, { headers: FULL });
    expect(full.json).toMatchObject({ title: 'Club C', 'meta:immutableTags': ['union'] });

    // A completed target is not a leftover: a new name for the same file makes a second target.
    const d = JSON.parse((await cli(['schema', 'create', '--from', file, '--name', 'Club D', '--json'])).stdout) as { creation: CreationReport };
    expect(created(d.creation.steps)).toMatchObject({ fieldGroup: 'created', schema: 'created', dataset: 'created' });
    expect(await ofThisFile('schemas')).toHaveLength(2);
  }, 60_000);

  it('creates a custom namespace for an identity whose namespace the sandbox lacks, once', async () => {
    const file = path.join(home, 'members.csv');
    await writeFile(file, 'Member No.,tier\n1001,gold\n1002,silver\n');
    const args = ['schema', 'create', '--from', file, '--identity', 'Member No.:ClubMember', '--json'];
    const first = JSON.parse((await cli(args)).stdout) as { proposal: TargetProposal; creation: CreationReport };
    expect(first.proposal.identity).toEqual({ column: 'Member No.', path: `_${h.sandbox.tenantId}.memberNo`, namespace: 'ClubMember', chosenBy: 'caller' });
    expect(created(first.creation.steps)).toMatchObject({ namespace: 'created', descriptor: 'created', dataset: 'created' });
    const namespaces = await h.call('GET', '/data/core/idnamespace/identities');
    expect((namespaces.json as Obj[]).filter((n) => n.code === 'ClubMember')).toMatchObject([{ custom: true }]);
    const again = JSON.parse((await cli(args)).stdout) as { creation: CreationReport };
    expect(created(again.creation.steps)).toMatchObject({ namespace: 'exists', descriptor: 'exists', dataset: 'exists' });
  });

  it('refuses to adopt a schema of the same title that lacks the proposal’s field groups', async () => {
    await h.call('POST', `${SR}/tenant/schemas`, { body: { type: 'object', title: 'Clash', allOf: [{ $ref: 'https://ns.adobe.com/xdm/context/profile' }] } });
    const file = path.join(home, 'clash.csv');
    await writeFile(file, 'email,shoe_size\na@clash.example,42\n');
    const run = await cli(['schema', 'create', '--from', file, '--name', 'Clash', '--json']);
    expect(run.code).toBe(1);
    const { creation } = JSON.parse(run.stdout) as { creation: CreationReport };
    expect(created(creation.steps)).toMatchObject({ fieldGroup: 'created', schema: 'failed', dataset: 'not-reached' });
    expect(run.stderr).toMatch(/already has a schema "Clash" without the field group\(s\) .*choose another --name/);
  });

  it('creates a dataset of an existing schema, refusing --profile for a schema not enabled for Profile', async () => {
    const list = JSON.parse((await cli(['schemas', '--json'])).stdout) as Array<{ id: string; title: string; profileEnabled: boolean }>;
    const enabled = list.find((s) => s.profileEnabled);
    if (!enabled) throw new Error('no Profile schema seeded');
    const made = await cli(['dataset', 'create', '--schema', enabled.id, '--name', 'Second customers', '--profile', '--json']);
    expect(made.stderr).toBe('');
    expect(JSON.parse(made.stdout)).toMatchObject({ name: 'Second customers', schemaId: enabled.id, profileEnabled: true, identityEnabled: true });
    const plain = (
      await h.call('POST', `${SR}/tenant/schemas`, {
        body: { type: 'object', title: 'Not for Profile', allOf: [{ $ref: 'https://ns.adobe.com/xdm/context/profile' }] },
      })
    ).json as Obj;
    const refused = await cli(['dataset', 'create', '--schema', String(plain.$id), '--profile']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/not enabled for Profile/);
  });

  it('reads the file as the read flags say: codes chosen as text become a string field and stay strings in prepare, a dd/MM/yyyy column a date field', async () => {
    // A semicolon export quoted with ', no header: name; member code; joined on (dd/MM/yyyy, row 5 is no date); email.
    const rows = Array.from(
      { length: 20 },
      (_, i) => `'Member; ${i + 1}';${1001 + i};${i === 4 ? '31/02/2020' : `${String(i + 1).padStart(2, '0')}/03/2020`};member${i + 1}@export.example`,
    );
    const file = path.join(home, 'members-export.txt');
    await writeFile(file, `${rows.join('\n')}\n`);
    const flags = ['--delimiter', ';', '--quote', "'", '--no-header', '--date-format', 'column_3=dd/MM/yyyy'];
    const kindsOf = (stdout: string) => {
      const { proposal } = JSON.parse(stdout) as { proposal: TargetProposal };
      return Object.fromEntries(proposal.fields.flatMap((f) => (f.source.kind === 'column' ? [[f.source.column, [f.path, f.kind]]] : [])));
    };

    // Without --column-type the codes are integers: the flag is what makes them text.
    const detected = await cli([
      'schema',
      'create',
      '--from',
      file,
      ...flags,
      '--identity',
      'column_4:Email',
      '--name',
      'Members export',
      '--dry-run',
      '--json',
    ]);
    expect(detected.stderr).toBe('');
    expect(kindsOf(detected.stdout)).toMatchObject({ column_2: [expect.any(String), 'integer'], column_3: [expect.any(String), 'date'] });

    const withType = [...flags, '--column-type', 'column_2=string'];
    const mappingFile = path.join(home, 'members-map.json');
    const schemaFile = path.join(home, 'members-schema.json');
    const run = await cli([
      'schema',
      'create',
      '--from',
      file,
      ...withType,
      '--identity',
      'column_4:Email',
      '--name',
      'Members export',
      '--mapping-out',
      mappingFile,
      '--schema-out',
      schemaFile,
      '--json',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const kinds = kindsOf(run.stdout) as Record<string, [string, string]>;
    expect(kinds).toMatchObject({ column_1: [expect.any(String), 'string'], column_2: [expect.any(String), 'string'], column_3: [expect.any(String), 'date'] });
    expect((JSON.parse(run.stdout) as { read: unknown }).read).toMatchObject({
      delimiter: ';',
      quote: "'",
      hasHeader: false,
      chosen: { delimiter: ';', quote: "'", hasHeader: false, columns: { column_2: { type: 'string' }, column_3: { dateFormat: 'dd/MM/yyyy' } } },
    });

    const out = path.join(home, 'members-prepared');
    const prepared = await cli(['prepare', file, ...withType, '--schema', schemaFile, '--mapping', mappingFile, '--out', out, '--json']);
    expect(prepared.code).toBe(0);
    const summary = JSON.parse(prepared.stdout) as { parts: Array<{ file: string }> };
    expect(summary).toMatchObject({ status: 'completed', rowsRead: 20, rowsWritten: 19, rowsRejected: 1 });
    const part = await readFile(path.join(out, summary.parts[0]?.file ?? 'no part'), 'utf8');
    const first = JSON.parse(part.split('\n')[0] ?? '{}') as Obj;
    const at = (record: Obj, dotted: string): unknown => dotted.split('.').reduce<unknown>((node, key) => (node as Obj | undefined)?.[key], record);
    expect(at(first, kinds.column_1?.[0] ?? '')).toBe('Member; 1');
    expect(at(first, kinds.column_2?.[0] ?? '')).toBe('1001');
    expect(at(first, kinds.column_3?.[0] ?? '')).toBe('2020-03-01');
    expect((await readFile(path.join(out, 'rejects.csv'), 'utf8')).split('\n')[1]).toMatch(/^5,5,/);
  });
});
