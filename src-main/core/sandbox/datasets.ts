/**
 * Dataset helpers shared by Catalog, ingestion, streaming and Profile.
 *
 * Whether a dataset feeds Profile is decided by its tags (`unifiedProfile: ["enabled:true"]`, spaces
 * around `:` ignored, aep-notes §3.3) together with its schema's `union` tag. A dataset document has
 * the properties real Catalog answers carry (the guides' examples and a live answer quoted in Adobe's
 * tutorials), because clients index them: `classification`, `state`, `sandboxId`, the Query Service
 * table tag `adobe/pqs/table`...
 */
import type { Caller } from './caller';
import type { SandboxContext } from './context';
import { hexId, sandboxIdOf } from './ids';
import { isJsonObject, type JsonObject, type JsonValue } from './json';

/** True when a tag list contains `enabled:true` (also `enabled: true`). */
export function tagEnabled(dataset: JsonObject, tag: string): boolean {
  const tags = isJsonObject(dataset.tags) ? dataset.tags : {};
  const v = tags[tag];
  return Array.isArray(v) && v.some((x) => typeof x === 'string' && x.replace(/\s+/g, '').toLowerCase() === 'enabled:true');
}

/** The `$id` of a dataset's schema. */
export function schemaIdOf(dataset: JsonObject): string | undefined {
  return isJsonObject(dataset.schemaRef) && typeof dataset.schemaRef.id === 'string' ? dataset.schemaRef.id : undefined;
}

/** A dataset reaches Profile when the dataset is tagged and its schema carries `union`. */
export function profileEnabled(ctx: Pick<SandboxContext, 'registry'>, sandbox: string, dataset: JsonObject): boolean {
  const schemaId = schemaIdOf(dataset);
  return tagEnabled(dataset, 'unifiedProfile') && schemaId !== undefined && ctx.registry.isUnion(sandbox, schemaId);
}

/** Bumps a semver string's patch number, as Catalog does on every change. */
export function bumpVersion(version: unknown): string {
  const [a = '1', b = '0', c = '0'] = String(typeof version === 'string' ? version : '1.0.0').split('.');
  return `${a}.${b}.${Number(c) + 1}`;
}

/** XDM's data behaviours (`https://ns.adobe.com/xdm/data/{behaviour}`), as `classification.dataBehavior` names them. */
const BEHAVIOURS = ['time-series', 'adhoc', 'record'];

/** `classification.dataBehavior` of a dataset: the behaviour its schema's class extends (`record` when unknown). */
export function dataBehaviorOf(ctx: Pick<SandboxContext, 'registry'>, sandbox: string, schemaId: string | undefined): string {
  const schema = schemaId ? ctx.registry.findSchema(sandbox, schemaId) : undefined;
  const ext = new Set(Array.isArray(schema?.['meta:extends']) ? schema['meta:extends'] : []);
  return BEHAVIOURS.find((b) => ext.has(`https://ns.adobe.com/xdm/data/${b}`)) ?? 'record';
}

/**
 * The Query Service table name AEP gives a dataset (`adobe/pqs/table`): its name in lower case with every
 * run of other characters as `_` ("Demo System - Event Dataset (v1.1)" → `demo_system_event_dataset_v1_1`),
 * with a number added when another dataset of the sandbox has it (inferred from Adobe's examples).
 */
export function pqsTableName(name: string, taken: ReadonlySet<string>): string {
  const base =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '') || 'dataset';
  let table = base;
  for (let n = 1; taken.has(table); n += 1) table = `${base}_${n}`;
  return table;
}

function pqsTablesOf(ctx: Pick<SandboxContext, 'docs'>, sandbox: string): Set<string> {
  const tables = ctx.docs
    .list<JsonObject>(sandbox, 'dataset')
    .flatMap((d) => (isJsonObject(d.tags) && Array.isArray(d.tags['adobe/pqs/table']) ? d.tags['adobe/pqs/table'] : []));
  return new Set(tables.map(String));
}

export interface NewDataset {
  name: string;
  description?: string;
  schemaRef: JsonValue;
  tags?: JsonObject;
  enableErrorDiagnostics?: boolean;
  fileDescription?: JsonObject;
  extensions?: JsonObject;
}

/** A new dataset document as Catalog stores and serves it. */
export function newDatasetDocument(
  ctx: Pick<SandboxContext, 'docs' | 'registry' | 'credentials'>,
  sandbox: string,
  id: string,
  input: NewDataset,
  caller: Caller,
): JsonObject {
  const now = Date.now();
  const tags: JsonObject = { ...(input.tags ?? {}) };
  if (!Array.isArray(tags['adobe/pqs/table'])) tags['adobe/pqs/table'] = [pqsTableName(input.name, pqsTablesOf(ctx, sandbox))];
  const schemaId = isJsonObject(input.schemaRef) && typeof input.schemaRef.id === 'string' ? input.schemaRef.id : undefined;
  const doc: JsonObject = {
    name: input.name,
    description: input.description ?? '',
    imsOrg: ctx.credentials.orgId,
    sandboxId: sandboxIdOf(sandbox),
    tags,
    state: 'DRAFT',
    version: '1.0.0',
    created: now,
    updated: now,
    createdClient: caller.client,
    createdUser: caller.user,
    updatedUser: caller.user,
    classification: { dataBehavior: dataBehaviorOf(ctx, sandbox, schemaId), managedBy: 'CUSTOMER' },
    viewId: hexId(),
    files: `@/dataSetFiles?dataSetId=${id}`,
    schemaRef: input.schemaRef,
    enableErrorDiagnostics: input.enableErrorDiagnostics === true,
    fileDescription: input.fileDescription ?? { persisted: true, containerFormat: 'parquet', format: 'parquet' },
    basePath: `local://${sandbox}/datasets/${id}`,
    observableSchema: {},
    dule: {},
    statsCache: {},
  };
  if (input.extensions) doc.extensions = input.extensions;
  return doc;
}

/**
 * A stored dataset as Catalog serves it: documents written by earlier versions of the sandbox get the
 * properties they lacked (a client indexing `classification` must not meet an old dataset without it).
 */
export function servedDataset(ctx: Pick<SandboxContext, 'registry'>, sandbox: string, doc: JsonObject): JsonObject {
  if (isJsonObject(doc.classification) && typeof doc.state === 'string' && doc.sandboxId !== sandbox) return doc;
  return {
    state: 'DRAFT',
    observableSchema: {},
    dule: {},
    statsCache: {},
    ...doc,
    sandboxId: doc.sandboxId === sandbox || doc.sandboxId === undefined ? sandboxIdOf(sandbox) : doc.sandboxId,
    classification: isJsonObject(doc.classification)
      ? doc.classification
      : { dataBehavior: dataBehaviorOf(ctx, sandbox, schemaIdOf(doc)), managedBy: 'CUSTOMER' },
  };
}
