/**
 * Each platform client call a documented example answers: how to make it from the example's request,
 * and what the client should have read, taken straight from the raw answer.
 *
 * Why two halves: `read` goes through the real client (its zod schemas, its normalisation);
 * `expected` reads the raw JSON by hand. They must agree on Adobe's documented answer and on the
 * Local sandbox's answer alike, so a misreading shared by the client and the sandbox cannot hide.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { TokenProvider } from '../../src-main/core/platform/ims-token';
import type { PlatformClient, PlatformTarget } from '../../src-main/core/platform/platform-client';
import { batchAction, completeLargeFile, createBatch, initializeLargeFile, putFile, uploadChunk } from '../../src-main/core/platform/batch-ingestion';
import { createDataset, enableDatasetForProfile, getBatch, getDataset, listBatches, listDatasets } from '../../src-main/core/platform/catalog';
import {
  downloadFailedFile,
  downloadFileEntry,
  getBatchMeta,
  listBatchFiles,
  listFailedFiles,
  listFileEntries,
} from '../../src-main/core/platform/data-access';
import { createNamespace, listNamespaces } from '../../src-main/core/platform/identity';
import { getEntities, getEntity, getExperienceEvents, listMergePolicies } from '../../src-main/core/platform/profile-access';
import {
  createFieldGroup,
  createIdentityDescriptor,
  createSchema,
  enableSchemaForProfile,
  getRegistryStats,
  getSchema,
  listFieldGroups,
  listSchemas,
  replaceResource,
} from '../../src-main/core/platform/schema-registry';
import {
  sendStreamingBatch,
  sendStreamingMessage,
  sendStreamingMessageChecked,
  type StreamingEnvelope,
  streamingEnvelope,
} from '../../src-main/core/platform/streaming';

/** An example's request with its placeholders filled in (documented values for replay, sandbox ids otherwise). */
export interface ConcreteRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
  /** Bytes to upload, for examples that send a file. */
  file?: Uint8Array;
}

/** The answer as it came over the wire, before the client read it. */
export interface RawAnswer {
  status: number;
  text: string;
  json: unknown;
}

export interface CallContext {
  client: PlatformClient;
  tokens: TokenProvider;
  target: PlatformTarget;
  request: ConcreteRequest;
  /** A folder for downloads. */
  scratchDir: string;
}

export interface ClientCall {
  read(ctx: CallContext): Promise<unknown>;
  expected(raw: RawAnswer, request: ConcreteRequest): unknown;
}

// ---- small readers of raw JSON (deliberately independent of the client's schemas)

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
/** Catalog and Profile answer `{ "<id>": object }`; the one asked for, or the first. */
const keyedValue = (json: unknown, id: string): Json => obj(obj(json)[id] ?? Object.values(obj(json))[0]);

// ---- what a request says (segments after a marker, JSON bodies)

function segmentAfter(request: ConcreteRequest, marker: string): string {
  const parts = request.path.split('/');
  const at = parts.indexOf(marker);
  const value = at >= 0 ? parts[at + 1] : undefined;
  if (value === undefined) throw new Error(`${request.path} has no segment after /${marker}/`);
  return decodeURIComponent(value);
}
const lastSegment = (request: ConcreteRequest) => decodeURIComponent(request.path.slice(request.path.lastIndexOf('/') + 1));
const fileNameOf = (request: ConcreteRequest) => decodeURIComponent(request.path.slice(request.path.indexOf('/files/') + '/files/'.length));
const batchFileOf = (request: ConcreteRequest) => ({
  batchId: segmentAfter(request, 'batches'),
  datasetId: segmentAfter(request, 'datasets'),
  fileName: fileNameOf(request),
});
function fileOf(request: ConcreteRequest): Uint8Array {
  if (!request.file) throw new Error(`${request.method} ${request.path} has no file to send`);
  return request.file;
}

/** A 2xx answer with nothing to read: the client's promise resolving is all there is. */
const sent = {
  expected: (raw: RawAnswer) => (raw.status >= 200 && raw.status < 300 ? 'sent' : `HTTP ${raw.status}`),
};
const sentBy = (call: (ctx: CallContext) => Promise<unknown>): ClientCall => ({ read: async (ctx) => (await call(ctx), 'sent'), ...sent });

/** What the client reads of a created or replaced registry resource. */
function registryItemReading(item: Json): unknown {
  return { id: item.$id, altId: item['meta:altId'], title: item.title, version: str(item.version) };
}

function profileReading(entity: Json): unknown {
  const identities = arr(obj(entity.entity).identities).map((i) => `${str(obj(obj(i).namespace).code)?.toLowerCase()}:${str(obj(i).id)}`);
  return { entityId: str(entity.entityId), identities: identities.sort() };
}
const isEmptyEntity = (e: Json) => Object.keys(obj(e.entity)).length === 0 || e.lastModifiedAt === '1970-01-01T00:00:00Z';

function lookupsOf(request: ConcreteRequest): Array<{ entityId: string; namespace: string }> {
  return arr(obj(request.body).identities).map((i) => ({ entityId: String(obj(i).entityId), namespace: String(obj(obj(i).entityIdNS).code) }));
}

function violationLeaves(nodes: unknown[]): string[] {
  return nodes.flatMap((n) => {
    const children = arr(obj(n).causingExceptions);
    return children.length > 0 ? violationLeaves(children) : [str(obj(n).message) ?? 'invalid'];
  });
}

function envelopeOf(request: ConcreteRequest, target: PlatformTarget) {
  const message = obj(request.body);
  const header = obj(message.header);
  return {
    record: obj(obj(message.body).xdmEntity),
    schemaId: String(obj(header.schemaRef).id),
    datasetId: String(header.datasetId),
    orgId: str(header.imsOrgId) ?? target.orgId,
  };
}

export const clientCalls: Record<string, ClientCall> = {
  'ims.token': {
    read: ({ tokens, target }) => tokens.token(target),
    expected: (raw) => obj(raw.json).access_token,
  },
  'registry.stats': {
    read: async ({ client }) => (await getRegistryStats(client)).tenantId,
    expected: (raw) => obj(raw.json).tenantId,
  },
  'registry.listSchemas': {
    read: async ({ client }) => (await listSchemas(client)).map((s) => ({ id: s.$id, title: s.title, version: s.version })),
    expected: (raw) => arr(obj(raw.json).results).map((s) => ({ id: obj(s).$id, title: obj(s).title, version: str(obj(s).version) })),
  },
  'registry.listFieldGroups': {
    read: async ({ client }) => (await listFieldGroups(client)).map((s) => ({ id: s.$id, title: s.title, version: s.version })),
    expected: (raw) => arr(obj(raw.json).results).map((s) => ({ id: obj(s).$id, title: obj(s).title, version: str(obj(s).version) })),
  },
  'registry.createFieldGroup': {
    read: async ({ client, request }) => registryItemReading(await createFieldGroup(client, obj(request.body))),
    expected: (raw) => registryItemReading(obj(raw.json)),
  },
  'registry.createSchema': {
    read: async ({ client, request }) => registryItemReading(await createSchema(client, obj(request.body))),
    expected: (raw) => registryItemReading(obj(raw.json)),
  },
  'registry.replaceResource': {
    read: async ({ client, request }) => {
      const kind = segmentAfter(request, 'tenant');
      if (kind !== 'schemas' && kind !== 'fieldgroups') throw new Error(`${request.path} replaces neither a schema nor a field group`);
      return registryItemReading(await replaceResource(client, kind, lastSegment(request), obj(request.body)));
    },
    expected: (raw) => registryItemReading(obj(raw.json)),
  },
  'registry.getSchema': {
    read: async ({ client, request }) => {
      const schema = await getSchema(client, lastSegment(request), { format: 'xed' });
      return { id: schema.$id, title: schema.title, classId: schema['meta:class'] };
    },
    expected: (raw) => ({ id: obj(raw.json).$id, title: obj(raw.json).title, classId: obj(raw.json)['meta:class'] }),
  },
  'registry.enableProfile': {
    read: async ({ client, request }) => {
      const schema = await enableSchemaForProfile(client, lastSegment(request));
      return { id: schema.$id, tags: schema['meta:immutableTags'] };
    },
    expected: (raw) => ({ id: obj(raw.json).$id, tags: obj(raw.json)['meta:immutableTags'] }),
  },
  'registry.createDescriptor': {
    read: async ({ client, request }) => {
      const body = obj(request.body);
      const d = await createIdentityDescriptor(client, {
        schemaId: String(body['xdm:sourceSchema']),
        path: String(body['xdm:sourceProperty']),
        namespace: String(body['xdm:namespace']),
        primary: body['xdm:isPrimary'] === true,
      });
      return { id: d['@id'], schemaId: d['xdm:sourceSchema'], path: d['xdm:sourceProperty'], namespace: d['xdm:namespace'], primary: d['xdm:isPrimary'] };
    },
    expected: (raw) => {
      const d = obj(raw.json);
      return {
        id: d['@id'],
        schemaId: d['xdm:sourceSchema'],
        path: d['xdm:sourceProperty'],
        namespace: str(d['xdm:namespace']),
        primary: d['xdm:isPrimary'] === true || d['xdm:isPrimary'] === 'true',
      };
    },
  },
  'catalog.listDatasets': {
    read: async ({ client }) => (await listDatasets(client)).map((d) => ({ id: d.id, name: d.name })),
    expected: (raw) => Object.entries(obj(raw.json)).map(([id, d]) => ({ id, name: str(obj(d).name) ?? id })),
  },
  'catalog.getDataset': {
    read: async ({ client, request }) => {
      const d = await getDataset(client, lastSegment(request));
      return { name: d.name, schemaId: d.schemaRef?.id, tagNames: Object.keys(d.tags ?? {}).sort() };
    },
    expected: (raw, request) => {
      const d = keyedValue(raw.json, lastSegment(request));
      return { name: str(d.name), schemaId: str(obj(d.schemaRef).id), tagNames: Object.keys(obj(d.tags)).sort() };
    },
  },
  'catalog.createDataset': {
    read: ({ client, request }) => {
      const body = obj(request.body);
      return createDataset(client, { name: String(body.name), schemaId: String(obj(body.schemaRef).id), profile: 'tags' in body });
    },
    expected: (raw) => {
      const ref = String(arr(raw.json)[0]);
      return ref.slice(ref.lastIndexOf('/') + 1);
    },
  },
  'catalog.enableDataset': sentBy(({ client, request }) => enableDatasetForProfile(client, lastSegment(request))),
  'catalog.getBatch': {
    read: async ({ client, request }) => {
      const b = await getBatch(client, lastSegment(request));
      return {
        status: b.status,
        metrics: b.metrics ?? {},
        errorCodes: (b.errors ?? []).map((e) => e.code),
        datasets: (b.relatedObjects ?? []).filter((o) => o.type === 'dataSet').map((o) => o.id),
      };
    },
    expected: (raw, request) => {
      const b = keyedValue(raw.json, lastSegment(request));
      return {
        status: str(b.status)?.toLowerCase(),
        metrics: obj(b.metrics),
        errorCodes: arr(b.errors).map((e) => str(obj(e).code)),
        datasets: arr(b.relatedObjects)
          .filter((o) => obj(o).type === 'dataSet')
          .map((o) => obj(o).id),
      };
    },
  },
  'catalog.listBatches': {
    read: async ({ client }) => (await listBatches(client)).map((b) => ({ id: b.id, status: b.status })),
    expected: (raw) => Object.entries(obj(raw.json)).map(([id, b]) => ({ id, status: str(obj(b).status)?.toLowerCase() })),
  },
  'ingest.createBatch': {
    read: async ({ client, request }) => {
      const body = obj(request.body);
      const format = obj(body.inputFormat).format === 'parquet' ? 'parquet' : 'json';
      const replaces = arr(obj(body.replay).predecessors).map((p) => String(p).replace(/^\$/, ''));
      const b = await createBatch(client, { datasetId: String(body.datasetId), format, replaces });
      return { id: b.id, status: b.status };
    },
    expected: (raw) => ({ id: obj(raw.json).id, status: str(obj(raw.json).status)?.toLowerCase() }),
  },
  'ingest.putFile': sentBy(({ client, request }) => putFile(client, batchFileOf(request), { data: fileOf(request) })),
  'ingest.initializeLargeFile': sentBy(({ client, request }) => initializeLargeFile(client, batchFileOf(request))),
  'ingest.uploadChunk': sentBy(({ client, request }) => {
    const data = fileOf(request);
    return uploadChunk(client, batchFileOf(request), { data }, { start: 0, end: data.byteLength });
  }),
  'ingest.completeLargeFile': sentBy(({ client, request }) => completeLargeFile(client, batchFileOf(request))),
  'ingest.completeBatch': sentBy(({ client, request }) => batchAction(client, lastSegment(request), 'COMPLETE')),
  'ingest.abortBatch': sentBy(({ client, request }) => batchAction(client, lastSegment(request), 'ABORT')),
  'ingest.revertBatch': sentBy(({ client, request }) => batchAction(client, lastSegment(request), 'REVERT')),
  'dataAccess.listBatchFiles': {
    read: async ({ client, request }) => (await listBatchFiles(client, segmentAfter(request, 'batches'))).map((f) => f.dataSetFileId),
    expected: (raw) => arr(obj(raw.json).data).map((f) => obj(f).dataSetFileId),
  },
  'dataAccess.listFileEntries': {
    read: async ({ client, request }) => (await listFileEntries(client, lastSegment(request))).map((f) => f.name),
    expected: (raw) => arr(obj(raw.json).data).map((f) => obj(f).name),
  },
  'dataAccess.downloadFileEntry': {
    read: ({ client, request }) => downloadFileEntry(client, lastSegment(request), String(request.query.path)),
    expected: (raw) => raw.text,
  },
  'dataAccess.listFailedFiles': {
    read: async ({ client, request }) => (await listFailedFiles(client, segmentAfter(request, 'batches'))).map((f) => f.name),
    expected: (raw) =>
      arr(obj(raw.json).data)
        .map((f) => obj(f).name)
        .filter((name) => name !== '_SUCCESS'),
  },
  'dataAccess.downloadFailedFile': {
    read: async ({ client, request, scratchDir }) => {
      const file = path.join(scratchDir, 'failed-records.json');
      await downloadFailedFile(client, segmentAfter(request, 'batches'), String(request.query.path), file);
      return readFile(file, 'utf8');
    },
    expected: (raw) => raw.text,
  },
  'dataAccess.getBatchMeta': {
    read: ({ client, request }) => getBatchMeta(client, segmentAfter(request, 'batches'), String(request.query.path)),
    expected: (raw) => raw.text,
  },
  'identity.listNamespaces': {
    read: async ({ client }) => (await listNamespaces(client)).map((n) => ({ id: n.id, code: n.code, custom: n.custom })),
    expected: (raw) => arr(raw.json).map((n) => ({ id: Number(obj(n).id), code: obj(n).code, custom: obj(n).custom === true })),
  },
  'identity.createNamespace': {
    read: async ({ client, request }) => {
      const body = obj(request.body);
      const n = await createNamespace(client, {
        code: String(body.code),
        name: String(body.name),
        idType: String(body.idType),
        description: str(body.description) ?? '',
      });
      return { id: n.id, code: n.code };
    },
    expected: (raw) => ({ id: Number(obj(raw.json).id), code: obj(raw.json).code }),
  },
  'profile.getEntity': {
    read: async ({ client, request }) => {
      const entity = await getEntity(client, { entityId: String(request.query.entityId), namespace: String(request.query.entityIdNS) });
      return entity === undefined ? undefined : profileReading(obj(entity));
    },
    expected: (raw) => {
      if (raw.status === 404) return undefined;
      const first = Object.values(obj(raw.json))[0];
      return first === undefined || isEmptyEntity(obj(first)) ? undefined : profileReading(obj(first));
    },
  },
  'profile.getEntities': {
    read: async ({ client, request }) => (await getEntities(client, lookupsOf(request))).map((e) => e !== undefined),
    expected: (raw, request) => {
      const found = Object.values(obj(raw.json))
        .map(obj)
        .filter((e) => !isEmptyEntity(e));
      return lookupsOf(request).map((l) =>
        found.some((e) =>
          arr(obj(e.entity).identities).some((i) => obj(i).id === l.entityId && str(obj(obj(i).namespace).code)?.toLowerCase() === l.namespace.toLowerCase()),
        ),
      );
    },
  },
  'profile.getExperienceEvents': {
    read: async ({ client, request }) =>
      (await getExperienceEvents(client, { entityId: String(request.query.relatedEntityId), namespace: String(request.query.relatedEntityIdNS) })).map(
        (e) => e.entityId,
      ),
    expected: (raw) => (raw.status === 404 ? [] : arr(obj(raw.json).children).map((e) => obj(e).entityId)),
  },
  'profile.listMergePolicies': {
    read: async ({ client }) => (await listMergePolicies(client)).map((p) => ({ id: p.id, default: p.default })),
    expected: (raw) => arr(obj(raw.json).children).map((p) => ({ id: obj(p).id, default: typeof obj(p).default === 'boolean' ? obj(p).default : undefined })),
  },
  'streaming.sendMessage': {
    read: async ({ client, request, target }) => {
      const e = envelopeOf(request, target);
      const answer = await sendStreamingMessage(client, streamingEnvelope(e.record, e), { inletId: lastSegment(request) });
      return answer.xactionId;
    },
    expected: (raw) => obj(raw.json).xactionId,
  },
  'streaming.sendMessageChecked': {
    read: async ({ client, request, target }) => {
      const e = envelopeOf(request, target);
      const outcome = await sendStreamingMessageChecked(client, streamingEnvelope(e.record, e), { inletId: lastSegment(request), syncValidation: true });
      return outcome.ok ? { ok: true } : { ok: false, statusCode: outcome.statusCode, violations: outcome.violations.map((v) => v.message) };
    },
    expected: (raw) =>
      raw.status >= 200 && raw.status < 300
        ? { ok: true }
        : { ok: false, statusCode: raw.status, violations: violationLeaves(arr(obj(obj(obj(raw.json).report).cause)._streamingValidation)) },
  },
  'streaming.sendBatch': {
    read: async ({ client, request }) => {
      // The documented messages go as they are, malformed ones included: that is what the example is about.
      const messages = arr(obj(request.body).messages) as StreamingEnvelope[];
      return (await sendStreamingBatch(client, messages, { inletId: lastSegment(request) })).map((r) => ({ ok: r.ok, xactionId: r.xactionId }));
    },
    expected: (raw) =>
      arr(obj(raw.json).responses).map((r) => {
        const code = obj(r).statusCode;
        return { ok: typeof code !== 'number' || (code >= 200 && code < 300), xactionId: str(obj(r).xactionId) };
      }),
  },
};
