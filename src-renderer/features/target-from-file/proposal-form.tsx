import { Button, ComboBox, Flex, Item, Picker, Radio, RadioGroup, TextField } from '@adobe/react-spectrum';
import { useMemo, useState } from 'react';
import type { TargetClassChoice, TargetProposalShape } from '../../../src-shared/ipc/requests/targets';
import { namespacesSelectors } from '../../state/namespaces-slice';
import { namespaceItem } from '../mapping/namespace-field';
import { useAppStore } from '../../state/store-context';
import type { ProposalChoices } from '../../state/target-from-file-slice';
import { classWords } from './proposal-words';

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
  const namespaces = useAppStore(namespacesSelectors.options);
  const namespaceItems = useMemo(() => namespaces.map((n) => ({ id: n.code, name: n.name })), [namespaces]);
  const columns = useMemo(() => proposal.fields.flatMap((f) => (f.source.kind === 'column' ? [f.source.column] : [])), [proposal]);
  const [column, setColumn] = useState(proposal.identity.column);
  const [namespace, setNamespace] = useState(proposal.identity.namespace);
  const identityChanged = column !== proposal.identity.column || namespace.trim() !== proposal.identity.namespace;
  const known = namespaces.some((n) => n.code.toLowerCase() === namespace.trim().toLowerCase());

  return (
    <Flex direction="column" gap="size-200">
      <RadioGroup
        label="Class"
        orientation="horizontal"
        value={proposal.class.choice}
        isDisabled={isDisabled}
        onChange={(value) => onChoose({ class: value as TargetClassChoice, identity: { column: proposal.identity.column, namespace: proposal.identity.namespace } })}
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
      <Flex gap="size-200" alignItems="end" wrap>
        <Picker label="Primary identity column" selectedKey={column} onSelectionChange={(key) => setColumn(String(key))} isDisabled={isDisabled} width="size-3000">
          {columns.map((c) => (
            <Item key={c}>{c}</Item>
          ))}
        </Picker>
        <ComboBox
          label="Identity namespace"
          allowsCustomValue
          inputValue={namespace}
          onInputChange={setNamespace}
          defaultItems={namespaceItems}
          isDisabled={isDisabled}
          description={namespace.trim() !== '' && !known ? `“${namespace.trim()}” is new: it is created as a custom namespace.` : undefined}
          width="size-3000"
          menuWidth="size-5000"
        >
          {namespaceItem}
        </ComboBox>
        {identityChanged ? (
          <Button variant="secondary" isDisabled={isDisabled || namespace.trim() === ''} onPress={() => onChoose({ class: proposal.class.choice, identity: { column, namespace: namespace.trim() } })}>
            Use this identity
          </Button>
        ) : null}
      </Flex>
    </Flex>
  );
}
