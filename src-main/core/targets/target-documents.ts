import type { MappingFile } from '../../../src-shared/mapping/mapping-types';
import type { FieldKind } from './column-profile';
import type { ProposedCustomField, TargetProposal } from './propose-target';

/**
 * What a proposal becomes on the wire and on disk: the Schema Registry request bodies (in the
 * shapes of Adobe's field group and schema guides) and the mapping file that targets the schema.
 */

/** XDM's int with the bounds Adobe's field type guide writes (one above the two's-complement maximum). */
const INT32 = { minimum: -2_147_483_648, maximum: 2_147_483_648 };
/** XDM's long: the integers JSON numbers hold exactly. */
const LONG = { minimum: -9_007_199_254_740_991, maximum: 9_007_199_254_740_991 };

function fieldSchema(field: ProposedCustomField, fileName: string): Record<string, unknown> {
  const described = { title: field.column, description: `Column "${field.column}" of ${fileName}.` };
  const shapes: Record<FieldKind, Record<string, unknown>> = {
    string: { type: 'string', ...(field.format ? { format: field.format } : {}) },
    integer: { type: 'integer', ...INT32 },
    long: { type: 'integer', ...LONG },
    number: { type: 'number' },
    boolean: { type: 'boolean' },
    date: { type: 'string', format: 'date' },
    'date-time': { type: 'string', format: 'date-time' },
  };
  return { ...described, ...shapes[field.kind] };
}

/** `POST /tenant/fieldgroups`: the custom columns under `_{TENANT_ID}`, intended for the proposal's class. */
export function fieldGroupRequest(proposal: TargetProposal): Record<string, unknown> | null {
  const group = proposal.customFieldGroup;
  if (!group) return null;
  const properties = Object.fromEntries(group.fields.map((f) => [f.name, fieldSchema(f, proposal.fileName)]));
  return {
    title: group.title,
    description: `Columns of ${proposal.fileName} that no standard field group holds (created by XDM Loader).`,
    type: 'object',
    'meta:intendedToExtend': [proposal.class.id],
    definitions: { columns: { properties: { [group.tenantNamespace]: { type: 'object', properties } } } },
    allOf: [{ $ref: '#/definitions/columns' }],
  };
}

/** `POST /tenant/schemas`: the class, the standard field groups, then the custom one. */
export function schemaRequest(proposal: TargetProposal, customFieldGroupId: string | null): Record<string, unknown> {
  const refs = [proposal.class.id, ...proposal.standardFieldGroups, ...(customFieldGroupId ? [customFieldGroupId] : [])];
  return {
    type: 'object',
    title: proposal.schemaTitle,
    description: `Created by XDM Loader from ${proposal.fileName}.`,
    allOf: refs.map(($ref) => ({ $ref })),
  };
}

/** The identity descriptor's `xdm:sourceProperty`: the field's path with slashes. */
export function identityPointer(proposal: TargetProposal): string {
  return `/${proposal.identity.path.split('.').join('/')}`;
}

/**
 * The mapping that loads the file into the new schema: one rule per field the file feeds.
 * Why no identity rules: the primary identity is the schema's descriptor on its field, and the
 * schema has no identityMap for such rules to write into.
 */
export function proposalMapping(proposal: TargetProposal, schemaId: string): MappingFile {
  return {
    version: 1,
    schemaRef: { id: schemaId, contentType: 'application/vnd.adobe.xed-full+json;version=1' },
    rules: proposal.fields.map((f) => ({
      source: f.source.kind === 'column' ? { kind: 'column', column: f.source.column } : { kind: 'expression', expression: f.source.expression },
      destination: f.path,
    })),
    identities: [],
  };
}
