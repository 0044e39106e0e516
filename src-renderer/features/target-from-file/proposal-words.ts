import type { CreationStepShape, ProposedFieldShape, TargetProposalShape } from '../../../src-shared/ipc/requests/targets';

/** The words of the target-from-file panel, kept apart so the panel reads as layout. */

export const classWords = { profile: 'XDM Individual Profile', event: 'XDM ExperienceEvent' } as const;

/** A field's type as a steward reads it: `string (email)`, `date-time`, `long`. */
export function typeWords(field: Pick<ProposedFieldShape, 'kind' | 'format'>): string {
  if (field.format && field.format !== field.kind) return `${field.kind} (${field.format})`;
  return field.kind;
}

/** Where a field comes from: the class, a standard field group (its short name), or the file's own field group. */
export function originWords(field: ProposedFieldShape, proposal: TargetProposalShape): string {
  switch (field.origin.kind) {
    case 'class':
      return 'class';
    case 'standard':
      return field.origin.fieldGroupId.replace(/^.*\/mixins\//, '').replace(/^.*\//, '');
    case 'custom':
      return proposal.customFieldGroup?.title ?? 'custom';
  }
}

/** Why a column went to the custom field group rather than a standard field. */
export function whyCustom(field: ProposedFieldShape, proposal: TargetProposalShape): string {
  const column = field.source.kind === 'column' ? field.source.column : null;
  return proposal.customFieldGroup?.fields.find((f) => f.column === column)?.why ?? '';
}

/** What feeds a field: its column, or a generated value. */
export function sourceWords(field: ProposedFieldShape): string {
  return field.source.kind === 'column' ? field.source.column : `generated: ${field.source.expression}`;
}

/** A step's status: before creating (found, will be created), after (created, failed, not created). */
export const stepStatusWords: Record<CreationStepShape['status'], string> = {
  exists: 'Exists already',
  created: 'Created',
  reused: 'Taken over',
  'to-create': 'Will be created',
  'to-reuse': 'Will be taken over',
  failed: 'Failed',
  'not-reached': 'Not created',
  'not-needed': 'Not needed',
};
