import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ColumnProfiler, type ColumnProfile, profileColumns } from '../../../src-main/core/targets/column-profile';
import { fieldName, guessClass, proposeTarget, type TargetProposal } from '../../../src-main/core/targets/propose-target';
import { offlineStandardCatalog } from '../../../src-main/core/targets/standard-catalog';
import { fieldGroupRequest, identityPointer, proposalMapping, schemaRequest } from '../../../src-main/core/targets/target-documents';

/** The offline half of issue 15's "target from a file": column types from the whole file, the proposal, the request bodies. */
const standard = offlineStandardCatalog();
const repo = path.resolve(import.meta.dirname, '../../..');
const samples = path.join(repo, 'assets/samples');
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'xdm-targets-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function profile(name: string, cells: string[]): ColumnProfile {
  const p = new ColumnProfiler(name);
  for (const cell of cells) p.addText(cell);
  return p.result();
}

const propose = (columns: ColumnProfile[], extra: Partial<Parameters<typeof proposeTarget>[0]> = {}): TargetProposal =>
  proposeTarget({ fileName: 'f.csv', columns, tenantId: 'acme', standard, ...extra });

describe('column profiles', () => {
  it('reads the type of the whole column: one late text value makes a string, one value past 2^31 a long', () => {
    expect(profile('n', ['1', '2', '', '3'])).toEqual({ name: 'n', kind: 'integer', filled: 3, empty: 1, nested: false });
    expect(profile('n', ['1', '2', 'n/a']).kind).toBe('string');
    expect(profile('n', ['1', '2147483648']).kind).toBe('long');
    expect(profile('n', ['1', '2.5']).kind).toBe('number');
    expect(profile('d', ['2024-01-01', '2024-01-02T10:00:00Z']).kind).toBe('date-time');
    expect(profile('d', ['2024-01-01', '2024-02-30']).kind).toBe('string');
    expect(profile('zip', ['00123', '94107']).kind).toBe('string');
    expect(profile('e', ['a@b.example', 'c@d.example'])).toMatchObject({ kind: 'string', format: 'email' });
    expect(profile('e', ['a@b.example', 'nope']).format).toBeUndefined();
    expect(profile('u', ['https://x.example/a', 'http://y.example'])).toMatchObject({ format: 'uri' });
    expect(profile('empty', ['', '']).kind).toBe('string');
  });

  it("takes the steward's read settings: a chosen type or date format is the field's kind whatever the cells say", async () => {
    const csv = path.join(dir, 'chosen.csv');
    const rows = Array.from({ length: 40 }, (_, i) => `${1000 + i};${i === 7 ? '31/02/2020' : `${String((i % 28) + 1).padStart(2, '0')}/03/2020`}`);
    await writeFile(csv, `member;joined\n${rows.join('\n')}\n`);
    expect((await profileColumns(csv)).map((c) => [c.name, c.kind])).toEqual([
      ['member', 'integer'],
      ['joined', 'string'],
    ]);
    const read = { delimiter: ';', columns: { member: { type: 'string' }, joined: { dateFormat: 'dd/MM/yyyy' } } } as const;
    expect((await profileColumns(csv, { read })).map((c) => [c.name, c.kind])).toEqual([
      ['member', 'string'],
      ['joined', 'date'],
    ]);
  });

  it('streams the whole file, past the inspection sample, and marks nested JSON values', async () => {
    const csv = path.join(dir, 'late.csv');
    const rows = Array.from({ length: 5000 }, (_, i) => `${i},${i === 4321 ? 'unknown' : String(i * 2)}`);
    await writeFile(csv, `id,score\n${rows.join('\n')}\n`);
    expect((await profileColumns(csv)).map((c) => [c.name, c.kind])).toEqual([
      ['id', 'integer'],
      ['score', 'string'],
    ]);
    const jsonl = path.join(dir, 'nested.jsonl');
    await writeFile(
      jsonl,
      `${JSON.stringify({ email: 'a@b.example', tags: ['x'], big: 9007199254740991 })}\n${JSON.stringify({ email: 'c@d.example', tags: [] })}\n`,
    );
    expect(await profileColumns(jsonl)).toEqual([
      { name: 'email', kind: 'string', format: 'email', filled: 2, empty: 0, nested: false },
      { name: 'tags', kind: 'string', filled: 2, empty: 0, nested: true },
      { name: 'big', kind: 'long', filled: 1, empty: 1, nested: false },
    ]);
  });
});

describe('proposeTarget', () => {
  it('proposes the sample customers as a Profile: standard fields where suggestions are sure and the types fit, the rest custom', async () => {
    const columns = await profileColumns(path.join(samples, 'customers.csv'));
    const proposal = propose(columns, { fileName: 'customers.csv' });
    expect(proposal.class).toMatchObject({ choice: 'profile', id: 'https://ns.adobe.com/xdm/context/profile', guessed: true });
    const byColumn = new Map(proposal.fields.map((f) => [f.source.kind === 'column' ? f.source.column : '', f]));
    expect(byColumn.get('first_name')?.path).toBe('person.name.firstName');
    expect(byColumn.get('email')).toMatchObject({
      path: 'personalEmail.address',
      format: 'email',
      origin: { kind: 'standard', fieldGroupId: 'https://ns.adobe.com/xdm/context/profile-personal-details' },
    });
    // The issue's wrong suggestions: a date-time column never lands in a name field.
    expect(byColumn.get('last_purchase_at')).toMatchObject({ path: '_acme.lastPurchaseAt', kind: 'date-time', origin: { kind: 'custom' } });
    expect(byColumn.get('loyalty_points')?.kind).toBe('integer');
    expect(byColumn.get('lifetime_value')?.kind).toBe('number');
    expect(byColumn.get('opted_in')?.kind).toBe('boolean');
    expect(byColumn.get('birth_date')?.kind).toBe('date');
    expect(proposal.identity).toEqual({ column: 'email', path: 'personalEmail.address', namespace: 'Email', chosenBy: 'guess' });
    expect(proposal.standardFieldGroups).toContain('https://ns.adobe.com/xdm/context/profile-personal-details');
    expect(proposal.dataset).toEqual({ name: 'customers', profile: true });
    // The field list reads in the file's column order, whatever group each field landed in.
    expect(proposal.fields.map((f) => (f.source.kind === 'column' ? f.source.column : ''))).toEqual(columns.map((c) => c.name));
    for (const f of proposal.fields) if (f.origin.kind === 'custom') expect(f.path).toMatch(/^_acme\.[a-z][A-Za-z0-9]*$/);
  });

  it('proposes the sample events as an ExperienceEvent: event id into _id, timestamp into timestamp, overridable to Profile', async () => {
    const columns = await profileColumns(path.join(samples, 'events.csv'));
    expect(guessClass(columns)).toMatchObject({ choice: 'event' });
    const proposal = propose(columns, { fileName: 'events.csv' });
    const paths = Object.fromEntries(proposal.fields.map((f) => [f.source.kind === 'column' ? f.source.column : f.path, f.path]));
    expect(paths).toMatchObject({ event_id: '_id', timestamp: 'timestamp', email: '_acme.email' });
    expect(proposal.identity).toMatchObject({ column: 'email', path: '_acme.email', namespace: 'Email' });
    const asProfile = propose(columns, { class: 'profile' });
    expect(asProfile.class).toMatchObject({ choice: 'profile', guessed: false });
    expect(asProfile.fields.map((f) => f.path)).not.toContain('_id');
  });

  it('puts an event file’s product columns into the standard productListItems array, numbered columns into their elements (issue 15)', async () => {
    const events = propose(await profileColumns(path.join(samples, 'events.csv')), { fileName: 'events.csv' });
    const fed = (p: TargetProposal) => Object.fromEntries(p.fields.map((f) => [f.source.kind === 'column' ? f.source.column : f.path, f.path]));
    // `price` is not sure enough to be a permanent priceTotal (a unit price is not a line total): it stays custom.
    expect(fed(events)).toMatchObject({ product_sku: 'productListItems[0].SKU', price: '_acme.price' });
    expect(events.standardFieldGroups).toContain('https://ns.adobe.com/xdm/context/experienceevent-commerce');
    expect(events.customFieldGroup?.fields.map((f) => f.column)).toEqual(['email', 'price']);
    // Each custom column says why no standard field took it.
    expect(events.customFieldGroup?.fields.find((f) => f.column === 'price')?.why).toMatch(
      /^the closest standard field, productListItems\[0\]\.priceTotal, scores \d+ \(a permanent field needs 80\)$/,
    );
    expect(events.customFieldGroup?.fields.find((f) => f.column === 'email')?.why).toBe('no standard field is like it');

    const basket = propose([
      profile('order_id', ['o-1', 'o-2']),
      profile('email', ['a@b.example', 'c@d.example']),
      profile('timestamp', ['2024-05-01T10:00:00Z', '2024-05-01T11:00:00Z']),
      profile('product_1_sku', ['S-1', 'S-3']),
      profile('product_1_quantity', ['1', '2']),
      profile('product_2_sku', ['S-2', '']),
      profile('product_2_quantity', ['4', '']),
    ]);
    expect(basket.class.choice).toBe('event');
    expect(fed(basket)).toMatchObject({
      product_1_sku: 'productListItems[0].SKU',
      product_1_quantity: 'productListItems[0].quantity',
      product_2_sku: 'productListItems[1].SKU',
      product_2_quantity: 'productListItems[1].quantity',
    });
    // The written mapping fills both elements; the identity stays on a field of the record itself.
    expect(proposalMapping(basket, 'https://ns.adobe.com/acme/schemas/x').rules.map((r) => r.destination)).toEqual(
      expect.arrayContaining(['productListItems[1].SKU', 'productListItems[1].quantity']),
    );
    expect(basket.identity.path).not.toContain('[');
  });

  it('generates _id with uuid() when an event file has no id column, and refuses an event file without a date-time', () => {
    const when = profile('occurred_at', ['2024-01-01T00:00:00Z']);
    const mail = profile('email', ['a@b.example']);
    const proposal = propose([when, mail], { class: 'event' });
    expect(proposal.fields).toContainEqual({ path: '_id', source: { kind: 'expression', expression: 'uuid()' }, origin: { kind: 'class' }, kind: 'string' });
    expect(proposalMapping(proposal, 'https://ns.adobe.com/acme/schemas/x').rules).toContainEqual({
      source: { kind: 'expression', expression: 'uuid()' },
      destination: '_id',
    });
    expect(() => propose([mail, profile('n', ['1'])], { class: 'event' })).toThrow(/no date-time column/);
  });

  it('puts the identity on the chosen column as a string field, and refuses a missing or absent identity', () => {
    const id = profile('Member No.', ['1001', '1002']);
    const proposal = propose([id, profile('score', ['1'])], { identity: { column: 'Member No.', namespace: 'ClubId' } });
    expect(proposal.identity).toEqual({ column: 'Member No.', path: '_acme.memberNo', namespace: 'ClubId', chosenBy: 'caller' });
    expect(proposal.customFieldGroup?.fields).toContainEqual({ name: 'memberNo', column: 'Member No.', kind: 'string', why: expect.any(String) });
    expect(identityPointer(proposal)).toBe('/_acme/memberNo');
    expect(() => propose([profile('score', ['1'])])).toThrow(/--identity COLUMN:NAMESPACE/);
    expect(() => propose([id], { identity: { column: 'nope', namespace: 'Email' } })).toThrow(/"nope" is not a flat column/);
  });

  it('names custom fields as XDM field names, never twice', () => {
    expect(fieldName('last_purchase_at')).toBe('lastPurchaseAt');
    expect(fieldName('Customer ID')).toBe('customerId');
    expect(fieldName('orderTotal')).toBe('orderTotal');
    expect(fieldName('2nd phone')).toBe('c2ndPhone');
    expect(fieldName('***')).toBe('column');
    const proposal = propose([profile('email', ['a@b.example']), profile('a-b', ['x']), profile('a_b', ['y'])]);
    expect(proposal.customFieldGroup?.fields.map((f) => f.name)).toEqual(['aB', 'aB2']);
  });
});

describe('request bodies', () => {
  it('conform to the createFieldGroup and createSchema payloads of Adobe’s Schema Registry spec', async () => {
    const spec = (await SwaggerParser.dereference(path.join(repo, 'test/fixtures/aep-openapi/schema-registry.yaml'))) as unknown as {
      parameters: Record<string, { schema: object }>;
    };
    const ajv = new Ajv({ strict: false, allErrors: true });
    const fieldGroup = ajv.compile(spec.parameters.fieldGroupPayload?.schema ?? {});
    const schema = ajv.compile(spec.parameters.createSchemaPayload?.schema ?? {});
    const proposal = propose([profile('email', ['a@b.example']), profile('visits', ['3']), profile('since', ['2024-01-01'])]);
    const group = fieldGroupRequest(proposal);
    expect(fieldGroup(group), JSON.stringify(fieldGroup.errors)).toBe(true);
    expect(group).toMatchObject({
      'meta:intendedToExtend': ['https://ns.adobe.com/xdm/context/profile'],
      definitions: {
        columns: {
          properties: {
            _acme: { properties: { visits: { type: 'integer', minimum: -2147483648, maximum: 2147483648 }, since: { type: 'string', format: 'date' } } },
          },
        },
      },
    });
    const body = schemaRequest(proposal, 'https://ns.adobe.com/acme/mixins/abc');
    expect(schema(body), JSON.stringify(schema.errors)).toBe(true);
    expect((body.allOf as Array<{ $ref: string }>).map((r) => r.$ref)).toEqual([
      'https://ns.adobe.com/xdm/context/profile',
      ...proposal.standardFieldGroups,
      'https://ns.adobe.com/acme/mixins/abc',
    ]);
  });
});
