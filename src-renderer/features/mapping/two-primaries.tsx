import { ActionButton, Content, Flex, Heading, InlineAlert } from '@adobe/react-spectrum';
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { mappingSelectors } from '../../state/mapping-slice';
import { useAppStore } from '../../state/store-context';
import { keepingPrimary, primaryIdentities, primaryWords } from './primary-identities';

/**
 * Says, on the Map step, that the mapping gives each record more than one primary identity, with
 * one button per candidate to keep it alone. Why before preflight: a mapping loaded from a file or
 * a draft can carry two, and Profile skips every such record; the fix is one click here.
 * Why the schema's field cannot be unmarked: its primary identity is a descriptor in the schema,
 * so keeping an identityMap entry instead means choosing another schema or removing that rule.
 */
export function TwoPrimaries() {
  const rules = useAppStore(mappingSelectors.rules);
  const identities = useAppStore(mappingSelectors.identities);
  const fields = useAppStore(useShallow((s) => s.mapping.tree?.fields ?? null));
  const replaceIdentities = useAppStore((s) => s.replaceIdentities);
  const primaries = useMemo(() => primaryIdentities(rules, identities, fields), [rules, identities, fields]);
  if (primaries.length < 2) return null;
  const schemaField = primaries.find((p) => p.kind === 'schema');
  const keepable = schemaField ? [schemaField] : primaries;
  return (
    <InlineAlert variant="negative" UNSAFE_className="two-primaries">
      <Heading>Each record would have {primaries.length} primary identities</Heading>
      <Content>
        <p className="confirm-text">
          Profile takes a record with exactly one primary identity and skips the others. This mapping marks: {primaries.map(primaryWords).join('; ')}.
          {schemaField
            ? ' The schema’s primary identity field stays primary; the identityMap entries can stay as secondary identities.'
            : ' Keep one; the others stay as secondary identities.'}
        </p>
        <Flex gap="size-100" wrap>
          {keepable.map((p) => (
            <ActionButton key={p.kind === 'schema' ? p.path : `${p.index}`} onPress={() => replaceIdentities(keepingPrimary(identities, p))}>
              Keep {p.kind === 'schema' ? `${p.path} (${p.namespace})` : `${p.column} (${p.namespace})`} as the only primary
            </ActionButton>
          ))}
        </Flex>
      </Content>
    </InlineAlert>
  );
}
