import { ActionButton, Checkbox, Flex, InlineAlert, Content, Heading, Item, Picker, ProgressCircle, Text } from '@adobe/react-spectrum';
import type { Key } from 'react';
import type { FileInspection } from '../../../src-shared/domain/inspection';
import { readDelimiters, readQuotes, type ReadSettings } from '../../../src-shared/domain/read-settings';
import { useAppStore } from '../../state/store-context';
import { describeDelimiter } from './format';

const quoteNames: Record<(typeof readQuotes)[number], string> = { '"': 'Double quote (")', "'": "Single quote (')" };
const encodingChoices = [
  { key: 'utf-8', name: 'UTF-8' },
  { key: 'latin1', name: 'Windows-1252 (Latin-1)' },
] as const;

const isDelimiter = (key: Key): key is (typeof readDelimiters)[number] => (readDelimiters as readonly Key[]).includes(key);
const isQuote = (key: Key): key is (typeof readQuotes)[number] => (readQuotes as readonly Key[]).includes(key);
const isEncoding = (key: Key): key is 'utf-8' | 'latin1' => key === 'utf-8' || key === 'latin1';

/**
 * How a CSV or TSV file is read, as controls the steward can change: delimiter, quote character,
 * header row and encoding. Each choice reads the file again at once, so the columns and rows
 * below show the result before anything is mapped.
 * Why the detected value stays selected until changed: the controls show how the file is read
 * now, whichever of detection or the steward decided it.
 */
export function ReadSettingsBar({ inspection }: { inspection: FileInspection }) {
  const read = useAppStore((state) => state.prepare.read);
  const rereading = useAppStore((state) => state.prepare.rereading);
  const readError = useAppStore((state) => state.prepare.readError);
  const setReadSettings = useAppStore((state) => state.setReadSettings);
  const change = (next: Partial<ReadSettings>): void => void setReadSettings({ ...read, ...next });
  const utf16 = inspection.encoding === 'utf-16le' || inspection.encoding === 'utf-16be';
  const changed = read.delimiter !== undefined || read.quote !== undefined || read.hasHeader !== undefined || read.encoding !== undefined;

  return (
    <section className="prepare-section read-settings" aria-labelledby="read-settings-heading">
      <h3 className="prepare-section__title" id="read-settings-heading">
        How the file is read
      </h3>
      <Flex gap="size-200" alignItems="end" wrap>
        <Picker
          label="Delimiter"
          width="size-1700"
          selectedKey={inspection.delimiter ?? ','}
          onSelectionChange={(key) => key !== null && isDelimiter(key) && change({ delimiter: key })}
        >
          {readDelimiters.map((d) => (
            <Item key={d}>{describeDelimiter(d)}</Item>
          ))}
        </Picker>
        <Picker
          label="Quote character"
          width="size-2400"
          selectedKey={inspection.quote ?? '"'}
          onSelectionChange={(key) => key !== null && isQuote(key) && change({ quote: key })}
        >
          {readQuotes.map((q) => (
            <Item key={q}>{quoteNames[q]}</Item>
          ))}
        </Picker>
        <Picker
          label="Encoding"
          width="size-2400"
          isDisabled={utf16}
          selectedKey={utf16 ? null : inspection.encoding}
          placeholder={utf16 ? 'UTF-16 (from its bytes)' : undefined}
          onSelectionChange={(key) => key !== null && isEncoding(key) && change({ encoding: key })}
        >
          {encodingChoices.map((e) => (
            <Item key={e.key}>{e.name}</Item>
          ))}
        </Picker>
        <Checkbox isSelected={inspection.hasHeader} onChange={(hasHeader) => change({ hasHeader })}>
          First row is a header
        </Checkbox>
        {changed ? (
          <ActionButton
            onPress={() => void setReadSettings(read.columns ? { columns: read.columns } : {})}
            aria-label="Read as detected (delimiter, quote, header row, encoding)"
          >
            <Text>Read as detected</Text>
          </ActionButton>
        ) : null}
        {rereading ? <ProgressCircle size="S" isIndeterminate aria-label="Reading the file again" /> : null}
      </Flex>
      {readError ? (
        <InlineAlert variant="negative">
          <Heading>The file could not be read this way</Heading>
          <Content>{readError.message} The previous reading is still shown.</Content>
        </InlineAlert>
      ) : null}
    </section>
  );
}
