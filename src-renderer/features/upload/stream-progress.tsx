import { Button, Flex, ProgressBar, Text } from '@adobe/react-spectrum';
import Cancel from '@spectrum-icons/workflow/Cancel';
import { useAppStore } from '../../state/store-context';
import type { StreamRunView } from '../../state/streaming-slice';
import { formatCount } from '../prepare/format';
import { CANCEL_WARNING, streamProgressWords } from './streaming-words';

/**
 * A running stream: records sent of the set, their fates so far, and Cancel.
 * Why the warning beside Cancel: unlike an upload's batch, which a cancel aborts whole, streamed
 * records are in the dataset as soon as the inlet answers; cancelling stops only the rest.
 */
export function StreamProgress({ run }: { run: StreamRunView }) {
  const cancel = useAppStore((s) => s.cancelStreaming);
  const p = run.progress;
  return (
    <div className="stream-progress" role="group" aria-label="Streaming progress">
      <ProgressBar
        label="Records sent"
        width="100%"
        maxWidth="size-6000"
        isIndeterminate={p === null}
        value={p !== null && p.total > 0 ? (100 * p.sent) / p.total : 0}
        valueLabel={p !== null ? `${formatCount(p.sent)} of ${formatCount(p.total)}` : 'starting'}
      />
      <Text UNSAFE_className="stream-progress__counts" aria-live="polite">
        {p !== null ? streamProgressWords(p, run.validation) : 'Reading the records…'}
      </Text>
      <Flex alignItems="center" gap="size-150" wrap>
        <Button variant="secondary" isDisabled={run.status !== 'sending'} onPress={() => void cancel()}>
          <Cancel />
          <Text>{run.status === 'cancelling' ? 'Cancelling…' : 'Cancel'}</Text>
        </Button>
        <Text UNSAFE_className="upload-hint">{CANCEL_WARNING}</Text>
      </Flex>
      {run.actionError !== null ? <Text UNSAFE_className="upload-hint stream-again">Could not cancel: {run.actionError.message}</Text> : null}
    </div>
  );
}
