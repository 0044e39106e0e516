import { Button, ComboBox, Flex, Item, Picker } from '@adobe/react-spectrum';
import { useMemo, useState } from 'react';
import { useNamespaces } from '../../queries/namespaces';
import { namespaceItem } from '../mapping/namespace-field';
import { TermHelp } from '../help/term-help';

export interface IdentityPick {
  column: string;
  namespace: string;
}

/**
 * The primary identity of the new schema: a column of the file and a namespace of the connection,
 * or a new code (created as a custom namespace). Why its own button: the file is read again for
 * it (an identity field is always a string), so the choice is applied when the steward says so.
 */
export function IdentityChoice({
  columns,
  current,
  isDisabled,
  actionLabel,
  onApply,
}: {
  columns: readonly string[];
  current: IdentityPick | null;
  isDisabled: boolean;
  actionLabel: string;
  onApply: (identity: IdentityPick) => void;
}) {
  const namespaces = useNamespaces().options;
  const items = useMemo(() => namespaces.map((n) => ({ id: n.code, name: n.name })), [namespaces]);
  const [column, setColumn] = useState(current?.column ?? '');
  const [namespace, setNamespace] = useState(current?.namespace ?? '');
  const code = namespace.trim();
  const known = namespaces.some((n) => n.code.toLowerCase() === code.toLowerCase());
  const changed = column !== (current?.column ?? '') || code !== (current?.namespace ?? '');

  return (
    <Flex gap="size-200" alignItems="end" wrap>
      <Picker
        label="Primary identity column"
        contextualHelp={<TermHelp term="primary-identity" />}
        selectedKey={column || null}
        onSelectionChange={(key) => setColumn(String(key))}
        isDisabled={isDisabled}
        width="size-3000"
      >
        {columns.map((c) => (
          <Item key={c}>{c}</Item>
        ))}
      </Picker>
      <ComboBox
        label="Identity namespace"
        allowsCustomValue
        inputValue={namespace}
        onInputChange={setNamespace}
        defaultItems={items}
        isDisabled={isDisabled}
        description={code !== '' && !known ? `“${code}” is new: it is created as a custom namespace.` : undefined}
        width="size-3000"
        menuWidth="size-5000"
      >
        {namespaceItem}
      </ComboBox>
      {changed ? (
        <Button variant="secondary" isDisabled={isDisabled || column === '' || code === ''} onPress={() => onApply({ column, namespace: code })}>
          {actionLabel}
        </Button>
      ) : null}
    </Flex>
  );
}
