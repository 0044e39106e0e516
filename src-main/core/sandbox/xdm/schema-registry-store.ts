/**
 * Tenant schemas and descriptors: creating, replacing, patching, deleting and resolving them per sandbox.
 *
 * A tenant schema is one class plus field groups (xdm-notes §2), global or the tenant's own
 * (`tenant-resources.ts`). This module computes the registry metadata AEP adds (`meta:class`,
 * flattened `meta:extends`), applies the union tag with AEP's preconditions, stores descriptors with
 * the checks the guides document, refuses deleting what is in use, and hands out the resolved
 * `xed-full` tree and a cached record validator for ingestion.
 */
import type { DocumentStore } from '../store/documents';
import { applyJsonPatch } from '../json-patch';
import { hexId } from '../ids';
import { isJsonObject, type JsonObject, type JsonValue } from '../json';
import { CompatResolver } from './compat-mode';
import { RecordValidator } from './record-validator';
import { notFound, RegistryError } from './registry-error';
import { createdOf, nextVersion, refBases, TenantResources, type TenantKind } from './tenant-resources';
import type { XdmLibrary } from './xdm-library';

export const PROFILE_CLASS = 'https://ns.adobe.com/xdm/context/profile';
export const EVENT_CLASS = 'https://ns.adobe.com/xdm/context/experienceevent';

export { RegistryError };

export interface IdentityField {
  path: string[];
  namespace: string;
  primary: boolean;
}

/** Everything the sandbox knows about schemas, per sandbox. */
export class SchemaRegistryStore {
  private readonly validators = new Map<string, { stamp: string; validator: RecordValidator; csv: RecordValidator }>();
  /** The tenant container: classes, field groups, data types and schemas. */
  readonly tenant: TenantResources;

  constructor(
    private readonly docs: DocumentStore,
    private readonly library: XdmLibrary,
    readonly tenantId: string,
    private readonly orgId: string,
  ) {
    this.tenant = new TenantResources(docs, library, tenantId, orgId);
  }

  private lookup(sandbox: string): (id: string) => JsonObject | undefined {
    return (id) => this.tenant.lookup(sandbox, id);
  }

  listSchemas(sandbox: string): JsonObject[] {
    return this.tenant.list(sandbox, 'schemas');
  }

  /** Finds a tenant schema by `$id`, URL-encoded `$id` or `meta:altId`. */
  findSchema(sandbox: string, idOrAlt: string): JsonObject | undefined {
    return this.tenant.find(sandbox, 'schemas', idOrAlt);
  }

  /**
   * A schema's registry form: one class and field groups compatible with it (`meta:intendedToExtend`),
   * each `$ref` resolvable, global or tenant, with the metadata AEP adds.
   */
  private withMetadata(sandbox: string, own: JsonObject, id: string, version: string, created: number): JsonObject {
    const allOf = Array.isArray(own.allOf) ? own.allOf : [];
    const refs: string[] = [];
    for (const part of allOf) {
      const ref = isJsonObject(part) ? part.$ref : undefined;
      if (typeof ref !== 'string')
        throw new RegistryError(
          400,
          'XDM-1010-400',
          'Bad Request',
          `Unresolvable $ref ${JSON.stringify(ref ?? null)} in allOf: each entry must be {"$ref": "<class or field group $id>"}`,
        );
      refs.push(ref);
    }
    const classes = refs.filter((r) => this.tenant.isClass(sandbox, r));
    const classRef = classes[0];
    if (!classRef || classes.length > 1) throw new RegistryError(400, 'XDM-1521-400', 'Bad Request', 'A schema must reference exactly one class in allOf');
    const classExtends = new Set([classRef, ...this.tenant.extendsOf(sandbox, { allOf: [{ $ref: classRef }] })]);
    for (const ref of refs) {
      if (ref === classRef) continue;
      const group = this.library.find('fieldgroups', ref)?.doc ?? this.tenant.find(sandbox, 'fieldgroups', ref);
      if (!group) throw new RegistryError(400, 'XDM-1010-400', 'Bad Request', `Unresolvable $ref ${ref}: not a class or field group of this sandbox`);
      const intended = group['meta:intendedToExtend'];
      if (Array.isArray(intended) && intended.length > 0 && !intended.some((c) => typeof c === 'string' && classExtends.has(c))) {
        throw new RegistryError(400, 'XDM-1522-400', 'Bad Request', `Field group ${ref} is not compatible with class ${classRef}`);
      }
    }
    const doc = this.tenant.stamp(sandbox, 'schemas', own, id, version, created);
    Object.assign(doc, {
      allOf: refs.map((r) => ({ $ref: r, type: 'object', 'meta:xdmType': 'object' })),
      refs,
      'meta:class': classRef,
      'meta:abstract': false,
      'meta:extensible': false,
      'meta:extends': this.tenant.extendsOf(sandbox, own),
    });
    if (typeof own.title !== 'string') doc.title = 'Untitled schema';
    delete doc.definitions;
    return doc;
  }

  createSchema(sandbox: string, body: JsonValue): JsonObject {
    const own = this.tenant.prepare(sandbox, 'schemas', body);
    const id = this.tenant.newId('schemas');
    const { 'meta:immutableTags': tags, ...rest } = own;
    const doc = this.withMetadata(sandbox, rest, id, '1.0', Date.now());
    if (Array.isArray(tags)) {
      if (tags.includes('union')) this.checkUnion(sandbox, doc);
      doc['meta:immutableTags'] = tags;
    }
    this.tenant.put(sandbox, 'schemas', doc);
    return doc;
  }

  /** Replaces a schema (PUT): the body is checked as a new one; the union tag, once set, stays. */
  replaceSchema(sandbox: string, idOrAlt: string, body: JsonValue): JsonObject {
    const current = this.findSchema(sandbox, idOrAlt);
    if (!current) throw notFound(idOrAlt);
    const own = this.tenant.prepare(sandbox, 'schemas', body, current);
    return this.saveSchemaUpdate(sandbox, current, own);
  }

  /** Applies a JSON Patch; the union tag can be added but never removed (it is immutable). */
  patchSchema(sandbox: string, idOrAlt: string, ops: JsonValue): JsonObject {
    const current = this.findSchema(sandbox, idOrAlt);
    if (!current) throw notFound(idOrAlt);
    const own = this.tenant.prepare(sandbox, 'schemas', applyJsonPatch(current, ops), current);
    return this.saveSchemaUpdate(sandbox, current, own);
  }

  private saveSchemaUpdate(sandbox: string, current: JsonObject, own: JsonObject): JsonObject {
    const hadUnion = hasUnionTag(current);
    const hasUnion = hasUnionTag(own) || (hadUnion && own['meta:immutableTags'] === undefined);
    if (hadUnion && !hasUnion) throw new RegistryError(400, 'XDM-1525-400', 'Bad Request', 'meta:immutableTags cannot be removed');
    const doc = this.withMetadata(sandbox, own, String(current.$id), nextVersion(current), createdOf(current));
    if (hadUnion && own['meta:immutableTags'] === undefined) doc['meta:immutableTags'] = current['meta:immutableTags'] ?? ['union'];
    if (hasUnion && !hadUnion) this.checkUnion(sandbox, doc);
    this.tenant.put(sandbox, 'schemas', doc);
    return doc;
  }

  /** Deletes a tenant schema, class, field group or data type that nothing else uses. */
  deleteResource(sandbox: string, kind: TenantKind, idOrAlt: string, usedByDataset: (schemaId: string) => boolean): void {
    const doc = this.tenant.find(sandbox, kind, idOrAlt);
    if (!doc) throw notFound(idOrAlt);
    const id = String(doc.$id);
    if (kind === 'schemas' && usedByDataset(id))
      throw new RegistryError(400, 'XDM-1016-400', 'Bad Request', 'The schema is used by a dataset and cannot be deleted');
    const users = this.tenant.usersOf(sandbox, id);
    if (users.length > 0) {
      throw new RegistryError(400, 'XDM-1016-400', 'Bad Request', `${id} is referenced by ${users.map((u) => String(u.$id)).join(', ')} and cannot be deleted`);
    }
    this.tenant.remove(sandbox, kind, id);
    if (kind === 'schemas')
      for (const d of this.listDescriptors(sandbox)) if (d['xdm:sourceSchema'] === id) this.docs.delete(sandbox, 'descriptor', String(d['@id']));
  }

  private checkUnion(sandbox: string, doc: JsonObject): void {
    const cls = doc['meta:class'];
    if (cls !== PROFILE_CLASS && cls !== EVENT_CLASS) {
      throw new RegistryError(
        400,
        'XDM-1526-400',
        'Bad Request',
        'Only schemas of the XDM Individual Profile or XDM ExperienceEvent class can be enabled for Profile',
      );
    }
    const full = this.resolve(sandbox, doc);
    const hasIdentityMap = isJsonObject(full.properties) && isJsonObject(full.properties.identityMap);
    const hasPrimary = this.identityFields(sandbox, String(doc.$id)).some((f) => f.primary);
    if (!hasIdentityMap && !hasPrimary) {
      // AEP's own refusal, word for word (XDM troubleshooting guide, "Schema must include an identityMap or primary identity").
      throw new RegistryError(
        400,
        'XDM-1528-400',
        'Union descriptor validation error',
        'To participate in a union, a schema must include an identityMap fieldgroup or a primary identity descriptor.',
      );
    }
  }

  /** The merged Compatibility Mode tree of a tenant schema or global resource. */
  resolve(sandbox: string, doc: JsonObject): JsonObject {
    return new CompatResolver(this.lookup(sandbox)).resolveDocument(doc);
  }

  /**
   * What a schema's resolved tree depends on: its version and the eTags of the tenant resources it
   * reaches through `$ref`s, so a replaced field group or data type gives its schemas a new validator.
   */
  private dependencyStamp(sandbox: string, doc: JsonObject): string {
    const seen = new Set<string>();
    const parts = [String(doc.version)];
    const visit = (d: JsonObject): void => {
      for (const id of refBases(d)) {
        if (seen.has(id)) continue;
        seen.add(id);
        const target = this.tenant.byId(sandbox, id);
        if (!target) continue;
        const meta = target['meta:registryMetadata'];
        parts.push(`${id}@${isJsonObject(meta) ? String(meta.eTag) : String(target.version)}`);
        visit(target);
      }
    };
    visit(doc);
    return parts.join('|');
  }

  /** A record validator for a schema, cached per version of what it resolves to; `csvText` accepts Data Prep's boolean words (CSV cells are text). */
  validatorFor(sandbox: string, schemaId: string, csvText = false): RecordValidator {
    const doc = this.findSchema(sandbox, schemaId);
    if (!doc) throw notFound(schemaId);
    const key = `${sandbox}\u0000${String(doc.$id)}`;
    const stamp = this.dependencyStamp(sandbox, doc);
    let cached = this.validators.get(key);
    if (!cached || cached.stamp !== stamp) {
      const full = this.resolve(sandbox, doc);
      cached = { stamp, validator: new RecordValidator(full), csv: new RecordValidator(full, { dataPrepBooleans: true }) };
      this.validators.set(key, cached);
    }
    return csvText ? cached.csv : cached.validator;
  }

  isUnion(sandbox: string, schemaId: string): boolean {
    const doc = this.findSchema(sandbox, schemaId);
    return !!doc && hasUnionTag(doc);
  }

  listDescriptors(sandbox: string): JsonObject[] {
    return this.docs.list<JsonObject>(sandbox, 'descriptor');
  }

  findDescriptor(sandbox: string, id: string): JsonObject | undefined {
    return this.docs.get<JsonObject>(sandbox, 'descriptor', id);
  }

  createDescriptor(sandbox: string, body: JsonValue): JsonObject {
    return this.writeDescriptor(sandbox, body);
  }

  /** Rewrites a descriptor (PUT): the body is checked as a new one of its type; the `@id` stays. */
  replaceDescriptor(sandbox: string, id: string, body: JsonValue): JsonObject {
    const current = this.findDescriptor(sandbox, id);
    if (!current) throw notFound(id);
    return this.writeDescriptor(sandbox, body, current);
  }

  deleteDescriptor(sandbox: string, id: string): void {
    if (!this.findDescriptor(sandbox, id)) throw notFound(id);
    this.docs.delete(sandbox, 'descriptor', id);
  }

  /**
   * The checks the descriptors guide documents: an `@type`, a source schema that exists, a source
   * property that is a field of it, and at most one primary identity per schema.
   */
  private writeDescriptor(sandbox: string, body: JsonValue, current?: JsonObject): JsonObject {
    if (!isJsonObject(body) || typeof body['@type'] !== 'string') throw new RegistryError(400, 'XDM-1000-400', 'Bad Request', '@type is required');
    const source = body['xdm:sourceSchema'];
    const schema = typeof source === 'string' ? this.findSchema(sandbox, source) : undefined;
    if (typeof source !== 'string' || !schema) {
      throw new RegistryError(400, 'XDM-1010-400', 'Bad Request', `The source schema ${String(source)} was not found`);
    }
    const property = body['xdm:sourceProperty'];
    if (typeof property === 'string' && !fieldExists(this.resolve(sandbox, schema), property)) {
      throw new RegistryError(400, 'XDM-1010-400', 'Bad Request', `xdm:sourceProperty ${property} is not a field of ${String(schema.$id)}`);
    }
    if (body['@type'] === 'xdm:descriptorIdentity') {
      if (typeof property !== 'string' || typeof body['xdm:namespace'] !== 'string') {
        throw new RegistryError(400, 'XDM-1000-400', 'Bad Request', 'An identity descriptor needs xdm:sourceProperty and xdm:namespace');
      }
      const otherPrimary = this.listDescriptors(sandbox).some(
        (d) => d['@id'] !== current?.['@id'] && d['@type'] === 'xdm:descriptorIdentity' && d['xdm:sourceSchema'] === schema.$id && d['xdm:isPrimary'] === true,
      );
      if (body['xdm:isPrimary'] === true && otherPrimary) {
        throw new RegistryError(
          400,
          'XDM-1528-400',
          'Bad Request',
          'The schema already has a primary identity descriptor: a schema may contain only one primary identity',
        );
      }
    }
    const id = current ? String(current['@id']) : hexId(20);
    const created = current && typeof current.created === 'number' ? current.created : Date.now();
    const own: JsonObject = {};
    for (const [k, v] of Object.entries(body)) if (!DESCRIPTOR_ASSIGNED.includes(k)) own[k] = v;
    const doc: JsonObject = {
      ...own,
      'xdm:sourceSchema': String(schema.$id),
      '@id': id,
      'meta:containerId': 'tenant',
      'meta:sandboxId': sandbox,
      'meta:sandboxType': sandbox === 'prod' ? 'production' : 'development',
      imsOrg: this.orgId,
      version: '1',
      createdUser: 'xdm-loader-sandbox',
      createdClient: 'xdm-loader-sandbox',
      updatedUser: 'xdm-loader-sandbox',
      created,
      updated: Date.now(),
      'meta:registryMetadata': {
        'repo:createdDate': created,
        'repo:lastModifiedDate': Date.now(),
        'xdm:createdClientId': 'xdm-loader-sandbox',
        eTag: hexId(16),
      },
    };
    this.docs.put(sandbox, 'descriptor', id, doc);
    return doc;
  }

  /** Identity fields declared by descriptors on a schema, as Compatibility Mode paths. */
  identityFields(sandbox: string, schemaId: string): IdentityField[] {
    const doc = this.findSchema(sandbox, schemaId);
    const id = doc ? String(doc.$id) : schemaId;
    return this.listDescriptors(sandbox)
      .filter((d) => d['@type'] === 'xdm:descriptorIdentity' && d['xdm:sourceSchema'] === id)
      .map((d) => ({
        path: String(d['xdm:sourceProperty']).split('/').filter(Boolean),
        namespace: String(d['xdm:namespace']),
        primary: d['xdm:isPrimary'] === true,
      }));
  }
}

/** Properties of a descriptor the registry assigns. */
const DESCRIPTOR_ASSIGNED = [
  '@id',
  'meta:containerId',
  'meta:sandboxId',
  'meta:sandboxType',
  'imsOrg',
  'version',
  'meta:registryMetadata',
  'createdUser',
  'createdClient',
  'updatedUser',
  'created',
  'updated',
];

function hasUnionTag(doc: JsonObject): boolean {
  return Array.isArray(doc['meta:immutableTags']) && doc['meta:immutableTags'].includes('union');
}

/** Is `/a/b` (a descriptor's `xdm:sourceProperty`, `xdm:` prefixes allowed) a field of the resolved tree? */
function fieldExists(resolved: JsonObject, pointer: string): boolean {
  let node: JsonValue | undefined = resolved;
  for (const raw of pointer.split('/').filter(Boolean)) {
    const name = raw.startsWith('xdm:') ? raw.slice(4) : raw;
    let holder: JsonValue | undefined = isJsonObject(node) ? node : undefined;
    if (isJsonObject(holder) && holder.type === 'array' && isJsonObject(holder.items)) holder = holder.items;
    const props: JsonValue | undefined = isJsonObject(holder) ? holder.properties : undefined;
    node = isJsonObject(props) ? props[name] : undefined;
    if (node === undefined) return false;
  }
  return true;
}
