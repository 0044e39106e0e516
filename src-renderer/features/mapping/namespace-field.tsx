import { ComboBox, Item } from '@adobe/react-spectrum';
import Alert from '@spectrum-icons/workflow/Alert';
import { useMemo } from 'react';
import { checkNamespace, type NamespaceCheck, useNamespaces } from '../../queries/namespaces';

const warningId = (index: number): string => `identity-${index}-namespace-warning`;
const isFlagged = (check: NamespaceCheck): check is Extract<NamespaceCheck, { kind: 'unknown' | 'case' }> => check.kind === 'unknown' || check.kind === 'case';

/**
 * The namespace of one identity: the connection's namespaces (code and name), or a custom code.
 * Why the code alone goes into the field: identityMap keys are codes, the name only helps choose.
 */
export function NamespaceField({ index, namespace, onChange }: { index: number; namespace: string; onChange: (code: string) => void }) {
  const { options, fromConnection: listed } = useNamespaces();
  const items = useMemo(() => options.map((n) => ({ id: n.code, name: n.name })), [options]);
  const flagged = isFlagged(checkNamespace(namespace, listed));
  return (
    <ComboBox
      aria-label={`Identity ${index + 1} namespace`}
      aria-describedby={flagged ? warningId(index) : undefined}
      allowsCustomValue
      inputValue={namespace}
      onInputChange={(value) => {
        if (value.trim() !== '' && value !== namespace) onChange(value.trim());
      }}
      defaultItems={items}
      width="size-2000"
      menuWidth="size-5000"
    >
      {(item) => (
        <Item key={item.id} textValue={item.id}>
          {`${item.id} — ${item.name}`}
        </Item>
      )}
    </ComboBox>
  );
}

/**
 * A warning under an identity whose namespace the connection does not list.
 * Why a warning and not an error: the namespace may be created in AEP before the upload, and
 * offline work must go on; but records keyed by an unknown namespace never reach Profile.
 */
export function NamespaceWarning({ index, namespace }: { index: number; namespace: string }) {
  const { fromConnection: listed, sourceName: source } = useNamespaces();
  const check = checkNamespace(namespace, listed);
  if (!isFlagged(check)) return null;
  return (
    <p className="identity-row__warning" id={warningId(index)}>
      <Alert size="S" color="notice" aria-hidden />
      <span>
        {check.kind === 'case'
          ? `${source} spells this namespace “${check.code}”; use that code so identities match.`
          : `${source} has no namespace “${namespace.trim()}”: profiles keyed by it will not appear until the namespace is created there.`}
      </span>
    </p>
  );
}

/**
 * Where the offered namespaces come from: the connection, or the standard list when it has none.
 * Why discreet: the standard list is a fine offline default; the note only says it is unchecked.
 */
export function NamespaceSourceNote() {
  const { status, data, sourceName: source, retry } = useNamespaces();
  const count = data?.length ?? 0;
  switch (status) {
    case 'idle':
      return null;
    case 'loading':
      return <p className="prepare-muted identity-source">Listing the namespaces of {source}…</p>;
    case 'ready':
      return (
        <p className="prepare-muted identity-source">
          Namespaces of {source} ({count}); a custom code can be typed.
        </p>
      );
    case 'error':
      return (
        <p className="prepare-muted identity-source">
          Standard namespaces (offline): {source} did not list its own.{' '}
          <button type="button" className="identity-source__retry" onClick={retry}>
            Try again
          </button>
        </p>
      );
  }
}
