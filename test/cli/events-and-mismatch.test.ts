import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliAgainst } from '../core/jobs/preflight/cli-runner';
import { openSandbox, type SandboxFixture } from '../core/jobs/preflight/sandbox-fixture';

/**
 * Issue 15 on the command line, against the Local sandbox's seeded targets:
 * (b) events.csv is suggested onto the events schema (`_id`, `timestamp`, products by element,
 * the Email identity), prepared, uploaded, and its events are on the profile's timeline;
 * (c) records mapped to another schema are stopped by `upload` before anything is sent, and
 * `preflight` names the fields the dataset's schema lacks.
 */
type Obj = Record<string, unknown>;
let f: SandboxFixture;
const cli = (args: string[]) => runCliAgainst(f.sandbox, f.dir, args);
const eventsCsv = path.join(import.meta.dirname, '../../assets/samples/events.csv');

beforeAll(async () => {
  f = await openSandbox();
});
afterAll(async () => {
  await f.close();
});

describe('issue 15 on the command line', () => {
  it('(b) suggest → prepare → upload puts events.csv, with its products, on the profile timeline', async () => {
    const schemaFile = path.join(f.dir, 'events-schema.json');
    expect((await cli(['schema', 'get', f.events.schemaId, '--out', schemaFile])).code).toBe(0);
    const mappingFile = path.join(f.dir, 'events-map.json');
    const suggested = await cli(['suggest', eventsCsv, '--schema', schemaFile, '--out', mappingFile, '--json']);
    expect(suggested.stderr).toBe('');
    const { mapping } = JSON.parse(suggested.stdout) as { mapping: { rules: Array<{ source: { column: string }; destination: string }>; identities: Obj[] } };
    expect(Object.fromEntries(mapping.rules.map((r) => [r.source.column, r.destination]))).toEqual({
      event_id: '_id',
      timestamp: 'timestamp',
      event_type: 'eventType',
      product_sku: 'productListItems[0].SKU',
      price: 'productListItems[0].priceTotal',
    });
    expect(mapping.identities).toEqual([{ column: 'email', namespace: 'Email', primary: true, authenticatedState: 'ambiguous' }]);

    const out = path.join(f.dir, 'events-prepared');
    const prepared = await cli(['prepare', eventsCsv, '--schema', schemaFile, '--mapping', mappingFile, '--out', out, '--json']);
    expect(JSON.parse(prepared.stdout)).toMatchObject({ status: 'completed', rowsRead: 200, rowsWritten: 200, rowsRejected: 0 });
    const upload = await cli(['upload', out, '--dataset', f.events.id, '--poll-interval', '50', '--no-confirm', '--json']);
    expect(upload.stderr).toBe('');
    expect(JSON.parse(upload.stdout)).toMatchObject({ status: 'success', recordsWritten: 200, recordsFailed: 0 });

    const [, first] = (await readFile(eventsCsv, 'utf8')).split('\n');
    const [eventId, email, timestamp, eventType, sku] = (first ?? '').split(',');
    const timeline = JSON.parse((await cli(['profile', '--ns', 'Email', '--id', email ?? '', '--json'])).stdout) as { events: Obj[] };
    expect(timeline.events).toContainEqual(
      expect.objectContaining({
        id: eventId,
        eventType,
        entity: expect.objectContaining({ timestamp, productListItems: [expect.objectContaining({ SKU: sku })] }),
      }),
    );
  }, 120_000);

  it('numbered product columns are suggested into their elements, and two columns typed into one element at any index reach prepare’s output together', async () => {
    const schemaFile = path.join(f.dir, 'events-schema-basket.json');
    expect((await cli(['schema', 'get', f.events.schemaId, '--out', schemaFile])).code).toBe(0);
    const csv = path.join(f.dir, 'basket.csv');
    await writeFile(
      csv,
      [
        'event_id,email,timestamp,event_type,product_1_sku,product_1_quantity,product_2_sku,product_2_quantity',
        'b-1,basket@example.com,2024-05-02T10:00:00Z,commerce.purchases,SKU-A,1,SKU-B,2',
      ].join('\n') + '\n',
    );
    const mappingFile = path.join(f.dir, 'basket-map.json');
    const suggested = JSON.parse((await cli(['suggest', csv, '--schema', schemaFile, '--out', mappingFile, '--json'])).stdout) as {
      mapping: { rules: Array<{ source: { column: string }; destination: string }> };
    };
    const destinations = Object.fromEntries(suggested.mapping.rules.map((r) => [r.source.column, r.destination]));
    expect(destinations).toMatchObject({
      product_1_sku: 'productListItems[0].SKU',
      product_1_quantity: 'productListItems[0].quantity',
      product_2_sku: 'productListItems[1].SKU',
      product_2_quantity: 'productListItems[1].quantity',
    });
    // The steward moves the second product to element [2], as typed on the Map step.
    const edited = JSON.parse(await readFile(mappingFile, 'utf8')) as { rules: Array<{ destination: string }> };
    for (const rule of edited.rules) rule.destination = rule.destination.replace('productListItems[1]', 'productListItems[2]');
    await writeFile(mappingFile, JSON.stringify(edited));
    const out = path.join(f.dir, 'basket-prepared');
    const prepared = await cli(['prepare', csv, '--schema', schemaFile, '--mapping', mappingFile, '--out', out, '--json']);
    expect(JSON.parse(prepared.stdout)).toMatchObject({ status: 'completed', rowsWritten: 1, rowsRejected: 0 });
    const parts = (await readdir(out, { recursive: true })).filter((name) => /\.jsonl?$/.test(name) && !/summary|rejects/.test(name));
    const records = (await Promise.all(parts.map((p) => readFile(path.join(out, p), 'utf8')))).flatMap((t) =>
      t
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Obj),
    );
    // No hole is written for the elements between: AEP refuses a null element.
    expect(records.find((r) => r._id === 'b-1')?.productListItems).toEqual([
      { SKU: 'SKU-A', quantity: 1 },
      { SKU: 'SKU-B', quantity: 2 },
    ]);
  }, 60_000);

  it('(c) a mapping to another schema is stopped before upload, the missing fields named', async () => {
    // events.csv mapped onto the events schema, sent to the customers dataset.
    const schemaFile = path.join(f.dir, 'events-schema-c.json');
    await cli(['schema', 'get', f.events.schemaId, '--out', schemaFile]);
    const mappingFile = path.join(f.dir, 'events-map-c.json');
    await cli(['suggest', eventsCsv, '--schema', schemaFile, '--out', mappingFile]);
    const out = path.join(f.dir, 'events-prepared-c');
    await cli(['prepare', eventsCsv, '--schema', schemaFile, '--mapping', mappingFile, '--out', out]);

    const upload = await cli(['upload', out, '--dataset', f.customers.id, '--poll-interval', '50', '--json']);
    expect(upload.code).toBe(1);
    expect(upload.stderr).toMatch(
      /Preflight stopped the upload: \[SCHEMA_FIELDS_MISSING\] .*lacks fields the records carry: timestamp, eventType, productListItems\. .*Nothing was sent/,
    );
    const batches = JSON.parse((await cli(['uploads', '--json'])).stdout) as Array<{ datasetId: string }>;
    expect(batches.filter((b) => b.datasetId === f.customers.id)).toEqual([]);

    const preflight = await cli(['preflight', out, '--dataset', f.customers.id, '--mapping', mappingFile, '--json']);
    expect(preflight.code).toBe(1);
    const report = JSON.parse(preflight.stdout) as { checks: Array<{ code?: string; message: string }> };
    expect(report.checks.filter((c) => c.code).map((c) => c.code)).toEqual(['SCHEMA_MISMATCH', 'SCHEMA_FIELDS_MISSING']);
  }, 120_000);
});
