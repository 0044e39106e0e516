import { Flex, Radio, RadioGroup, TextField } from '@adobe/react-spectrum';
import { useMemo } from 'react';
import type { TargetClassChoice, TargetProposalShape } from '../../../src-shared/ipc/requests/targets';
import type { ProposalChoices } from '../../state/target-from-file-slice';
import { IdentityChoice } from './identity-choice';
import { classWords } from './proposal-words';
import { TermHelp } from '../help/term-help';

/**
 * What the steward confirms or changes before anything is created: the class (guessed), the
 * schema and dataset names, and the primary identity (column and namespace, or a new one).
 * Why the class and identity ask for the file again: they change which fields the columns feed
 * and their types (an identity is always a string), so the proposal is made again from the data;
 * names change nothing in the data and apply at once.
 */
export function ProposalForm({
  proposal,
  names,
  isDisabled,
  onRename,
  onChoose,
}: {
  proposal: TargetProposalShape;
  names: { schemaTitle: string; datasetName: string };
  isDisabled: boolean;
  onRename: (names: { schemaTitle: string; datasetName: string }) => void;
  onChoose: (choices: ProposalChoices) => void;
}) {
  const columns = useMemo(() => proposal.fields.flatMap((f) => (f.source.kind === 'column' ? [f.source.column] : [])), [proposal]);

  return (
    <Flex direction="column" gap="size-200">
      <RadioGroup
        label="Class"
        contextualHelp={<TermHelp term="class" />}
        orientation="horizontal"
        value={proposal.class.choice}
        isDisabled={isDisabled}
        onChange={(value) =>
          onChoose({ class: value as TargetClassChoice, identity: { column: proposal.identity.column, namespace: proposal.identity.namespace } })
        }
        description={proposal.class.guessed ? `Guessed from the columns (${proposal.class.reason}). Confirm or change it.` : 'Chosen by you.'}
      >
        <Radio value="profile">{classWords.profile}</Radio>
        <Radio value="event">{classWords.event}</Radio>
      </RadioGroup>
      <Flex gap="size-200" wrap>
        <TextField
          label="Schema name"
          value={names.schemaTitle}
          onChange={(schemaTitle) => onRename({ ...names, schemaTitle })}
          isDisabled={isDisabled}
          isRequired
          validationState={names.schemaTitle.trim() === '' ? 'invalid' : undefined}
          errorMessage="A schema name is required."
          width="size-4600"
        />
        <TextField
          label="Dataset name"
          value={names.datasetName}
          onChange={(datasetName) => onRename({ ...names, datasetName })}
          isDisabled={isDisabled}
          isRequired
          validationState={names.datasetName.trim() === '' ? 'invalid' : undefined}
          errorMessage="A dataset name is required."
          width="size-4600"
        />
      </Flex>
      <IdentityChoice
        columns={columns}
        current={{ column: proposal.identity.column, namespace: proposal.identity.namespace }}
        isDisabled={isDisabled}
        actionLabel="Use this identity"
        onApply={(identity) => onChoose({ class: proposal.class.choice, identity })}
      />
    </Flex>
  );
}
