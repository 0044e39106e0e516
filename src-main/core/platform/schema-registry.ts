import { z } from 'zod';
import type { IdentityDescriptorSummary, SchemaSummary } from '../../../src-shared/platform/targets';
import { aepServices } from './aep-services';
import type { PlatformClient } from './platform-client';

/**
 * Schema Registry calls (aep-notes §5).
 * Why the Accept juggling lives here: lists must not carry a version (XDM-1006), lookups must
 * (XDM-1007), descriptors use `xdm` instead of `xed`; callers choose a format by name only.
 */
const base = aepServices.schemaRegistry.basePath;

export const schemaFormats = ['xed', 'xed-full', 'xed-notext', 'xed-full-notext', 'xed-full-desc'] as const;
export type SchemaFormat = (typeof schemaFormats)[number];

const RegistryStats = z
  .object({
    imsOrg: z.string().optional(),
    tenantId: z.string(),
    counts: z.record(z.string(), z.number()).optional(),
  })
  .loose();
export type RegistryStats = z.infer<typeof RegistryStats>;

const SchemaListItem = z
  .object({
    $id: z.string(),
    'meta:altId': z.string().optional(),
    // Versions come as strings ("1.2"); tolerate numbers.
    version: z.union([z.string(), z.number()]).transform(String).optional(),
    title: z.string().optional(),
    description: z.string().optional(),
    'meta:class': z.string().optional(),
    'meta:immutableTags': z.array(z.string()).optional(),
    'meta:extends': z.array(z.string()).optional(),
  })
  .loose();
export type SchemaListItem = z.infer<typeof SchemaListItem>;

const SchemaList = z.object({
  results: z.array(SchemaListItem),
  _page: z.object({ next: z.string().nullish(), count: z.number().optional() }).loose().optional(),
});

const IdentityDescriptor = z
  .object({
    '@id': z.string().optional(),
    '@type': z.string().optional(),
    'xdm:sourceSchema': z.string(),
    'xdm:sourceProperty': z.string(),
    'xdm:namespace': z.union([z.string(), z.number()]).transform(String),
    'xdm:isPrimary': z
      .union([z.boolean(), z.string()])
      .transform((v) => v === true || v === 'true')
      .optional(),
  })
  .loose();
export type IdentityDescriptor = z.infer<typeof IdentityDescriptor>;

const DescriptorList = z.object({ 'xdm:descriptorIdentity': z.array(IdentityDescriptor).optional() }).loose();

/** A schema document as the registry returned it; its structure belongs to the xdm capability. */
const SchemaDocument = z.record(z.string(), z.unknown());
export type SchemaDocument = z.infer<typeof SchemaDocument>;

/** `GET /stats`: the org's tenant id (`_{tenantId}` namespaces custom fields). */
export function getRegistryStats(client: PlatformClient, signal?: AbortSignal): Promise<RegistryStats> {
  return client.json(RegistryStats, { method: 'GET', path: `${base}/stats`, idempotent: true, headers: { accept: 'application/json' }, signal });
}

/** The container a schema lives in: Adobe's (`global`) or the org's (`tenant`). */
export function containerOf(schemaId: string): 'global' | 'tenant' {
  return schemaId.startsWith('https://ns.adobe.com/xdm/') || schemaId.startsWith('_xdm.') ? 'global' : 'tenant';
}

/** Lists all schemas of a container with their class and tags, following `_page.next`. */
export function listSchemas(
  client: PlatformClient,
  options: { container?: 'global' | 'tenant'; signal?: AbortSignal; maxPages?: number } = {},
): Promise<SchemaListItem[]> {
  return listResources(client, 'schemas', options);
}

/** Lists the field groups of a container (titles, ids, the classes they extend), following `_page.next`. */
export function listFieldGroups(
  client: PlatformClient,
  options: { container?: 'global' | 'tenant'; signal?: AbortSignal; maxPages?: number } = {},
): Promise<SchemaListItem[]> {
  return listResources(client, 'fieldgroups', options);
}

async function listResources(
  client: PlatformClient,
  kind: 'schemas' | 'fieldgroups',
  options: { container?: 'global' | 'tenant'; signal?: AbortSignal; maxPages?: number },
): Promise<SchemaListItem[]> {
  const container = options.container ?? 'tenant';
  const results: SchemaListItem[] = [];
  let start: string | undefined;
  for (let page = 0; page < (options.maxPages ?? 50); page += 1) {
    const answer = await client.json(SchemaList, {
      method: 'GET',
      path: `${base}/${container}/${kind}`,
      query: { orderby: 'title', limit: 300, start },
      headers: { accept: 'application/vnd.adobe.xed+json' },
      idempotent: true,
      signal: options.signal,
    });
    results.push(...answer.results);
    const next = answer._page?.next;
    if (!next || answer.results.length === 0) break;
    start = next;
  }
  return results;
}

/**
 * Creates a tenant field group (`POST /tenant/fieldgroups`) and answers it as stored; not retried
 * blindly (titles are unique, so a repeated POST fails rather than duplicates, but says nothing useful).
 */
export function createFieldGroup(client: PlatformClient, body: Record<string, unknown>, signal?: AbortSignal): Promise<SchemaListItem> {
  return createResource(client, 'fieldgroups', body, signal);
}

/** Creates a tenant schema (`POST /tenant/schemas`) composed of a class and field groups by `$ref`. */
export function createSchema(client: PlatformClient, body: Record<string, unknown>, signal?: AbortSignal): Promise<SchemaListItem> {
  return createResource(client, 'schemas', body, signal);
}

/**
 * Replaces a tenant field group or schema (`PUT /tenant/{kind}/{id}`) with a new body: its title and
 * fields or field groups. Why: what a stopped creation left behind is taken over under the names the
 * steward chose since, instead of left as an orphan next to a second copy.
 */
export function replaceResource(
  client: PlatformClient,
  kind: 'schemas' | 'fieldgroups',
  id: string,
  body: Record<string, unknown>,
  signal?: AbortSignal,
): Promise<SchemaListItem> {
  return client.json(SchemaListItem, {
    method: 'PUT',
    path: `${base}/tenant/${kind}/${encodeURIComponent(id)}`,
    body: { kind: 'json', value: body },
    headers: { accept: 'application/vnd.adobe.xed+json' },
    idempotent: true,
    signal,
  });
}

function createResource(client: PlatformClient, kind: 'schemas' | 'fieldgroups', body: Record<string, unknown>, signal?: AbortSignal): Promise<SchemaListItem> {
  return client.json(SchemaListItem, {
    method: 'POST',
    path: `${base}/tenant/${kind}`,
    body: { kind: 'json', value: body },
    headers: { accept: 'application/vnd.adobe.xed+json' },
    idempotent: false,
    signal,
  });
}

/** The identity descriptors of the org (primary and secondary identities of every schema). */
export async function listIdentityDescriptors(client: PlatformClient, signal?: AbortSignal): Promise<IdentityDescriptor[]> {
  const answer = await client.json(DescriptorList, {
    method: 'GET',
    path: `${base}/tenant/descriptors`,
    headers: { accept: 'application/vnd.adobe.xdm+json' },
    idempotent: true,
    signal,
  });
  return answer['xdm:descriptorIdentity'] ?? [];
}

/** The Identity Map field group, and the class that brings it by itself. */
const IDENTITY_MAP_FIELD_GROUP = 'https://ns.adobe.com/xdm/context/identitymap';
const EXPERIENCE_EVENT_CLASS = 'https://ns.adobe.com/xdm/context/experienceevent';

/** Whether a listed schema has an identityMap, read from what it extends (no schema is resolved). */
function hasIdentityMap(schema: SchemaListItem): boolean {
  return schema['meta:class'] === EXPERIENCE_EVENT_CLASS || (schema['meta:extends'] ?? []).includes(IDENTITY_MAP_FIELD_GROUP);
}

/** The org's schemas as summaries: class, Profile enablement and identity fields. */
export async function listSchemaSummaries(client: PlatformClient, signal?: AbortSignal): Promise<SchemaSummary[]> {
  const [schemas, descriptors] = await Promise.all([listSchemas(client, { signal }), listIdentityDescriptors(client, signal)]);
  const bySchema = new Map<string, IdentityDescriptorSummary[]>();
  for (const d of descriptors) {
    const list = bySchema.get(d['xdm:sourceSchema']) ?? [];
    list.push({ path: d['xdm:sourceProperty'], namespace: d['xdm:namespace'], primary: d['xdm:isPrimary'] === true });
    bySchema.set(d['xdm:sourceSchema'], list);
  }
  return schemas.map((s) => ({
    id: s.$id,
    ...(s['meta:altId'] !== undefined ? { altId: s['meta:altId'] } : {}),
    title: s.title ?? s['meta:altId'] ?? s.$id,
    ...(s.version !== undefined ? { version: s.version } : {}),
    ...(s['meta:class'] !== undefined ? { classId: s['meta:class'] } : {}),
    profileEnabled: (s['meta:immutableTags'] ?? []).includes('union'),
    identities: bySchema.get(s.$id) ?? [],
    identityMap: hasIdentityMap(s),
  }));
}

/** One schema, raw (`xed`) or resolved (`xed-full`, Compatibility Mode field names). */
export function getSchema(
  client: PlatformClient,
  schemaId: string,
  options: { format?: SchemaFormat; version?: number; signal?: AbortSignal } = {},
): Promise<SchemaDocument> {
  const format = options.format ?? 'xed-full';
  return client.json(SchemaDocument, {
    method: 'GET',
    path: `${base}/${containerOf(schemaId)}/schemas/${encodeURIComponent(schemaId)}`,
    headers: { accept: `application/vnd.adobe.${format}+json; version=${options.version ?? 1}` },
    idempotent: true,
    signal: options.signal,
  });
}

/**
 * Enables a schema for Profile by adding the immutable `union` tag.
 * Why idempotent: adding a tag that is already there leaves the schema as it was.
 */
export function enableSchemaForProfile(client: PlatformClient, schemaId: string, signal?: AbortSignal): Promise<SchemaDocument> {
  return client.json(SchemaDocument, {
    method: 'PATCH',
    path: `${base}/tenant/schemas/${encodeURIComponent(schemaId)}`,
    body: { kind: 'json', value: [{ op: 'add', path: '/meta:immutableTags', value: ['union'] }] },
    headers: { accept: 'application/vnd.adobe.xed+json' },
    idempotent: true,
    signal,
  });
}

export interface NewIdentityDescriptor {
  schemaId: string;
  schemaVersion?: number;
  /** JSON-Pointer-like path in Compatibility Mode (`/personalEmail/address`). */
  path: string;
  namespace: string;
  primary: boolean;
}

/** Marks a field as an identity of a schema (`POST /tenant/descriptors`); not retried blindly. */
export function createIdentityDescriptor(client: PlatformClient, descriptor: NewIdentityDescriptor, signal?: AbortSignal): Promise<IdentityDescriptor> {
  return client.json(IdentityDescriptor, {
    method: 'POST',
    path: `${base}/tenant/descriptors`,
    body: {
      kind: 'json',
      value: {
        '@type': 'xdm:descriptorIdentity',
        'xdm:sourceSchema': descriptor.schemaId,
        'xdm:sourceVersion': descriptor.schemaVersion ?? 1,
        'xdm:sourceProperty': descriptor.path,
        'xdm:namespace': descriptor.namespace,
        'xdm:property': 'xdm:code',
        'xdm:isPrimary': descriptor.primary,
      },
    },
    headers: { accept: 'application/vnd.adobe.xdm+json' },
    idempotent: false,
    signal,
  });
}
