import type { IdentityNamespaceSummary } from '../../../../src-shared/platform/targets';
import type { IdentityDescriptor } from '../../../../src-shared/xdm/identity-descriptors';
import { type CatalogDataset, tagHas } from '../../platform/catalog';
import type { SchemaDocument } from '../../platform/schema-registry';
import { preflightFixes } from './preflight-fixes';
import type { PreflightCheck } from './preflight-types';
import type { PreparedIdentityIssues } from './record-identities';

/**
 * The Profile checks of preflight as pure functions of what was fetched.
 * Why pure: the runner does the calls once; each rule here is a few lines a reader can check
 * against aep-notes, and says in plain words what is wrong and how to fix it.
 */

const PROFILE_CLASSES = ['https://ns.adobe.com/xdm/context/profile', 'https://ns.adobe.com/xdm/context/experienceevent'];

export function schemaClassCheck(schema: SchemaDocument): PreflightCheck {
  const cls = typeof schema['meta:class'] === 'string' ? schema['meta:class'] : undefined;
  if (cls !== undefined && PROFILE_CLASSES.includes(cls))
    return { id: 'schema-class', status: 'passed', message: `The schema's class (${cls.split('/').pop()}) can feed Profile.` };
  return {
    id: 'schema-class',
    status: 'failed',
    code: 'SCHEMA_CLASS_NOT_PROFILE',
    message: `The schema's class is ${cls ?? 'unknown'}; only XDM Individual Profile and XDM ExperienceEvent schemas can be enabled for Profile.`,
    howToFix: 'Load into a dataset whose schema is of the Individual Profile or ExperienceEvent class, or load without Profile.',
  };
}

export function unionCheck(schema: SchemaDocument, title: string): PreflightCheck {
  const tags = Array.isArray(schema['meta:immutableTags']) ? schema['meta:immutableTags'] : [];
  if (tags.includes('union')) return { id: 'schema-union', status: 'passed', message: `Schema "${title}" is enabled for Profile (union tag).` };
  return {
    id: 'schema-union',
    status: 'failed',
    code: 'SCHEMA_NOT_UNION',
    message: `Schema "${title}" is not enabled for Profile (it has no "union" tag), so nothing loaded with it reaches Profile.`,
    howToFix:
      'Enable the schema for Profile (in AEP: Schemas, open the schema, turn on Profile). The schema needs a primary identity ' +
      '(an identity descriptor or an identityMap field) first.',
    fix: preflightFixes['enable-schema-for-profile'],
  };
}

export function datasetTagChecks(dataset: CatalogDataset, name: string): PreflightCheck[] {
  const fix = preflightFixes['enable-dataset-for-profile'];
  const profile = tagHas(dataset.tags, 'unifiedProfile', 'enabled:true');
  const identity = tagHas(dataset.tags, 'unifiedIdentity', 'enabled:true');
  return [
    profile
      ? { id: 'dataset-profile', status: 'passed', message: `Dataset "${name}" is enabled for Profile.` }
      : {
          id: 'dataset-profile',
          status: 'failed',
          code: 'DATASET_NOT_PROFILE',
          message: `Dataset "${name}" is not enabled for Profile (tag unifiedProfile), so its batches land in the data lake only.`,
          howToFix:
            'Enable the dataset for Profile (in AEP: Datasets, open the dataset, turn on Profile) before uploading: data loaded earlier does not reach Profile afterwards.',
          fix,
        },
    identity
      ? { id: 'dataset-identity', status: 'passed', message: `Dataset "${name}" is enabled for Identity Service.` }
      : {
          id: 'dataset-identity',
          status: 'failed',
          code: 'DATASET_NOT_IDENTITY',
          message: `Dataset "${name}" is not enabled for Identity Service (tag unifiedIdentity), so its identities are not linked into profiles.`,
          howToFix: 'Enable the dataset for Profile and Identity (both tags) before uploading.',
          fix,
        },
  ];
}

export interface IdentitySample {
  recordsChecked: number;
  withoutPrimary: number;
  /** Records with more than one primary identity (Profile needs exactly one). */
  severalPrimary: number;
  /** 1-based position (in reading order) of the first record without a primary identity. */
  firstWithout?: number;
}

/**
 * Whether records carry a primary identity.
 * Why a sample counts: a record without one is ingested to the data lake and silently skipped by
 * Profile (aep-notes §9.2 "Gaps"), so even one is worth saying before the upload.
 */
export function primaryIdentityCheck(
  sample: IdentitySample | undefined,
  descriptors: readonly IdentityDescriptor[],
  mappingHasPrimary: boolean,
  prepared?: PreparedIdentityIssues,
): PreflightCheck {
  const descriptorPrimary = descriptors.find((d) => d.primary);
  const fixText =
    'Mark one identity as primary in the mapping (identityMap builder: "primary"), or give the schema a primary identity ' +
    'field (identity descriptor) that every record fills, then prepare again.';
  // Prepare read every row; what it flagged stands even when the sample below missed it.
  if (prepared && prepared.noPrimary + prepared.severalPrimary > 0) {
    const parts = [
      prepared.noPrimary > 0 ? `${prepared.noPrimary} row${prepared.noPrimary === 1 ? '' : 's'} without a primary identity` : '',
      prepared.severalPrimary > 0 ? `${prepared.severalPrimary} with several` : '',
    ].filter(Boolean);
    return {
      id: 'primary-identity',
      status: 'failed',
      code: 'NO_PRIMARY_IDENTITY',
      message: `Prepare flagged ${parts.join(' and ')}; AEP ingests them but Profile skips them.`,
      howToFix: fixText,
    };
  }
  if (sample === undefined) {
    if (descriptorPrimary || mappingHasPrimary) {
      const where = descriptorPrimary
        ? `the schema's primary identity ${descriptorPrimary.path} (${descriptorPrimary.namespace})`
        : 'a primary identity in the mapping';
      return { id: 'primary-identity', status: 'passed', message: `Records get ${where}; no prepared records were read to confirm it.` };
    }
    return {
      id: 'primary-identity',
      status: 'failed',
      code: 'NO_PRIMARY_IDENTITY',
      message: 'Neither the schema nor the mapping defines a primary identity.',
      howToFix: fixText,
    };
  }
  if (sample.recordsChecked === 0) return { id: 'primary-identity', status: 'warning', code: 'NO_RECORDS', message: 'There are no records to check.' };
  if (sample.withoutPrimary === 0 && sample.severalPrimary === 0) {
    return { id: 'primary-identity', status: 'passed', message: `All ${sample.recordsChecked} records read carry exactly one primary identity.` };
  }
  const without =
    sample.withoutPrimary > 0
      ? `${sample.withoutPrimary} of ${sample.recordsChecked} records read have no primary identity (the first is record ${sample.firstWithout ?? '?'})`
      : '';
  const several = sample.severalPrimary > 0 ? `${sample.severalPrimary} of ${sample.recordsChecked} have several` : '';
  return {
    id: 'primary-identity',
    status: 'failed',
    code: 'NO_PRIMARY_IDENTITY',
    message: `${[without, several].filter(Boolean).join('; ')}; AEP ingests them but Profile skips them.`,
    howToFix: fixText,
  };
}

/** Most missing fields named in a message; the rest are counted. */
const MAX_NAMED = 12;

/**
 * Whether the dataset's schema has every field the records carry.
 * Why a failed check and not a warning: AEP refuses each record with an extraneous key, so the
 * whole batch fails (issue 15: 300 of 300, `extraneous key [consents] is not permitted`).
 */
export function missingFieldsCheck(
  missing: readonly string[],
  recordsRead: number,
  datasetName: string,
  schemaTitle: string,
  sharesTopLevelFields = true,
): PreflightCheck {
  if (missing.length === 0) {
    return { id: 'schema-fields', status: 'passed', message: `Every field of the ${recordsRead} records read is in the dataset's schema "${schemaTitle}".` };
  }
  const named = missing.slice(0, MAX_NAMED).join(', ');
  const more = missing.length > MAX_NAMED ? ` and ${missing.length - MAX_NAMED} more` : '';
  if (!sharesTopLevelFields) {
    return {
      id: 'schema-fields',
      status: 'failed',
      code: 'NOT_XDM',
      message: `The records are not XDM-shaped: none of their top-level fields (${named}${more}) is in the schema "${schemaTitle}" of dataset "${datasetName}". Nothing would load.`,
      howToFix:
        'Map the file to XDM (Map to XDM on the File step), prepare it, then upload the prepared records; "Upload as is" is for files that already hold XDM records.',
    };
  }
  return {
    id: 'schema-fields',
    status: 'failed',
    code: 'SCHEMA_FIELDS_MISSING',
    message: `Dataset "${datasetName}" uses schema "${schemaTitle}", which lacks ${missing.length === 1 ? 'a field' : 'fields'} the records carry: ${named}${more}. AEP would reject those records.`,
    howToFix: "Choose a dataset whose schema has these fields, or choose the dataset's schema as the target on the Map step and prepare the file again.",
  };
}

/**
 * Whether every namespace the records and the schema use exists in the sandbox.
 * Why: an identity in an unregistered namespace is the most common reason data never reaches
 * Profile (aep-notes §6); a code that differs only in case is flagged, since codes are matched
 * case-insensitively in some places (Profile answers in lower case) and not promised to be in others.
 */
export function namespaceChecks(used: ReadonlyMap<string, string>, namespaces: readonly IdentityNamespaceSummary[]): PreflightCheck[] {
  const checks: PreflightCheck[] = [];
  const unknown: string[] = [];
  for (const [code, where] of used) {
    const exact = namespaces.find((n) => n.code === code || String(n.id) === code);
    if (exact) continue;
    const folded = namespaces.find((n) => n.code.toLowerCase() === code.toLowerCase());
    if (folded) {
      checks.push({
        id: `namespace-${code}`,
        status: 'warning',
        code: 'NAMESPACE_CASE',
        message: `Namespace "${code}" (${where}) is written "${folded.code}" in the sandbox.`,
        howToFix: `Use the code exactly as the sandbox has it ("${folded.code}") in the mapping, then prepare again.`,
      });
      continue;
    }
    unknown.push(`${code} (${where})`);
  }
  if (unknown.length > 0) {
    checks.unshift({
      id: 'namespaces',
      status: 'failed',
      code: 'NAMESPACE_UNKNOWN',
      message: `The sandbox has no identity namespace ${unknown.join(', ')}; identities in it never reach Profile.`,
      howToFix: 'Create the namespace in AEP (Identities, Create identity namespace) with this exact code, or map the identity to an existing namespace.',
    });
  } else if (used.size > 0) {
    checks.unshift({ id: 'namespaces', status: 'passed', message: `The namespaces used (${[...used.keys()].join(', ')}) exist in the sandbox.` });
  }
  return checks;
}
