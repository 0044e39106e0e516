import { Button, ComboBox, Flex, Item, Text, TextField } from '@adobe/react-spectrum';
import Search from '@spectrum-icons/workflow/Search';
import { type FormEvent, useMemo, useState } from 'react';
import { checkNamespace, type NamespacesView, useNamespaces } from '../../queries/namespaces';
import { profilesSelectors } from '../../state/profiles-slice';
import { useProfileLookup } from './use-profile';
import { useAppStore, useAppStoreApi } from '../../state/store-context';
import { TermHelp } from '../help/term-help';

/** What the namespace field says under itself: nothing, or that the connection spells it otherwise or lacks it. */
function namespaceHint(code: string, listed: NamespacesView['fromConnection']): string | undefined {
  const check = checkNamespace(code, listed);
  if (check.kind === 'case') return `This connection spells it “${check.code}” (Profile matches either).`;
  if (check.kind === 'unknown') return `This connection has no namespace “${code.trim()}”: no profile can be keyed by it.`;
  return undefined;
}

/**
 * Namespace and value of the identity to look up.
 * Why it starts from the last lookup: another screen (the upload's confirmation) can ask for one,
 * and the form must show what was asked.
 */
export function LookupForm() {
  const store = useAppStoreApi();
  const { options, fromConnection: listed } = useNamespaces();
  const lastNamespace = useAppStore(profilesSelectors.namespace);
  const lastId = useAppStore(profilesSelectors.id);
  const busy = useProfileLookup().status === 'loading';
  const [namespace, setNamespace] = useState(lastNamespace || 'Email');
  const [id, setId] = useState(lastId);
  const [shownFor, setShownFor] = useState({ namespace: lastNamespace, id: lastId });
  // A lookup started elsewhere (a link) replaces what was typed here.
  if (shownFor.namespace !== lastNamespace || shownFor.id !== lastId) {
    setShownFor({ namespace: lastNamespace, id: lastId });
    setNamespace(lastNamespace || 'Email');
    setId(lastId);
  }
  const items = useMemo(() => options.map((n) => ({ id: n.code, name: n.name })), [options]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void store.getState().lookupProfile(namespace, id);
  };
  return (
    <form onSubmit={submit} aria-label="Look up a profile" className="profile-lookup">
      <Flex alignItems="start" gap="size-200" wrap>
        <ComboBox
          label="Namespace"
          contextualHelp={<TermHelp term="identity-namespace" />}
          allowsCustomValue
          inputValue={namespace}
          onInputChange={setNamespace}
          defaultItems={items}
          width="size-3000"
          menuWidth="size-5000"
          description={namespaceHint(namespace, listed)}
        >
          {(item) => (
            <Item key={item.id} textValue={item.id}>
              {`${item.id} — ${item.name}`}
            </Item>
          )}
        </ComboBox>
        <TextField label="Identity value" value={id} onChange={setId} width="size-4600" placeholder="jane.doe@example.com" autoFocus />
        <Button type="submit" variant="accent" isDisabled={busy || namespace.trim() === '' || id.trim() === ''}>
          <Search />
          <Text>Look up</Text>
        </Button>
      </Flex>
    </form>
  );
}
