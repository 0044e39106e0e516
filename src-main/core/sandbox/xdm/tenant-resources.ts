/**
 * The tenant container's resources (schemas, classes, field groups, data types): where they are
 * stored, how they are found, the registry metadata AEP adds when one is written, and the checks the
 * guides document for classes, field groups and data types.
 *
 * Schemas are found and stamped here too, but their own rules (one class, compatible field groups,
 * the union tag) live in `schema-registry-store.ts`. Every write refuses an unresolvable `$ref`, a
 * title another resource of the kind already has, and a resource that does not keep its own fields
 * under `_{TENANT_ID}` (field groups and classes; data types are nested under such a field).
 */
import { xdmTypeOf, type XdmSchemaNode } from '../../../../src-shared/xdm/xdm-schema-node';
import { hexId } from '../ids';
import { isJsonObject, type JsonObject, type JsonValue } from '../json';
import type { DocumentKind, DocumentStore } from '../store/documents';
import { checkRefs, refBase, refsIn, usesResource } from './registry-refs';
import { RegistryError } from './registry-error';
import type { XdmLibrary } from './xdm-library';

export type TenantKind = 'schemas' | 'classes' | 'fieldgroups' | 'datatypes';

interface KindInfo {
  doc: DocumentKind;
  /** The `$id` path segment and `meta:resourceType` (field groups keep their old name, `mixins`). */
  resourceType: string;
}

export const TENANT_KINDS: Record<TenantKind, KindInfo> = {
  schemas: { doc: 'schema', resourceType: 'schemas' },
  classes: { doc: 'class', resourceType: 'classes' },
  fieldgroups: { doc: 'fieldgroup', resourceType: 'mixins' },
  datatypes: { doc: 'datatype', resourceType: 'datatypes' },
};

/** Read-only properties the registry assigns; a body's own values for them are ignored. */
const ASSIGNED = [
  '$id',
  'meta:altId',
  'meta:resourceType',
  'version',
  'imsOrg',
  'meta:containerId',
  'meta:sandboxId',
  'meta:sandboxType',
  'meta:tenantNamespace',
  'meta:registryMetadata',
  'meta:extends',
];

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Adds `meta:xdmType` to every field that has a `type`, as the registry echoes written resources. */
function withXdmTypes(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(withXdmTypes);
  if (!isJsonObject(value)) return value;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) out[k] = withXdmTypes(v);
  if (typeof out.type === 'string' && out.$ref === undefined) out['meta:xdmType'] = xdmTypeOf(out as XdmSchemaNode);
  return out;
}

/**
 * Marks the `allOf` entries that point into the resource's own `definitions` as objects, as the
 * registry echoes a written class, field group or data type (Adobe's field group guide: create, lookup,
 * PUT and PATCH answers all show `{ "$ref": "#/definitions/…", "type": "object", "meta:xdmType": "object" }`).
 */
function withLocalRefTypes(doc: JsonObject): JsonObject {
  if (!Array.isArray(doc.allOf)) return doc;
  const allOf = doc.allOf.map((part) =>
    isJsonObject(part) && typeof part.$ref === 'string' && part.$ref.startsWith('#/definitions/')
      ? { type: 'object', 'meta:xdmType': 'object', ...part }
      : part,
  );
  return { ...doc, allOf };
}

/** The tenant container of every sandbox. */
export class TenantResources {
  constructor(
    private readonly docs: DocumentStore,
    private readonly library: XdmLibrary,
    readonly tenantId: string,
    private readonly orgId: string,
  ) {}

  list(sandbox: string, kind: TenantKind): JsonObject[] {
    return this.docs.list<JsonObject>(sandbox, TENANT_KINDS[kind].doc);
  }

  /** Finds a tenant resource of `kind` by `$id`, URL-encoded `$id` or `meta:altId`. */
  find(sandbox: string, kind: TenantKind, idOrAlt: string): JsonObject | undefined {
    const decoded = safeDecode(idOrAlt);
    return this.list(sandbox, kind).find((r) => r.$id === decoded || r['meta:altId'] === decoded);
  }

  /** A tenant resource of any kind by `$id` (what `$ref`s point at); Adobe's ids are not looked for. */
  byId(sandbox: string, id: string): JsonObject | undefined {
    if (!id.startsWith(`https://ns.adobe.com/${this.tenantId}/`)) return undefined;
    for (const kind of Object.keys(TENANT_KINDS) as TenantKind[]) {
      const doc = this.docs.get<JsonObject>(sandbox, TENANT_KINDS[kind].doc, id);
      if (doc) return doc;
    }
    return undefined;
  }

  /** Global or tenant, by `$id`: what a `$ref` may point at. */
  lookup(sandbox: string, id: string): JsonObject | undefined {
    return this.library.byId(id) ?? this.byId(sandbox, id);
  }

  /** Tenant resources (of any kind, other than `id` itself) that use `id`: a delete of `id` is refused while there are any. */
  usersOf(sandbox: string, id: string): JsonObject[] {
    const users: JsonObject[] = [];
    for (const kind of Object.keys(TENANT_KINDS) as TenantKind[]) {
      for (const doc of this.list(sandbox, kind)) if (doc.$id !== id && usesResource(doc, id)) users.push(doc);
    }
    return users;
  }

  /** Is `id` a class (global or tenant)? */
  isClass(sandbox: string, id: string): boolean {
    return this.library.find('classes', id) !== undefined || this.docs.get(sandbox, 'class', id) !== undefined;
  }

  /** The body's own content with the registry's assigned properties removed, after the checks every write makes. */
  prepare(sandbox: string, kind: TenantKind, body: JsonValue, current?: JsonObject): JsonObject {
    if (!isJsonObject(body)) throw new RegistryError(400, 'XDM-1000-400', 'Bad Request', 'The request body must be a JSON object');
    if (typeof body.title !== 'string' || body.title.trim() === '') throw new RegistryError(400, 'XDM-1000-400', 'Bad Request', 'title is required');
    const clash = this.list(sandbox, kind).find((r) => r.title === body.title && r.$id !== current?.$id);
    if (clash)
      throw new RegistryError(400, 'XDM-1521-400', 'Bad Request', `Title must be unique. An object ${String(clash.$id)} already exists with the same title`);
    const own: JsonObject = {};
    for (const [k, v] of Object.entries(body)) if (!ASSIGNED.includes(k)) own[k] = v;
    checkRefs(own, (id) => this.lookup(sandbox, id) !== undefined || id === current?.$id);
    return own;
  }

  /** The flattened `meta:extends` of a resource: what its `allOf` refers to, and what those extend. */
  extendsOf(sandbox: string, doc: JsonObject): string[] {
    const out = new Set<string>();
    const visit = (id: string): void => {
      if (out.has(id)) return;
      const target = this.lookup(sandbox, id);
      if (!target) return;
      out.add(id);
      const ext = target['meta:extends'];
      if (Array.isArray(ext)) for (const e of ext) if (typeof e === 'string') visit(e);
    };
    const allOf = Array.isArray(doc.allOf) ? doc.allOf : [];
    for (const part of [...allOf].reverse()) {
      if (isJsonObject(part) && typeof part.$ref === 'string' && !part.$ref.startsWith('#')) visit(refBase(part.$ref));
    }
    return [...out];
  }

  /** The properties AEP assigns to every tenant resource it stores. */
  stamp(sandbox: string, kind: TenantKind, own: JsonObject, id: string, version: string, created: number): JsonObject {
    const tail = id.split('/').pop() ?? id;
    return {
      ...own,
      $id: id,
      'meta:altId': `_${this.tenantId}.${TENANT_KINDS[kind].resourceType}.${tail}`,
      'meta:resourceType': TENANT_KINDS[kind].resourceType,
      version,
      type: 'object',
      title: typeof own.title === 'string' ? own.title : '',
      description: typeof own.description === 'string' ? own.description : '',
      imsOrg: this.orgId,
      'meta:containerId': 'tenant',
      'meta:sandboxId': sandbox,
      'meta:sandboxType': sandbox === 'prod' ? 'production' : 'development',
      'meta:tenantNamespace': `_${this.tenantId}`,
      'meta:xdmType': 'object',
      'meta:registryMetadata': {
        // The guides write both names: `repo:createDate` in create and patch answers, `repo:createdDate` in lookups.
        'repo:createdDate': created,
        'repo:createDate': created,
        'repo:lastModifiedDate': Date.now(),
        'xdm:createdClientId': 'xdm-loader-sandbox',
        'xdm:lastModifiedClientId': 'xdm-loader-sandbox',
        'xdm:createdUserId': 'xdm-loader-sandbox@AdobeID',
        'xdm:lastModifiedUserId': 'xdm-loader-sandbox@AdobeID',
        'xdm:repositoryCreatedBy': 'xdm-loader-sandbox',
        eTag: hexId(16),
        ...(this.library.version === undefined ? {} : { 'meta:globalLibVersion': this.library.version }),
      },
    };
  }

  /** A new `$id` for a resource of `kind`. */
  newId(kind: TenantKind): string {
    return `https://ns.adobe.com/${this.tenantId}/${TENANT_KINDS[kind].resourceType}/${hexId(16)}`;
  }

  put(sandbox: string, kind: TenantKind, doc: JsonObject): void {
    this.docs.put(sandbox, TENANT_KINDS[kind].doc, String(doc.$id), doc);
  }

  remove(sandbox: string, kind: TenantKind, id: string): void {
    this.docs.delete(sandbox, TENANT_KINDS[kind].doc, id);
  }

  /** Checks and stores a class, field group or data type (a new one, or `current` replaced), answering what AEP echoes. */
  write(sandbox: string, kind: Exclude<TenantKind, 'schemas'>, body: JsonValue, current?: JsonObject): JsonObject {
    const own = this.prepare(sandbox, kind, body, current);
    if (kind === 'classes') this.checkClass(sandbox, own);
    if (kind === 'fieldgroups') this.checkFieldGroup(sandbox, own);
    if (kind !== 'datatypes') this.checkTenantFields(own, kind === 'classes' ? 'class' : 'field group');
    const id = current ? String(current.$id) : this.newId(kind);
    const version = current ? nextVersion(current) : '1.0';
    const created = current ? createdOf(current) : Date.now();
    const doc = this.stamp(sandbox, kind, withLocalRefTypes(withXdmTypes(own) as JsonObject), id, version, created);
    // As the guides' examples echo classes, field groups and data types alike.
    Object.assign(doc, { 'meta:extends': this.extendsOf(sandbox, own), 'meta:abstract': true, 'meta:extensible': true });
    this.put(sandbox, kind, doc);
    return doc;
  }

  /** A class extends exactly one behaviour (`record`, `time-series` or `adhoc`), as the classes guide requires. */
  private checkClass(sandbox: string, own: JsonObject): void {
    const allOf = Array.isArray(own.allOf) ? own.allOf : [];
    const behaviours = allOf
      .filter(isJsonObject)
      .map((p) => p.$ref)
      .filter((r): r is string => typeof r === 'string' && this.library.find('behaviors', refBase(r)) !== undefined);
    if (behaviours.length !== 1) {
      throw new RegistryError(
        400,
        'XDM-1531-400',
        'Bad Request',
        'A class must extend exactly one behavior in allOf: https://ns.adobe.com/xdm/data/record or https://ns.adobe.com/xdm/data/time-series',
      );
    }
    for (const part of allOf) {
      const ref = isJsonObject(part) && typeof part.$ref === 'string' ? refBase(part.$ref) : '';
      if (ref && this.isClass(sandbox, ref)) throw new RegistryError(400, 'XDM-1531-400', 'Bad Request', `A class cannot extend another class (${ref})`);
    }
  }

  /** A field group names the classes it is meant for (`meta:intendedToExtend`), each a known class or behaviour. */
  private checkFieldGroup(sandbox: string, own: JsonObject): void {
    const intended = own['meta:intendedToExtend'];
    if (!Array.isArray(intended) || intended.length === 0 || !intended.every((c) => typeof c === 'string')) {
      throw new RegistryError(
        400,
        'XDM-1532-400',
        'Bad Request',
        'meta:intendedToExtend must list the $id of at least one class the field group is compatible with',
      );
    }
    for (const cls of intended as string[]) {
      if (!this.isClass(sandbox, cls) && !this.library.find('behaviors', cls)) {
        throw new RegistryError(400, 'XDM-1010-400', 'Bad Request', `meta:intendedToExtend refers to ${cls}, which is not a class`);
      }
    }
  }

  /** The fields a class or field group defines itself sit under `_{TENANT_ID}` (getting-started guide, field constraints). */
  private checkTenantFields(own: JsonObject, what: string): void {
    const tenantKey = `_${this.tenantId}`;
    const containers: JsonValue[] = [own];
    if (isJsonObject(own.definitions)) containers.push(...Object.values(own.definitions));
    for (const container of containers) {
      if (!isJsonObject(container) || !isJsonObject(container.properties)) continue;
      for (const name of Object.keys(container.properties)) {
        if (name !== tenantKey) {
          throw new RegistryError(
            400,
            'XDM-1533-400',
            'Bad Request',
            `Field ${name} of a tenant ${what} must be defined under the tenant namespace ${tenantKey}`,
          );
        }
      }
    }
  }
}

/** `1.3` → `1.4`: every replace or patch is a new minor version. */
export function nextVersion(current: JsonObject): string {
  const [major, minor] = String(current.version ?? '1.0').split('.');
  return `${major ?? '1'}.${Number(minor ?? '0') + 1}`;
}

/** When a stored resource was first created (kept across updates). */
export function createdOf(current: JsonObject): number {
  const meta = current['meta:registryMetadata'];
  return isJsonObject(meta) && typeof meta['repo:createdDate'] === 'number' ? meta['repo:createdDate'] : Date.now();
}

/** Every `$ref` base of a document, for callers that need the resources it depends on. */
export function refBases(doc: JsonObject): string[] {
  return refsIn(doc)
    .filter((r): r is string => typeof r === 'string' && !r.startsWith('#'))
    .map(refBase);
}
