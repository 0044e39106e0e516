import { ComboBox, Item } from '@adobe/react-spectrum';
import { useMemo } from 'react';
import type { XdmField } from '../../../src-shared/xdm/field-tree';
import { destinationChoices } from './destination-choices';

/**
 * The XDM field a rule writes: one of the schema's leaves, picked from the list (typing narrows it).
 * Why the rule's own destination is listed too: a mapping loaded from a file may name a third
 * element (`[2]`); it stays shown and chosen instead of being reverted.
 */
export function DestinationField({
  label,
  destination,
  leaves,
  onChange,
}: {
  label: string;
  destination: string;
  leaves: readonly XdmField[];
  onChange: (destination: string) => void;
}) {
  const listed = useMemo(() => destinationChoices(leaves), [leaves]);
  const items = useMemo(() => (destination && !listed.includes(destination) ? [destination, ...listed] : listed).map((id) => ({ id })), [listed, destination]);
  return (
    <ComboBox
      aria-label={label}
      defaultItems={items}
      selectedKey={destination || null}
      onSelectionChange={(key) => {
        if (key !== null) onChange(String(key));
      }}
      width="100%"
      menuWidth="size-5000"
      UNSAFE_className="rule-row__destination"
      validationState={destination ? undefined : 'invalid'}
    >
      {(item) => (
        <Item key={item.id} textValue={item.id}>
          {item.id}
        </Item>
      )}
    </ComboBox>
  );
}
