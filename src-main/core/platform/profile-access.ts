import { z } from 'zod';
import { aepServices } from './aep-services';
import type { PlatformClient } from './platform-client';

/**
 * Profile Access and merge policies (aep-notes §8).
 * Why "missing" is a value, not an error: POST lookups answer every identity, found or not, and a
 * not-found entry is an empty `entity` with an epoch `lastModifiedAt`; a GET answers 404. A 403
 * (entitlement) stays an error, so confirm can explain it instead of reporting "not found".
 */
const base = aepServices.profile.basePath;

const ProfileIdentity = z
  .object({
    id: z.string(),
    namespace: z.object({ code: z.string() }).loose(),
    primary: z
      .union([z.boolean(), z.string()])
      .transform((v) => v === true || v === 'true')
      .optional(),
  })
  .loose();

export const ProfileEntity = z
  .object({
    entityId: z.string().optional(),
    sources: z.array(z.string()).optional(),
    entity: z
      .object({ identities: z.array(ProfileIdentity).optional() })
      .loose()
      .optional(),
    lastModifiedAt: z.string().optional(),
  })
  .loose();
export type ProfileEntity = z.infer<typeof ProfileEntity>;

/** True for Profile's "nothing found" entry: no entity content and an epoch timestamp. */
export function isEmptyEntity(entity: ProfileEntity): boolean {
  const content = entity.entity ?? {};
  return Object.keys(content).length === 0 || entity.lastModifiedAt === '1970-01-01T00:00:00Z';
}

export interface EntityLookup {
  /** Schema class alt id, `_xdm.context.profile` by default. */
  schemaName?: string;
  entityId: string;
  /** Namespace code (case-insensitive on Profile's side). */
  namespace: string;
  fields?: readonly string[];
  mergePolicyId?: string;
}

/** One profile by identity; `undefined` when Profile has none. */
export async function getEntity(client: PlatformClient, lookup: EntityLookup, signal?: AbortSignal): Promise<ProfileEntity | undefined> {
  const response = await client.send({
    method: 'GET',
    path: `${base}/access/entities`,
    query: {
      'schema.name': lookup.schemaName ?? '_xdm.context.profile',
      entityId: lookup.entityId,
      entityIdNS: lookup.namespace,
      fields: lookup.fields && lookup.fields.length > 0 ? lookup.fields.join(',') : undefined,
      mergePolicyId: lookup.mergePolicyId,
    },
    idempotent: true,
    accept: [404],
    signal,
  });
  if (response.status === 404) return undefined;
  const parsed = z.record(z.string(), ProfileEntity).safeParse(response.json);
  const first = parsed.success ? Object.values(parsed.data)[0] : undefined;
  return first && !isEmptyEntity(first) ? first : undefined;
}

/**
 * Several profiles at once (`POST /access/entities`), in the order asked; `undefined` where missing.
 * Why idempotent: the POST only reads.
 */
export async function getEntities(
  client: PlatformClient,
  lookups: readonly EntityLookup[],
  options: { schemaName?: string; fields?: readonly string[]; mergePolicyId?: string; signal?: AbortSignal } = {},
): Promise<Array<ProfileEntity | undefined>> {
  if (lookups.length === 0) return [];
  const answer = await client.json(z.union([z.record(z.string(), ProfileEntity), z.array(z.unknown())]), {
    method: 'POST',
    path: `${base}/access/entities`,
    body: {
      kind: 'json',
      value: {
        schema: { name: options.schemaName ?? '_xdm.context.profile' },
        ...(options.fields && options.fields.length > 0 ? { fields: options.fields } : {}),
        ...(options.mergePolicyId !== undefined ? { mergePolicyId: options.mergePolicyId } : {}),
        identities: lookups.map((l) => ({ entityId: l.entityId, entityIdNS: { code: l.namespace } })),
      },
    },
    idempotent: true,
    signal: options.signal,
  });
  // 207 answers an array of per-id errors; those identities count as not found here.
  const entities = Array.isArray(answer) ? [] : Object.values(answer).filter((e) => !isEmptyEntity(e));
  return lookups.map((lookup) =>
    entities.find((e) =>
      (e.entity?.identities ?? []).some((i) => i.id === lookup.entityId && i.namespace.code.toLowerCase() === lookup.namespace.toLowerCase()),
    ),
  );
}

const MergePolicy = z
  .object({
    id: z.string(),
    name: z.string().optional(),
    schema: z.object({ name: z.string() }).loose().optional(),
    identityGraph: z.object({ type: z.string() }).loose().optional(),
    default: z.boolean().optional(),
  })
  .loose();
export type MergePolicy = z.infer<typeof MergePolicy>;

/** Merge policies of a class; with `defaultOnly`, the default one (which decides stitching). */
export async function listMergePolicies(
  client: PlatformClient,
  options: { schemaName?: string; defaultOnly?: boolean; signal?: AbortSignal } = {},
): Promise<MergePolicy[]> {
  const answer = await client.json(z.object({ children: z.array(MergePolicy) }).loose(), {
    method: 'GET',
    path: `${base}/config/mergePolicies`,
    query: { 'schema.name': options.schemaName ?? '_xdm.context.profile', default: options.defaultOnly ? true : undefined, limit: 100 },
    idempotent: true,
    signal: options.signal,
  });
  return answer.children;
}

// ---------------------------------------------------------------------------------------------
// Added for `xdm-loader profile` and the Profiles screen: the experience events of a profile.
// ---------------------------------------------------------------------------------------------

const ExperienceEventPage = z
  .object({
    _page: z.object({ next: z.string().optional() }).loose().optional(),
    children: z
      .array(
        z
          .object({
            entityId: z.string().optional(),
            timestamp: z.union([z.number(), z.string()]).optional(),
            entity: z.record(z.string(), z.unknown()).optional(),
          })
          .loose(),
      )
      .default([]),
  })
  .loose();
export type ExperienceEventItem = z.infer<typeof ExperienceEventPage>['children'][number];

export interface ExperienceEventLookup {
  entityId: string;
  namespace: string;
  /** Events on the page (Profile's default is 1000). */
  limit?: number;
  fields?: readonly string[];
}

/** One page of a profile's experience events; `found` is false when no profile holds the identity (404). */
export interface ExperienceEventPageResult {
  found: boolean;
  events: ExperienceEventItem[];
  /** Profile has more events after this page (`_page.next` is not empty). */
  more: boolean;
}

/**
 * The first page of the experience events of the profile holding an identity, newest first.
 * Why one page: the lookup is for a person checking a load, not an export. Deprecated and
 * Ultimate-only at Adobe (aep-notes §8.3): a 403 stays an error (FORBIDDEN), so a caller can say
 * "not entitled" instead of showing an empty timeline; a 404 is `found: false`.
 */
export async function getExperienceEventPage(client: PlatformClient, lookup: ExperienceEventLookup, signal?: AbortSignal): Promise<ExperienceEventPageResult> {
  const response = await client.send({
    method: 'GET',
    path: `${base}/access/entities`,
    query: {
      'schema.name': '_xdm.context.experienceevent',
      'relatedSchema.name': '_xdm.context.profile',
      relatedEntityId: lookup.entityId,
      relatedEntityIdNS: lookup.namespace,
      fields: lookup.fields && lookup.fields.length > 0 ? lookup.fields.join(',') : undefined,
      orderby: '-timestamp',
      limit: lookup.limit ?? 20,
    },
    idempotent: true,
    accept: [404],
    signal,
  });
  if (response.status === 404) return { found: false, events: [], more: false };
  const parsed = ExperienceEventPage.safeParse(response.json);
  if (!parsed.success) return { found: true, events: [], more: false };
  const next = parsed.data._page?.next;
  return { found: true, events: parsed.data.children, more: typeof next === 'string' && next !== '' };
}

/** The events of {@link getExperienceEventPage} alone (none when no profile holds the identity). */
export async function getExperienceEvents(client: PlatformClient, lookup: ExperienceEventLookup, signal?: AbortSignal): Promise<ExperienceEventItem[]> {
  return (await getExperienceEventPage(client, lookup, signal)).events;
}
