/**
 * A Local sandbox holding what Adobe's examples talk about, and the value each placeholder takes there.
 *
 * Why a world rather than ids in the fixtures: the examples are Adobe's, with Adobe's ids; to send
 * them to the sandbox, `{BATCH_ID}` must name a batch in the right state (loading for an upload,
 * processed with failed records for Data Access), Jane Doe must be in Profile for the lookups, and
 * so on. Roles create that state; each example's `placeholders` say which role a value takes.
 */
import { afterAll, beforeAll } from 'vitest';
import { Harness } from '../sandbox/harness';
import { CAT, completeBatch, EXP, fileUrl, jsonl, newBatch, type Obj, putFile, seededDataset } from '../sandbox/batch-client';
import type { DocumentedExample } from './examples';
import { SAMPLE_UPLOAD } from './concrete-request';

const SR = '/data/foundation/schemaregistry';
const PROFILE_CLASS = 'https://ns.adobe.com/xdm/context/profile';

/** The role a `{TOKEN}` takes unless an example says otherwise. */
const DEFAULT_ROLES: Record<string, string> = {
  '{IMS_ORG}': 'orgId',
  '{ORG_ID}': 'orgId',
  '{TENANT_ID}': 'tenantId',
  '{API_KEY}': 'clientId',
  '{CLIENT_ID}': 'clientId',
  '{CLIENT_SECRET}': 'clientSecret',
  '{SCOPE}': 'scope',
  '{DATASET_ID}': 'profileDatasetId',
  '{SCHEMA_ID}': 'profileSchemaHex',
  '{SCHEMA_REF_ID}': 'newSchemaId',
  '{SCHEMA_VERSION}': 'schemaVersion',
  '{BATCH_ID}': 'partialBatchId',
  '{FILE_NAME}': 'uploadName',
  '{FILE_ID}': 'batchFileId',
  '{FAILED_FILE}': 'failedFileName',
  '{CONNECTION_ID}': 'inletId',
  '{CONTENT_RANGE}': 'contentRange',
};

/** Jane Doe, as the Profile examples look her up (Email primary, two ECIDs, her work email), plus a row with a bad date. */
const JANE = {
  personalEmail: { address: 'janedoe@example.com' },
  person: { name: { firstName: 'Jane', middleName: 'F', lastName: 'Doe' }, birthDate: '1969-03-14', gender: 'female' },
  workEmail: { primary: true, address: 'janedoe@example.com', label: 'Jane Doe', type: 'work', status: 'active' },
  identityMap: { ECID: [{ id: '89149270342662559642753730269986316601' }, { id: '89149270342662559642753730269986316602' }] },
};
const JANE_SMITH = { personalEmail: { address: 'janesmith@example.com' }, person: { name: { firstName: 'Jane', lastName: 'Smith' } } };
const BAD_DATE = { personalEmail: { address: 'bad.date@example.com' }, person: { birthDate: '2018-00-10' } };
/**
 * The experience event of the Profile time-series example (ECID ...900, 2018-07-10T22:07:56Z). Its
 * end-user id is under `mcid`, the Experience Cloud ID's key in the End User ID Details field group
 * (the guide's `ecid` is no key of it: README, "Where we follow ...", item 16).
 */
const ECID_900 = '89149270342662559642753730269986316900';
const PAGE_VIEW = {
  _id: 'c8d11988-6b56-4571-a123-b6ce74236036',
  timestamp: '2018-07-10T22:07:56Z',
  identityMap: { ECID: [{ id: ECID_900, primary: true }] },
  endUserIDs: { _experience: { mcid: { id: ECID_900, namespace: { code: 'ECID' } } } },
  channel: { _id: 'https://ns.adobe.com/xdm/channels/web', _type: 'https://ns.adobe.com/xdm/channel-types/web' },
  web: { webPageDetails: { name: 'Fernie Snow', pageViews: { value: 1 } } },
};

export class SandboxWorld {
  private readonly shared = new Map<string, Promise<string>>();
  private readonly roles: Record<string, { fresh?: boolean; make: () => Promise<string> }>;

  private constructor(readonly harness: Harness) {
    const h = harness;
    const c = h.sandbox.credentials;
    const tenantKey = h.sandbox.tenantId;
    const schemaOf = async (datasetRole: string) => {
      const r = await h.call('GET', `${CAT}/dataSets/${await this.value(datasetRole)}`, { noContract: true });
      return String((Object.values(r.json as Record<string, Obj>)[0]?.schemaRef as Obj | undefined)?.id);
    };
    const hex = (id: string) => id.slice(id.lastIndexOf('/') + 1);
    const processedBatch = async (datasetRole: string, records: unknown[], body: Obj = {}) => {
      const batch = await newBatch(h, await this.value(datasetRole), body);
      await putFile(h, batch, 'records.json', jsonl(records));
      await completeBatch(h, batch);
      return batch.id;
    };
    const loadingBatch = async () => (await newBatch(h, await this.value('profileDatasetId'))).id;
    const largeFile = async (chunked: boolean) => {
      const batch = await newBatch(h, await this.value('profileDatasetId'));
      const name = `${await this.value('uploadName')}.parquet`;
      await h.call('POST', `${fileUrl(batch, name)}?action=INITIALIZE`, { noContract: true });
      if (chunked)
        await h.call('PATCH', fileUrl(batch, name), {
          raw: SAMPLE_UPLOAD,
          headers: { 'content-range': `bytes 0-${SAMPLE_UPLOAD.byteLength - 1}` },
          noContract: true,
        });
      return batch.id;
    };
    const newSchema = async (title: string) => {
      const r = await h.call('POST', `${SR}/tenant/schemas`, {
        body: { title, type: 'object', allOf: [{ $ref: PROFILE_CLASS }, { $ref: 'https://ns.adobe.com/xdm/context/profile-personal-details' }] },
        noContract: true,
      });
      return String((r.json as Obj).$id);
    };
    /** Creates a tenant registry resource and answers one of its fields ($id or meta:altId). */
    const created = async (kind: 'classes' | 'datatypes' | 'fieldgroups' | 'schemas', body: Obj, field: '$id' | 'meta:altId' = '$id') => {
      const r = await h.call('POST', `${SR}/tenant/${kind}`, { body, noContract: true });
      if (r.status !== 201) throw new Error(`creating ${kind} ${String(body.title)} answered ${r.status}: ${r.text}`);
      return String((r.json as Obj)[field]);
    };
    /**
     * The tenant resource titled `title` (the one a create example made, when it ran first: examples run
     * sorted by name, create-* before update-*), or a new one made with `body`. Titles are unique, so
     * the update example cannot make its own copy beside the create example's.
     */
    const titled = async (kind: 'fieldgroups' | 'schemas', title: string, body: () => Promise<Obj>) => {
      const r = await h.call('GET', `${SR}/tenant/${kind}`, { headers: { accept: 'application/vnd.adobe.xed-id+json' }, noContract: true });
      const found = ((r.json as Obj).results as Obj[] | undefined)?.find((e) => e.title === title);
      return found ? String(found['meta:altId']) : created(kind, await body(), 'meta:altId');
    };
    const tenantClass = (title: string) =>
      created('classes', {
        title,
        type: 'object',
        description: 'A tenant class for the Schema Registry examples.',
        allOf: [{ $ref: 'https://ns.adobe.com/xdm/data/record' }],
      });
    const firstOf = async (url: string, pick: (entry: Obj) => boolean, field: string) => {
      const r = await h.call('GET', url, { noContract: true });
      const entry = ((r.json as Obj).data as Obj[] | undefined)?.find(pick);
      if (!entry) throw new Error(`${url} listed nothing to use: ${r.text}`);
      return String(entry[field]);
    };
    this.roles = {
      orgId: { make: async () => c.orgId },
      tenantId: { make: async () => h.sandbox.tenantId },
      clientId: { make: async () => c.clientId },
      clientSecret: { make: async () => c.clientSecret },
      scope: { make: async () => 'openid,AdobeID,read_organizations' },
      schemaVersion: { make: async () => '1' },
      inletId: { make: async () => 'documented-examples-inlet' },
      uploadName: { make: async () => 'example' },
      contentRange: { make: async () => `0-${SAMPLE_UPLOAD.byteLength - 1}` },
      emailFieldPath: { make: async () => '/personalEmail/address' },
      identityTagFilter: { make: async () => 'unifiedIdentity:*' },
      versionedXedAccept: { make: async () => 'application/vnd.adobe.xed+json; version=1' },
      tenantClassId: { make: () => tenantClass('Documented examples: property class') },
      otherTenantClassId: { make: () => tenantClass('Documented examples: commercial property class') },
      tenantDataTypeId: {
        make: () =>
          created('datatypes', {
            title: 'Documented examples: construction',
            type: 'object',
            description: 'A tenant data type for the field group examples.',
            definitions: { construction: { properties: { material: { type: 'string', title: 'Material' } } } },
            allOf: [{ $ref: '#/definitions/construction' }],
          }),
      },
      tenantFieldGroupId: {
        make: () =>
          created('fieldgroups', {
            title: 'Documented examples: loyalty',
            type: 'object',
            'meta:intendedToExtend': [PROFILE_CLASS],
            definitions: { loyalty: { properties: { [`_${tenantKey}`]: { type: 'object', properties: { tier: { type: 'string', title: 'Tier' } } } } } },
            allOf: [{ $ref: '#/definitions/loyalty' }],
          }),
      },
      propertyFieldGroupAltId: {
        make: () =>
          titled('fieldgroups', 'Property Details', async () => ({
            title: 'Property Details',
            type: 'object',
            'meta:intendedToExtend': [await this.value('tenantClassId')],
            definitions: {
              property: { properties: { [`_${tenantKey}`]: { type: 'object', properties: { propertyName: { type: 'string', title: 'Property Name' } } } } },
            },
            allOf: [{ $ref: '#/definitions/property' }],
          })),
      },
      propertySchemaAltId: {
        make: () =>
          titled('schemas', 'Property Information', async () => ({
            title: 'Property Information',
            type: 'object',
            allOf: [{ $ref: await this.value('tenantClassId') }],
          })),
      },
      profileDatasetId: { make: () => seededDataset(h, 'XDM Loader Customers') },
      eventDatasetId: { make: () => seededDataset(h, 'XDM Loader Events') },
      profileSchemaId: { make: () => schemaOf('profileDatasetId') },
      profileSchemaHex: { make: async () => hex(await this.value('profileSchemaId')) },
      profileSchemaAltId: {
        make: async () => {
          const r = await h.call('GET', `${SR}/tenant/schemas/${encodeURIComponent(await this.value('profileSchemaId'))}`, {
            headers: { accept: 'application/vnd.adobe.xed+json; version=1' },
            noContract: true,
          });
          return String((r.json as Obj)['meta:altId']);
        },
      },
      eventSchemaHex: { make: async () => hex(await schemaOf('eventDatasetId')) },
      newSchemaId: { make: () => newSchema('Documented examples: primary identity') },
      newSchemaHex: { make: async () => hex(await newSchema('Documented examples: identity')) },
      scratchDatasetId: {
        make: async () => {
          const r = await h.call('POST', `${CAT}/dataSets`, {
            body: {
              name: 'Documented examples scratch',
              schemaRef: { id: await this.value('profileSchemaId'), contentType: 'application/vnd.adobe.xed+json;version=1' },
            },
            noContract: true,
          });
          return String((r.json as string[])[0]).replace(/^.*\//, '');
        },
      },
      partialBatchId: {
        make: async () => {
          const id = await processedBatch('profileDatasetId', [JANE, BAD_DATE, JANE_SMITH], { enableErrorDiagnostics: true, partialIngestionPercent: 50 });
          // Jane's page view, so the time-series lookup has an event to find.
          await processedBatch('eventDatasetId', [PAGE_VIEW]);
          return id;
        },
      },
      cleanBatchId: { make: () => processedBatch('profileDatasetId', [JANE_SMITH]) },
      replayedBatchRef: { make: async () => `$${await this.value('cleanBatchId')}` },
      batchFileId: { make: async () => firstOf(`${EXP}/batches/${await this.value('partialBatchId')}/files`, () => true, 'dataSetFileId') },
      fileEntryName: { make: async () => firstOf(`${EXP}/files/${await this.value('batchFileId')}`, () => true, 'name') },
      failedFileName: { make: async () => firstOf(`${EXP}/batches/${await this.value('partialBatchId')}/failed`, (f) => f.name !== '_SUCCESS', 'name') },
      // Fresh for every example that asks: each of these is used up by the call it is for.
      loadingBatchId: { fresh: true, make: loadingBatch },
      initializedBatchId: { fresh: true, make: () => largeFile(false) },
      chunkedBatchId: { fresh: true, make: () => largeFile(true) },
      uploadedBatchId: {
        fresh: true,
        make: async () => {
          const batch = await newBatch(h, await this.value('profileDatasetId'));
          await putFile(h, batch, 'records.json', jsonl([JANE_SMITH]));
          return batch.id;
        },
      },
      successfulBatchId: { fresh: true, make: () => processedBatch('profileDatasetId', [JANE_SMITH]) },
    };
  }

  static async start(): Promise<SandboxWorld> {
    const world = new SandboxWorld(await Harness.start());
    // Profile and Data Access examples read what this batch leaves behind; make it before any of them runs.
    await world.value('partialBatchId');
    // The field group list example reads the tenant's field groups: have one there whatever runs first.
    await world.value('tenantFieldGroupId');
    return world;
  }

  /** The value of a role (created on first use; fresh roles create anew on every call). */
  value(role: string): Promise<string> {
    const spec = this.roles[role];
    if (!spec) throw new Error(`No sandbox role ${role}`);
    if (spec.fresh) return spec.make();
    let value = this.shared.get(role);
    if (!value) {
      value = spec.make();
      this.shared.set(role, value);
    }
    return value;
  }

  /** What a placeholder of an example is in this sandbox (see concreteRequest). */
  readonly fill = async (placeholder: string, example: DocumentedExample): Promise<string | undefined> => {
    const role = example.placeholders?.[placeholder] ?? DEFAULT_ROLES[placeholder];
    if (role === undefined) throw new Error(`${example.name}: no sandbox value for ${placeholder}`);
    return this.value(role);
  };

  close(): Promise<void> {
    return this.harness.close();
  }
}

/** Starts a world before the tests of the calling `describe` and closes it after them; the getter gives it. */
export function useSandboxWorld(): () => SandboxWorld {
  let world: SandboxWorld | undefined;
  beforeAll(async () => {
    world = await SandboxWorld.start();
  }, 120_000);
  afterAll(async () => {
    await world?.close();
  });
  return () => {
    if (!world) throw new Error('the sandbox world is not started yet');
    return world;
  };
}
