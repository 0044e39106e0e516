import type { TargetProposalShape } from '../ipc/requests/targets';

/** The custom field group of a schema titled `title`: one per schema, found again by this title on the next run. */
export function customFieldGroupTitle(title: string): string {
  return `${title}: file columns`;
}

/**
 * The proposal under the names the steward typed.
 * Why here and not by proposing again: names do not change what the file holds, so a rename
 * must not read the whole file a second time; the custom field group follows the schema's title.
 */
export function renameProposal(proposal: TargetProposalShape, names: { schemaTitle: string; datasetName: string }): TargetProposalShape {
  const schemaTitle = names.schemaTitle.trim();
  return {
    ...proposal,
    schemaTitle,
    customFieldGroup: proposal.customFieldGroup ? { ...proposal.customFieldGroup, title: customFieldGroupTitle(schemaTitle) } : null,
    dataset: { ...proposal.dataset, name: names.datasetName.trim() },
  };
}
