import { ActionButton, Button, Checkbox, Item, Picker } from '@adobe/react-spectrum';
import Delete from '@spectrum-icons/workflow/Delete';
import type { IdentityRule } from '../../../src-shared/mapping/mapping-types';
import { authenticatedStates } from '../../../src-shared/mapping/mapping-types';
import { useAppStore } from '../../state/store-context';
import { NamespaceField, NamespaceSourceNote, NamespaceWarning } from './namespace-field';
import { TermHelp } from '../help/term-help';

const stateLabels: Record<IdentityRule['authenticatedState'], string> = { ambiguous: 'Ambiguous', authenticated: 'Authenticated', loggedOut: 'Logged out' };

/**
 * The identityMap builder: which columns are identities, in which namespace, which is primary.
 * Why its own editor: an identity is three values under a namespace key; written as
 * `identityMap.Email[0].id` rules by hand it is easy to get wrong, and Profile needs exactly
 * one primary identity per record.
 * Why it lists the active connection's namespaces: a code the sandbox does not know is a main
 * reason profiles never appear, and the list is the only place that says which codes exist.
 */
export function IdentityBuilder({ columns }: { columns: readonly string[] }) {
  const identities = useAppStore((s) => s.mapping.identities);
  const addIdentity = useAppStore((s) => s.addIdentity);
  const updateIdentity = useAppStore((s) => s.updateIdentity);
  const removeIdentity = useAppStore((s) => s.removeIdentity);

  return (
    <section className="mapping-section" aria-labelledby="identity-heading">
      <div className="mapping-section__head">
        <h3 className="prepare-section__title" id="identity-heading">
          Identities <span className="prepare-muted">identityMap</span>
        </h3>
        <Button
          variant="secondary"
          onPress={() => addIdentity({ column: columns[0] ?? '', namespace: 'Email', primary: identities.length === 0, authenticatedState: 'ambiguous' })}
          isDisabled={columns.length === 0}
        >
          Add identity
        </Button>
      </div>
      <p className="prepare-muted identity-legend">
        Each identity is a column with its namespace <TermHelp term="identity-namespace" />, its authenticated state <TermHelp term="authenticated-state" /> and
        whether it is the primary one <TermHelp term="primary-identity" />.
      </p>
      {identities.length === 0 ? <p className="prepare-muted">No identity yet: records for Profile need a primary identity.</p> : <NamespaceSourceNote />}
      <ul className="identity-list">
        {identities.map((identity, i) => (
          <li key={i} className="identity-row" aria-label={`Identity ${i + 1}`}>
            <Picker
              aria-label={`Identity ${i + 1} column`}
              selectedKey={identity.column}
              onSelectionChange={(key) => updateIdentity(i, { ...identity, column: String(key) })}
              items={columns.map((c) => ({ id: c }))}
              width="size-2000"
            >
              {(item) => <Item key={item.id}>{item.id}</Item>}
            </Picker>
            <NamespaceField index={i} namespace={identity.namespace} onChange={(namespace) => updateIdentity(i, { ...identity, namespace })} />
            <Picker
              aria-label={`Identity ${i + 1} authenticated state`}
              selectedKey={identity.authenticatedState}
              onSelectionChange={(key) => updateIdentity(i, { ...identity, authenticatedState: key as IdentityRule['authenticatedState'] })}
              width="size-1700"
            >
              {authenticatedStates.map((s) => (
                <Item key={s}>{stateLabels[s]}</Item>
              ))}
            </Picker>
            <Checkbox isSelected={identity.primary} onChange={(primary) => updateIdentity(i, { ...identity, primary })}>
              Primary
            </Checkbox>
            <ActionButton isQuiet aria-label={`Remove identity ${i + 1}`} onPress={() => removeIdentity(i)}>
              <Delete />
            </ActionButton>
            <NamespaceWarning index={i} namespace={identity.namespace} />
          </li>
        ))}
      </ul>
    </section>
  );
}
