import { Button, Item, Picker, Text } from '@adobe/react-spectrum';
import PlayCircle from '@spectrum-icons/workflow/PlayCircle';
import type { EmptyIdentityChoice } from '../../../src-shared/xdm/issue-kinds';
import { emptyIdentityOptions, jobsSelectors, outputFormats, type OutputFormat } from '../../state/jobs-slice';
import { useAppStore } from '../../state/store-context';

/**
 * "Prepare file as [JSON Lines] [keeping rows with no identity]": runs the whole file, in the
 * output format chosen beside it, keeping (counted, flagged) or rejecting the rows whose identity
 * columns are all empty, which Profile would skip.
 * Why the picker follows the button, quiet and without a label: the phrase says what the choice
 * is, and the mapping toolbar is full at common window widths; the two wrap as one.
 * Why the choices live in the store: a steward preparing several files in a session chooses once.
 */
export function PrepareAction({ isDisabled }: { isDisabled: boolean }) {
  const format = useAppStore(jobsSelectors.outputFormat);
  const setFormat = useAppStore((s) => s.setOutputFormat);
  const emptyIdentity = useAppStore(jobsSelectors.emptyIdentity);
  const setEmptyIdentity = useAppStore((s) => s.setEmptyIdentity);
  const startPrepare = useAppStore((s) => s.startPrepare);
  return (
    <div className="prepare-action">
      <Button variant="accent" onPress={() => void startPrepare()} isDisabled={isDisabled}>
        <PlayCircle />
        <Text>Prepare file</Text>
      </Button>
      <span className="prepare-muted" aria-hidden>
        as
      </span>
      <Picker aria-label="Output format" isQuiet selectedKey={format} onSelectionChange={(key) => setFormat(key as OutputFormat)} items={outputFormats}>
        {(item) => <Item key={item.id}>{item.label}</Item>}
      </Picker>
      <Picker
        aria-label="Rows with no identity"
        isQuiet
        selectedKey={emptyIdentity}
        onSelectionChange={(key) => setEmptyIdentity(key as EmptyIdentityChoice)}
        items={emptyIdentityOptions}
      >
        {(item) => <Item key={item.id}>{item.label}</Item>}
      </Picker>
    </div>
  );
}
