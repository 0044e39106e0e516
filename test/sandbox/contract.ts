/**
 * Contract checking: validates sandbox responses against Adobe's OpenAPI/Swagger files.
 *
 * Loads the repository's copy of Adobe's specs (`test/fixtures/aep-openapi`), finds the operation whose path
 * template matches a request, and validates the JSON body with Ajv against the response schema of
 * the status. Places where we follow Adobe's guides over its spec are listed in `GUIDE_OVER_SPEC`
 * (and in src-main/core/sandbox/README.md); any other mismatch fails the test.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import SwaggerParser from '@apidevtools/swagger-parser';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '../..');
export const specDir = path.resolve(repoRoot, 'test/fixtures/aep-openapi');

export interface SpecInfo {
  file: string;
  prefix: string;
}

/** Adobe's spec files and the prefix their paths are served under. */
export const SPECS: readonly SpecInfo[] = [
  { file: 'schema-registry.yaml', prefix: '/data/foundation/schemaregistry' },
  { file: 'catalog.yaml', prefix: '/data/foundation/catalog' },
  { file: 'batch-ingestion.yaml', prefix: '/data/foundation/import' },
  { file: 'data-access.yaml', prefix: '/data/foundation/export' },
  { file: 'identity-service.yaml', prefix: '/data/core' },
  { file: 'profile.yaml', prefix: '/data/core' },
  { file: 'streaming-ingestion.yaml', prefix: '' },
];

/**
 * Responses where the sandbox follows Adobe's guides rather than its spec (aep-notes §11).
 * Key: `METHOD template status`.
 */
export const GUIDE_OVER_SPEC = new Set([
  // Large-file INITIALIZE and COMPLETE: 201 (guide) with the spec's `File` body, where the spec says 200.
  'POST /batches/{batchId}/datasets/{datasetId}/files/{filePath} 201',
  // Small-file PUT: 200 with an empty body (guide); the spec documents no body either.
  'PUT /batches/{batchId}/datasets/{datasetId}/files/{filePath} 200',
  // Batch COMPLETE/ABORT/REVERT: 200 with an empty body (overview guide) vs `Batch` (spec).
  'POST /batches/{batchId} 200',
  // Profile POST entities above the identity limit: 422 (the task's contract; the spec lists no 422 for POST).
  'POST /ups/access/entities 422',
  // Registry deletes refused because another resource (or a dataset) uses the resource: 400 in the registry's
  // problem shape; the spec lists no 400 for these deletes, the guides say a resource in use cannot be deleted.
  'DELETE /tenant/schemas/{SCHEMA_ID} 400',
  'DELETE /tenant/classes/{CLASS_ID} 400',
  'DELETE /tenant/fieldgroups/{FIELD_GROUP_ID} 400',
  'DELETE /tenant/mixins/{MIXIN_ID} 400',
  'DELETE /tenant/datatypes/{DATA_TYPE_ID} 400',
  // Registry lookups of a resource that does not exist: 404 `XDM-1012-404` (the guides' "HTTP status 404 (Not
  // Found)" after a delete; the spec documents that 404 for schemas, classes and mixins but omits it here).
  'GET /{CONTAINER_ID}/datatypes/{DATA_TYPE_ID} 404',
  'GET /{CONTAINER_ID}/fieldgroups/{FIELD_GROUP_ID} 404',
  'GET /{CONTAINER_ID}/descriptors/{DESCRIPTOR_ID} 404',
  'GET /global/behaviors/{BEHAVIOR_ID} 404',
  'GET /tenant/unions/{UNION_ID} 404',
  // Registry operations the Local sandbox does not emulate (export/import across organizations, the audit log):
  // 501 in the registry's problem shape, saying so.
  'GET /rpc/export/{RESOURCE_ID} 501',
  'POST /rpc/import 501',
  'GET /rpc/auditlog/{RESOURCE_ID} 501',
]);

/**
 * Fields where the guides' values differ from the spec's types (aep-notes §11): `key` (or
 * `<spec file> *` for every operation of a spec) → patterns of body JSON pointers whose errors are
 * tolerated.
 */
export const GUIDE_OVER_SPEC_FIELDS = new Map<string, RegExp[]>([
  // Identity descriptors: the guides send and show `xdm:sourceVersion: 1` (a number); the spec types it as a string.
  ['POST /tenant/descriptors 201', [/^\/xdm:sourceVersion$/]],
  ['GET /{CONTAINER_ID}/descriptors/{DESCRIPTOR_ID} 200', [/^\/xdm:sourceVersion$/]],
  ['PUT /tenant/descriptors/{DESCRIPTOR_ID} 200', [/^\/xdm:sourceVersion$/]],
  // Descriptor lists: `xdm-id` / `xdm-link` give ids and API paths grouped by `@type` (the spec's own Accept table
  // and the descriptors guide's example); the spec's response schema types every item as an object.
  ['GET /{CONTAINER_ID}/descriptors 200', [/^\/xdm:descriptorIdentity\/\d+\/xdm:sourceVersion$/, /^\/xdm:[A-Za-z]+\/\d+$/]],
  // Batch creation: every guide example answers `status: "loading"`, which the spec's own enum omits;
  // the guides create CSV batches (`format: "csv"`), which the spec's `inputFormat.format` enum omits.
  ['POST /batches 201', [/^\/status$/, /^\/inputFormat\/format$/]],
  // Streaming: `receivedTimeMs` is epoch milliseconds (the spec's own example, 1551307525735), which
  // its `format: int32` cannot hold.
  ['POST /collection/{CONNECTION_ID} 200', [/^\/receivedTimeMs$/]],
  // Identity graph: the spec's own examples answer `graphs` as an array (one graph per requested identity);
  // its schema types `graphs` as one object.
  ['POST /identity/v2/graph 200', [/^\/graphs$/]],
  // Registry stats: `classUsage` keyed by class `$id` (the getting-started guide's example); the spec types it as an array.
  ['GET /stats 200', [/^\/classUsage$/]],
  // Registry lists: the guides show `"next": null` on the last page; the spec types `_page.next` as a string.
  ['schema-registry.yaml *', [/^\/_page\/next$/, /^\/_links\/next$/]],
  // Batch tags: the guides show `acp_enableErrorDiagnostics: true` and `acp_partialIngestionPercent: 5`;
  // the spec types every tag value as an array of strings.
  ['catalog.yaml *', [/^\/[^/]+\/tags\/acp_(enableErrorDiagnostics|partialIngestionPercent)$/]],
]);

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true, validateSchema: false });
addFormats.default(ajv);
ajv.addFormat('url', true);
const compiled = new Map<string, ValidateFunction>();

interface Operation {
  template: string;
  regex: RegExp;
  literal: number;
  method: string;
  responses: Record<string, unknown>;
  /** JSON pointer of the operation's `responses` object in its spec. */
  pointer: string;
  swagger2: boolean;
  spec: string;
}

type Doc = { swagger?: string; paths: Record<string, Record<string, { responses?: Record<string, unknown> }>> };

/** A copy without string `$id` values: Adobe's examples carry XDM `$id`s that Ajv would take as schema ids. */
function withoutIds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutIds);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k, v]) => !(k === '$id' && typeof v === 'string'))
      .map(([k, v]) => [k, withoutIds(v)]),
  );
}

function escapePointer(seg: string): string {
  return seg.replace(/~/g, '~0').replace(/\//g, '~1');
}

function specKey(file: string): string {
  return `https://aep-openapi.local/${file}`;
}

let loaded: Promise<Array<{ info: SpecInfo; ops: Operation[]; doc: Doc }>> | undefined;

function resolvePointer(doc: unknown, pointer: string): unknown {
  let node = doc;
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[seg] : undefined;
  }
  return node;
}

function templateRegex(template: string): RegExp {
  const escaped = template
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith('{') ? (/filePath/i.test(part) ? '(.+)' : '([^/]+)') : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${escaped}$`);
}

async function load(): Promise<Array<{ info: SpecInfo; ops: Operation[]; doc: Doc }>> {
  loaded ??= Promise.all(
    SPECS.map(async (info) => {
      // Parsed, not dereferenced: the specs have recursive schemas, which Ajv resolves through `$ref`s.
      const api = (await SwaggerParser.parse(path.join(specDir, info.file))) as unknown as Doc;
      ajv.addSchema(withoutIds(api) as object, specKey(info.file));
      const ops: Operation[] = [];
      for (const [template, item] of Object.entries(api.paths)) {
        for (const [method, op] of Object.entries(item)) {
          if (!op || typeof op !== 'object' || !op.responses) continue;
          ops.push({
            template,
            regex: templateRegex(template),
            literal: template.replace(/\{[^}]+\}/g, '').length,
            method: method.toUpperCase(),
            responses: op.responses,
            pointer: `/paths/${escapePointer(template)}/${method}/responses`,
            swagger2: api.swagger === '2.0',
            spec: info.file,
          });
        }
      }
      return { info, ops, doc: api };
    }),
  );
  return loaded;
}

export interface ContractResult {
  spec: string;
  template: string;
  /** False when the spec gives no schema for this status (nothing to validate). */
  checked: boolean;
}

/** Validates one response; throws with the Ajv errors when the body does not match the spec. */
export async function checkContract(
  method: string,
  urlPath: string,
  status: number,
  body: unknown,
  bodyText: string,
  contentType = 'application/json',
): Promise<ContractResult> {
  const specs = await load();
  const m = method.toUpperCase() === 'HEAD' ? 'HEAD' : method.toUpperCase();
  const candidates: Operation[] = [];
  for (const { info, ops } of specs) {
    if (!urlPath.startsWith(info.prefix)) continue;
    const rest = urlPath.slice(info.prefix.length) || '/';
    for (const op of ops) if (op.method === m && op.regex.test(rest)) candidates.push(op);
  }
  candidates.sort((a, b) => b.literal - a.literal);
  const op = candidates[0];
  if (!op) throw new Error(`No operation in aep-openapi for ${m} ${urlPath}`);
  const key = `${m} ${op.template} ${status}`;
  const statusKey = op.responses[String(status)] !== undefined ? String(status) : op.responses.default !== undefined ? 'default' : undefined;
  if (!statusKey) {
    if (GUIDE_OVER_SPEC.has(key)) return { spec: op.spec, template: op.template, checked: false };
    throw new Error(`${op.spec}: ${m} ${op.template} does not document status ${status}`);
  }
  let pointer = `${op.pointer}/${statusKey}`;
  let response = op.responses[statusKey] as Record<string, unknown>;
  if (typeof response.$ref === 'string') {
    pointer = response.$ref.slice(1);
    response = resolvePointer(specs.find((s) => s.info.file === op.spec)?.doc, pointer) as Record<string, unknown>;
  }
  let schemaPointer: string | undefined;
  if (op.swagger2) schemaPointer = response.schema ? `${pointer}/schema` : undefined;
  else {
    const content = response.content as Record<string, { schema?: object }> | undefined;
    const type = content ? (content['application/json'] ? 'application/json' : Object.keys(content)[0]) : undefined;
    schemaPointer = type && content?.[type]?.schema ? `${pointer}/content/${escapePointer(type)}/schema` : undefined;
  }
  // File downloads (`?path=`) share an operation with their JSON listing; their bytes are not JSON.
  if (!contentType.includes('json')) return { spec: op.spec, template: op.template, checked: false };
  if (!schemaPointer || bodyText.length === 0) {
    if (schemaPointer && bodyText.length === 0 && !GUIDE_OVER_SPEC.has(key) && m !== 'HEAD' && status !== 204) {
      throw new Error(`${op.spec}: ${key} expects a body, got none`);
    }
    return { spec: op.spec, template: op.template, checked: false };
  }
  const ref = `${specKey(op.spec)}#${schemaPointer}`;
  let validate = compiled.get(ref);
  if (!validate) {
    validate = ajv.compile({ $ref: ref });
    compiled.set(ref, validate);
  }
  const tolerated = [...(GUIDE_OVER_SPEC_FIELDS.get(key) ?? []), ...(GUIDE_OVER_SPEC_FIELDS.get(`${op.spec} *`) ?? [])];
  if (!validate(body) && (validate.errors ?? []).some((e) => !tolerated.some((t) => t.test(e.instancePath)))) {
    throw new Error(
      `${op.spec}: ${key} body does not match the spec: ${ajv.errorsText(validate.errors, { separator: '\n' })}\nbody: ${bodyText.slice(0, 600)}`,
    );
  }
  return { spec: op.spec, template: op.template, checked: true };
}
