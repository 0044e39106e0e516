import { isAppError } from '../../../../src-shared/domain/errors';
import type { IdentityRule } from '../../../../src-shared/mapping/mapping-types';
import { type IdentityDescriptor, pointerToPath } from '../../../../src-shared/xdm/identity-descriptors';
import { type CatalogDataset, getDataset } from '../../platform/catalog';
import { listNamespaces } from '../../platform/identity';
import type { PlatformClient } from '../../platform/platform-client';
import { getSchema, listIdentityDescriptors, type SchemaDocument } from '../../platform/schema-registry';
import { buildFieldTree } from '../../../../src-shared/xdm/field-tree';
import type { XdmSchemaNode } from '../../../../src-shared/xdm/xdm-schema-node';
import {
  datasetTagChecks,
  type IdentitySample,
  missingFieldsCheck,
  namespaceChecks,
  primaryIdentityCheck,
  schemaClassCheck,
  unionCheck,
} from './preflight-checks';
import type { PreflightCheck, PreflightReport } from './preflight-types';
import { MissingFields } from './record-fields';
import { type PreparedIdentityIssues, primaryCount, recordIdentities } from './record-identities';

/**
 * Preflight: before an upload, checks that the dataset can take the records and, when the
 * steward wants Profile, that they will reach it (issue 6, design §1 step 6).
 * Why before: a batch into the wrong dataset or a Profile-blind one succeeds at Adobe and fails
 * the steward silently; every cause found here is one that "confirmation" would otherwise only
 * be able to guess afterwards.
 */
export interface PreflightInput {
  datasetId: string;
  /** The mapping's schema (`$id` or `meta:altId`); without it only the dataset's own schema is used. */
  schemaId?: string;
  /** Whether the records should reach Real-Time Customer Profile. */
  profile: boolean;
  /** Prepared records to sample (read up to `sampleSize`). */
  records?: AsyncIterable<Record<string, unknown>> | Iterable<Record<string, unknown>>;
  /** The mapping's identity rules, for the namespaces used when no records are given. */
  identityRules?: readonly IdentityRule[];
  /** Records read from `records` (default 1000). */
  sampleSize?: number;
  /**
   * Identity warnings prepare counted over the whole file (summary.json's `issuesByKind`).
   * Why: preflight samples, prepare saw every row; a row prepare flagged must not pass here.
   */
  preparedIdentityIssues?: PreparedIdentityIssues;
  signal?: AbortSignal;
}

const DEFAULT_SAMPLE = 1000;

/** Up to `limit` records, read once for every check that looks at them. */
async function readSample(records: NonNullable<PreflightInput['records']>, limit: number): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for await (const record of records) {
    if (out.length >= limit) break;
    out.push(record);
  }
  return out;
}

export async function runPreflight(client: PlatformClient, input: PreflightInput): Promise<PreflightReport> {
  const checks: PreflightCheck[] = [];
  const report = (extra: Partial<PreflightReport> = {}): PreflightReport => ({
    ok: !checks.some((c) => c.status === 'failed'),
    datasetId: input.datasetId,
    profile: input.profile,
    recordsChecked: 0,
    checks,
    ...extra,
  });

  // 1. The dataset exists in this sandbox.
  let dataset: CatalogDataset;
  try {
    dataset = await getDataset(client, input.datasetId, input.signal);
  } catch (error) {
    if (!isAppError(error) || error.code !== 'NOT_FOUND') throw error;
    checks.push({
      id: 'dataset',
      status: 'failed',
      code: 'DATASET_NOT_FOUND',
      message: `Sandbox "${client.target.sandboxName}" has no dataset ${input.datasetId}.`,
      howToFix:
        "Check the dataset id and the connection's sandbox (datasets exist only in the sandbox they were created in); `xdm-loader datasets` lists them.",
    });
    return report();
  }
  const name = dataset.name ?? input.datasetId;
  checks.push({ id: 'dataset', status: 'passed', message: `Dataset "${name}" exists in sandbox "${client.target.sandboxName}".` });

  // 2. Its schema is the mapping's schema.
  const datasetSchemaId = dataset.schemaRef?.id;
  if (datasetSchemaId === undefined) {
    checks.push({
      id: 'schema',
      status: 'failed',
      code: 'DATASET_NO_SCHEMA',
      message: `Dataset "${name}" has no XDM schema, so it cannot take XDM batches.`,
      howToFix: 'Choose a dataset created from an XDM schema.',
    });
    return report({ datasetName: name });
  }
  let schema: SchemaDocument | undefined;
  try {
    schema = await getSchema(client, datasetSchemaId, { format: 'xed', ...(input.signal ? { signal: input.signal } : {}) });
  } catch (error) {
    if (!isAppError(error) || error.code !== 'NOT_FOUND') throw error;
  }
  const schemaTitle = typeof schema?.title === 'string' ? schema.title : datasetSchemaId;
  const sample = input.records ? await readSample(input.records, input.sampleSize ?? DEFAULT_SAMPLE) : undefined;
  if (input.schemaId === undefined) {
    if (!sample)
      checks.push({
        id: 'schema',
        status: 'skipped',
        message: `No mapping schema given: records are checked against the dataset's schema "${schemaTitle}" at ingestion.`,
      });
  } else if (input.schemaId === datasetSchemaId || (schema !== undefined && input.schemaId === schema['meta:altId'])) {
    checks.push({ id: 'schema', status: 'passed', message: `The dataset's schema is the mapping's schema ("${schemaTitle}").` });
  } else {
    checks.push({
      id: 'schema',
      status: 'failed',
      code: 'SCHEMA_MISMATCH',
      message: `The records were mapped to schema ${input.schemaId}, but dataset "${name}" uses "${schemaTitle}" (${datasetSchemaId}); AEP would reject or misread them.`,
      howToFix: "Choose a dataset of the mapping's schema, or map and prepare the file again against the dataset's schema.",
    });
  }
  if (schema === undefined) {
    checks.push({
      id: 'schema-found',
      status: 'failed',
      code: 'SCHEMA_NOT_FOUND',
      message: `The dataset's schema ${datasetSchemaId} is not in the Schema Registry of this sandbox.`,
      howToFix: 'The dataset points at a deleted schema: create the dataset again from an existing schema.',
    });
    return report({ datasetName: name, schemaId: datasetSchemaId });
  }
  if (sample) {
    const full = await getSchema(client, datasetSchemaId, { format: 'xed-full', ...(input.signal ? { signal: input.signal } : {}) });
    const missing = new MissingFields(buildFieldTree(full as XdmSchemaNode));
    for (const record of sample) missing.add(record);
    checks.push(missingFieldsCheck(missing.paths(), sample.length, name, schemaTitle, missing.sharesTopLevelFields()));
  }
  if (!input.profile) return report({ datasetName: name, schemaId: datasetSchemaId, recordsChecked: sample?.length ?? 0 });

  // 3. Profile: schema class and union tag, dataset tags.
  checks.push(schemaClassCheck(schema), unionCheck(schema, schemaTitle), ...datasetTagChecks(dataset, name));

  // 4. Identities: a primary one on every record read, and namespaces that exist.
  const descriptors: IdentityDescriptor[] = (await listIdentityDescriptors(client, input.signal))
    .filter((d) => d['xdm:sourceSchema'] === datasetSchemaId)
    .map((d) => ({ path: pointerToPath(d['xdm:sourceProperty']), namespace: d['xdm:namespace'], primary: d['xdm:isPrimary'] === true }));
  const used = new Map<string, string>();
  for (const d of descriptors) used.set(d.namespace, `schema field ${d.path}`);
  for (const rule of input.identityRules ?? []) if (!used.has(rule.namespace)) used.set(rule.namespace, `mapping, column ${rule.column}`);
  let identitySample: IdentitySample | undefined;
  if (sample) {
    const counted: IdentitySample = { recordsChecked: sample.length, withoutPrimary: 0, severalPrimary: 0 };
    sample.forEach((record, i) => {
      const identities = recordIdentities(record, descriptors);
      for (const id of identities) if (!used.has(id.namespace)) used.set(id.namespace, id.from === 'identityMap' ? 'identityMap of the records' : 'records');
      const primaries = primaryCount(identities);
      if (primaries === 0) {
        counted.withoutPrimary += 1;
        counted.firstWithout ??= i + 1;
      } else if (primaries > 1) counted.severalPrimary += 1;
    });
    identitySample = counted;
  }
  const mappingHasPrimary = (input.identityRules ?? []).some((r) => r.primary);
  checks.push(primaryIdentityCheck(identitySample, descriptors, mappingHasPrimary, input.preparedIdentityIssues));
  checks.push(...namespaceChecks(used, await listNamespaces(client, input.signal)));
  return report({ datasetName: name, schemaId: datasetSchemaId, recordsChecked: sample?.length ?? 0 });
}
