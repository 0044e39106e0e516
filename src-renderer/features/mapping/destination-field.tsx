import { ComboBox, Item } from '@adobe/react-spectrum';
import { useMemo, useState } from 'react';
import type { XdmField } from '../../../src-shared/xdm/field-tree';
import { destinationChoices, isSchemaDestination } from './destination-choices';

/**
 * The XDM field a rule writes: one of the schema's leaves, picked from the list (typing narrows it),
 * or typed whole. Why typed text is kept: an array field takes any element index
 * (`productListItems[2].SKU`), and no list can offer them all; what is typed is kept when it
 * leaves the field (blur or Enter) if it names a field of the schema, and put back otherwise.
 * Why the rule's own destination is listed too: a mapping loaded from a file may name any element.
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
  const [text, setText] = useState(destination);
  // A destination changed elsewhere (a loaded mapping, a pick from the list) replaces the text, during render.
  const [shownFor, setShownFor] = useState(destination);
  if (shownFor !== destination) {
    setShownFor(destination);
    setText(destination);
  }
  const leafPaths = useMemo(() => new Set(leaves.map((l) => l.path)), [leaves]);
  const listed = useMemo(() => destinationChoices(leaves, text), [leaves, text]);
  const items = useMemo(() => (destination && !listed.includes(destination) ? [destination, ...listed] : listed).map((id) => ({ id })), [listed, destination]);
  /** Keeps typed text that names a schema field; anything else goes back to the rule's destination. */
  const commitTyped = () => {
    if (text === destination) return;
    if (isSchemaDestination(text, leafPaths)) onChange(text);
    else setText(destination);
  };
  return (
    <ComboBox
      aria-label={label}
      defaultItems={items}
      inputValue={text}
      onInputChange={setText}
      selectedKey={destination || null}
      allowsCustomValue
      onSelectionChange={(key) => {
        if (key !== null) onChange(String(key));
        else commitTyped();
      }}
      onBlur={commitTyped}
      onKeyDown={(e) => {
        if (e.key === 'Enter') commitTyped();
        e.continuePropagation();
      }}
      width="100%"
      menuWidth="size-5000"
      UNSAFE_className="rule-row__destination"
      validationState={destination && (text === destination || isSchemaDestination(text, leafPaths)) ? undefined : 'invalid'}
    >
      {(item) => (
        <Item key={item.id} textValue={item.id}>
          {item.id}
        </Item>
      )}
    </ComboBox>
  );
}
