import { Button, Item, Picker, Text } from '@adobe/react-spectrum';
import PlayCircle from '@spectrum-icons/workflow/PlayCircle';
import { jobsSelectors, outputFormats, type OutputFormat } from '../../state/jobs-slice';
import { useAppStore } from '../../state/store-context';

/**
 * "Prepare file as [JSON Lines]": runs the whole file, in the output format chosen beside it.
 * Why the picker follows the button, quiet and without a label: the phrase says what the choice
 * is, and the mapping toolbar is full at common window widths; the two wrap as one.
 * Why the format lives in the store: a steward preparing several files in a session chooses once.
 */
export function PrepareAction({ isDisabled }: { isDisabled: boolean }) {
  const format = useAppStore(jobsSelectors.outputFormat);
  const setFormat = useAppStore((s) => s.setOutputFormat);
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
    </div>
  );
}
