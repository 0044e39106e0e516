/**
 * Tenant schemas and descriptors: creating, patching and resolving them per sandbox.
 *
 * A tenant schema is one class plus field groups (xdm-notes §2). This module computes the registry
 * metadata AEP adds (`meta:class`, flattened `meta:extends`, `meta:altId`, version), applies the
 * union-tag PATCH with AEP's preconditions, stores identity descriptors, and hands out the resolved
 * `xed-full` tree and a cached record validator for ingestion.
 */
import type { DocumentStore } from '../store/documents';
import { applyJsonPatch } from '../json-patch';
import { hexId } from '../ids';
import { isJsonObject, type JsonObject, type JsonValue } from '../json';
import { CompatResolver } from './compat-mode';
import { RecordValidator } from './record-validator';
import type { XdmLibrary } from './xdm-library';

export const PROFILE_CLASS = 'https://ns.adobe.com/xdm/context/profile';
export const EVENT_CLASS = 'https://ns.adobe.com/xdm/context/experienceevent';

/** A registry error carrying the XDM error code and HTTP status it maps to. */
export class RegistryError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    message: string,
  ) {
    super(message);
  }
}

export interface IdentityField {
  path: string[];
  namespace: string;
  primary: boolean;
}

/** Everything the sandbox knows about schemas, per sandbox. */
export class SchemaRegistryStore {
  private readonly validators = new Map<string, { version: string; validator: RecordValidator; csv: RecordValidator }>();

  constructor(
    private readonly docs: DocumentStore,
    private readonly library: XdmLibrary,
    readonly tenantId: string,
    private readonly orgId: string,
  ) {}

  private lookup(sandbox: string): (id: string) => JsonObject | undefined {
    return (id) => this.library.byId(id) ?? this.findSchema(sandbox, id);
  }

  listSchemas(sandbox: string): JsonObject[] {
    return this.docs.list<JsonObject>(sandbox, 'schema');
  }

  /** Finds a tenant schema by `$id`, URL-encoded `$id` or `meta:altId`. */
  findSchema(sandbox: string, idOrAlt: string): JsonObject | undefined {
    const decoded = safeDecode(idOrAlt);
    return this.listSchemas(sandbox).find((s) => s.$id === decoded || s['meta:altId'] === decoded);
  }

  private extendsOf(id: string, seen: Set<string>): void {
    if (seen.has(id)) return;
    seen.add(id);
    const doc = this.library.byId(id);
    if (doc && Array.isArray(doc['meta:extends'])) for (const e of doc['meta:extends']) if (typeof e === 'string') this.extendsOf(e, seen);
  }

  private withMetadata(sandbox: string, body: JsonObject, id: string, version: string, created: number): JsonObject {
    const allOf = Array.isArray(body.allOf) ? body.allOf : [];
    const refs = allOf.filter(isJsonObject).map((p) => p.$ref).filter((r): r is string => typeof r === 'string');
    const classRef = refs.find((r) => this.library.find('classes', r) !== undefined);
    if (!classRef) throw new RegistryError(400, 'XDM-1521-400', 'Bad Request', 'A schema must reference exactly one class in allOf');
    for (const ref of refs) {
      if (ref === classRef) continue;
      const group = this.library.find('fieldgroups', ref);
      if (!group) throw new RegistryError(400, 'XDM-1010-404', 'Resource Not Found', `The referenced resource ${ref} was not found`);
      const intended = group.doc['meta:intendedToExtend'];
      if (Array.isArray(intended) && intended.length > 0 && !intended.includes(classRef)) {
        throw new RegistryError(400, 'XDM-1522-400', 'Bad Request', `Field group ${ref} is not compatible with class ${classRef}`);
      }
    }
    const ext = new Set<string>();
    for (const ref of [...refs].reverse()) this.extendsOf(ref, ext);
    const tail = typeof id === 'string' ? (id.split('/').pop() ?? id) : id;
    const now = Date.now();
    const doc: JsonObject = {
      ...body,
      $id: id,
      'meta:altId': `_${this.tenantId}.schemas.${tail}`,
      'meta:resourceType': 'schemas',
      version,
      type: 'object',
      title: typeof body.title === 'string' ? body.title : 'Untitled schema',
      description: typeof body.description === 'string' ? body.description : '',
      allOf: allOf.filter(isJsonObject).map((p) => ({ $ref: String(p.$ref), type: 'object', 'meta:xdmType': 'object' })),
      refs,
      imsOrg: this.orgId,
      'meta:class': classRef,
      'meta:abstract': false,
      'meta:extensible': false,
      'meta:extends': [...ext],
      'meta:containerId': 'tenant',
      'meta:sandboxId': sandbox,
      'meta:sandboxType': sandbox === 'prod' ? 'production' : 'development',
      'meta:tenantNamespace': `_${this.tenantId}`,
      'meta:xdmType': 'object',
      'meta:registryMetadata': { 'repo:createdDate': created, 'repo:lastModifiedDate': now, 'xdm:createdClientId': 'xdm-loader-sandbox', 'xdm:repositoryCreatedBy': 'xdm-loader-sandbox', eTag: hexId(16) },
    };
    delete doc.definitions;
    return doc;
  }

  createSchema(sandbox: string, body: JsonValue): JsonObject {
    if (!isJsonObject(body)) throw new RegistryError(400, 'XDM-1000-400', 'Bad Request', 'The request body must be a JSON object');
    if (typeof body.title !== 'string' || body.title.trim() === '') throw new RegistryError(400, 'XDM-1000-400', 'Bad Request', 'title is required');
    if (this.listSchemas(sandbox).some((s) => s.title === body.title)) {
      throw new RegistryError(409, 'XDM-1521-409', 'Conflict', `A schema titled '${String(body.title)}' already exists`);
    }
    const id = `https://ns.adobe.com/${this.tenantId}/schemas/${hexId(16)}`;
    const { 'meta:immutableTags': tags, ...rest } = body;
    const doc = this.withMetadata(sandbox, rest, id, '1.0', Date.now());
    if (Array.isArray(tags)) {
      this.docs.put(sandbox, 'schema', id, doc);
      if (tags.includes('union')) this.checkUnion(sandbox, doc);
      doc['meta:immutableTags'] = tags;
    }
    this.docs.put(sandbox, 'schema', id, doc);
    return doc;
  }

  /** Applies a JSON Patch; the union tag can be added but never removed (it is immutable). */
  patchSchema(sandbox: string, idOrAlt: string, ops: JsonValue): JsonObject {
    const current = this.findSchema(sandbox, idOrAlt);
    if (!current) throw notFound(idOrAlt);
    const patched = applyJsonPatch(current, ops);
    const hadUnion = Array.isArray(current['meta:immutableTags']) && current['meta:immutableTags'].includes('union');
    const hasUnion = Array.isArray(patched['meta:immutableTags']) && patched['meta:immutableTags'].includes('union');
    if (hadUnion && !hasUnion) throw new RegistryError(400, 'XDM-1525-400', 'Bad Request', 'meta:immutableTags cannot be removed');
    const [major, minor] = String(current.version ?? '1.0').split('.');
    const created = isJsonObject(current['meta:registryMetadata']) ? Number(current['meta:registryMetadata']['repo:createdDate'] ?? Date.now()) : Date.now();
    const doc = this.withMetadata(sandbox, patched, String(current.$id), `${major ?? '1'}.${Number(minor ?? '0') + 1}`, created);
    if (hasUnion && !hadUnion) this.checkUnion(sandbox, doc);
    this.docs.put(sandbox, 'schema', String(current.$id), doc);
    return doc;
  }

  private checkUnion(sandbox: string, doc: JsonObject): void {
    const cls = doc['meta:class'];
    if (cls !== PROFILE_CLASS && cls !== EVENT_CLASS) {
      throw new RegistryError(400, 'XDM-1526-400', 'Bad Request', 'Only schemas of the XDM Individual Profile or XDM ExperienceEvent class can be enabled for Profile');
    }
    const full = this.resolve(sandbox, doc);
    const hasIdentityMap = isJsonObject(full.properties) && isJsonObject(full.properties.identityMap);
    const hasPrimary = this.identityFields(sandbox, String(doc.$id)).some((f) => f.primary);
    if (!hasIdentityMap && !hasPrimary) {
      throw new RegistryError(400, 'XDM-1527-400', 'Bad Request', 'A schema needs a primary identity (descriptor or identityMap) before it can be enabled for Profile');
    }
  }

  /** The merged Compatibility Mode tree of a tenant schema or global resource. */
  resolve(sandbox: string, doc: JsonObject): JsonObject {
    return new CompatResolver(this.lookup(sandbox)).resolveDocument(doc);
  }

  /** A record validator for a schema, cached per version; `csvText` accepts Data Prep's boolean words (CSV cells are text). */
  validatorFor(sandbox: string, schemaId: string, csvText = false): RecordValidator {
    const doc = this.findSchema(sandbox, schemaId);
    if (!doc) throw notFound(schemaId);
    const key = `${sandbox}\u0000${String(doc.$id)}`;
    const version = String(doc.version);
    let cached = this.validators.get(key);
    if (!cached || cached.version !== version) {
      const full = this.resolve(sandbox, doc);
      cached = { version, validator: new RecordValidator(full), csv: new RecordValidator(full, { dataPrepBooleans: true }) };
      this.validators.set(key, cached);
    }
    return csvText ? cached.csv : cached.validator;
  }

  isUnion(sandbox: string, schemaId: string): boolean {
    const doc = this.findSchema(sandbox, schemaId);
    return !!doc && Array.isArray(doc['meta:immutableTags']) && doc['meta:immutableTags'].includes('union');
  }

  listDescriptors(sandbox: string): JsonObject[] {
    return this.docs.list<JsonObject>(sandbox, 'descriptor');
  }

  createDescriptor(sandbox: string, body: JsonValue): JsonObject {
    if (!isJsonObject(body) || typeof body['@type'] !== 'string') throw new RegistryError(400, 'XDM-1000-400', 'Bad Request', '@type is required');
    const source = body['xdm:sourceSchema'];
    if (typeof source !== 'string' || !this.findSchema(sandbox, source)) {
      throw new RegistryError(400, 'XDM-1010-404', 'Resource Not Found', `The source schema ${String(source)} was not found`);
    }
    if (body['@type'] === 'xdm:descriptorIdentity') {
      if (typeof body['xdm:sourceProperty'] !== 'string' || typeof body['xdm:namespace'] !== 'string') {
        throw new RegistryError(400, 'XDM-1000-400', 'Bad Request', 'An identity descriptor needs xdm:sourceProperty and xdm:namespace');
      }
      if (body['xdm:isPrimary'] === true && this.identityFields(sandbox, source).some((f) => f.primary)) {
        throw new RegistryError(400, 'XDM-1528-400', 'Bad Request', 'The schema already has a primary identity descriptor');
      }
    }
    const id = hexId(20);
    const doc: JsonObject = {
      ...body,
      '@id': id,
      'meta:containerId': 'tenant',
      'meta:sandboxId': sandbox,
      'meta:sandboxType': sandbox === 'prod' ? 'production' : 'development',
      imsOrg: this.orgId,
      version: '1',
      'meta:registryMetadata': { 'repo:createdDate': Date.now(), 'repo:lastModifiedDate': Date.now(), 'xdm:createdClientId': 'xdm-loader-sandbox', eTag: hexId(16) },
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

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function notFound(id: string): RegistryError {
  return new RegistryError(404, 'XDM-1012-404', 'Resource Not Found', `The requested resource ${id} was not found`);
}
