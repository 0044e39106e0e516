import { Button, Checkbox, Flex, NumberField, Text, TextField } from '@adobe/react-spectrum';
import { useConnections } from '../../queries/use-server-state';
import Send from '@spectrum-icons/workflow/Send';
import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../../state/store-context';
import { isRunning, STREAM_LIMIT_MAX, streamingSelectors, streamOffer, type StreamOffer } from '../../state/streaming-slice';
import { uploadsSelectors } from '../../state/uploads-slice';
import { StreamProgress } from './stream-progress';
import { usePreflight } from './use-preflight';
import { paceWords, sendAgainWords, validationWords } from './streaming-words';

/** The HTTP API inlet id, for an AEP connection only; remembered per connection and dataset. */
function InletField({ offer }: { offer: StreamOffer }) {
  const setInlet = useAppStore((s) => s.setStreamInlet);
  const hasDataset = useAppStore((s) => s.uploads.draft?.datasetId != null);
  if (!offer.needsInlet) return null;
  return (
    <TextField
      label="HTTP API inlet id"
      width="100%"
      maxWidth="size-5000"
      isRequired
      necessityIndicator="label"
      isDisabled={!hasDataset || offer.sending}
      value={offer.inletId}
      onChange={setInlet}
      description="In AEP: Sources → HTTP API → your streaming connection: its inlet (connection) id. Remembered for this connection and dataset until the app closes."
    />
  );
}

/** The most records streaming takes: kept for the session, shown even above it so it can be raised. */
function LimitField({ offer }: { offer: StreamOffer }) {
  const setLimit = useAppStore((s) => s.setStreamLimit);
  return (
    <NumberField
      label="Streaming limit (records)"
      width="size-2400"
      minValue={1}
      maxValue={STREAM_LIMIT_MAX}
      step={1}
      formatOptions={{ maximumFractionDigits: 0 }}
      value={offer.limit}
      onChange={setLimit}
      isDisabled={offer.sending}
    />
  );
}

/** Synchronous validation (the default) or later validation, with what each means. */
function ValidationChoice({ offer }: { offer: StreamOffer }) {
  const validation = useAppStore(streamingSelectors.validation);
  const setValidation = useAppStore((s) => s.setStreamValidation);
  const pace = paceWords(offer.records, validation, !offer.needsInlet);
  return (
    <Flex direction="column" gap="size-50">
      <Checkbox isSelected={validation === 'sync'} onChange={(on) => setValidation(on ? 'sync' : 'async')} isDisabled={offer.sending}>
        Validate each record as it is sent
      </Checkbox>
      <Text UNSAFE_className="prepare-muted upload-hint">
        {validationWords(validation)}
        {pace ? ` ${pace}` : ''}
      </Text>
    </Flex>
  );
}

/**
 * "Send by streaming": the other way to load a small set, beside the batch upload.
 * Why offered only for small sets: streaming answers record by record within seconds, but it is
 * paced and not resumable; a batch is cheaper and tracked for anything larger.
 */
export function StreamOption() {
  const connections = useConnections();
  const preflight = usePreflight(useAppStore(uploadsSelectors.draft));
  const offer = useAppStore(useShallow((state) => streamOffer(state, connections, preflight)));
  const send = useAppStore((s) => s.sendByStreaming);
  const run = useAppStore(streamingSelectors.runForDraft);
  if (!offer) return null;
  const sent = run?.result ?? null;
  const again = sent && !offer.sending ? sendAgainWords(sent) : null;
  return (
    <section className="send-option" aria-labelledby="send-option-stream">
      <h4 className="send-option__title" id="send-option-stream">
        By streaming
      </h4>
      <Text UNSAFE_className="upload-hint">Records arrive in seconds, validated one by one; batch upload is for anything larger.</Text>
      <LimitField offer={offer} />
      {offer.small ? (
        <>
          <ValidationChoice offer={offer} />
          <InletField offer={offer} />
        </>
      ) : null}
      <Flex alignItems="center" gap="size-150" wrap>
        <Button variant="secondary" isDisabled={offer.blocker !== null || offer.sending} onPress={() => void send()}>
          <Send />
          <Text>Send by streaming</Text>
        </Button>
      </Flex>
      {run !== null && isRunning(run) ? <StreamProgress run={run} /> : null}
      {offer.blocker !== null ? <Text UNSAFE_className="prepare-muted upload-hint">{offer.blocker}</Text> : null}
      {offer.reason !== null && offer.reason !== offer.blocker ? <Text UNSAFE_className="prepare-muted upload-hint">{offer.reason}</Text> : null}
      {again !== null && offer.blocker === null ? <Text UNSAFE_className="upload-hint stream-again">{again}</Text> : null}
    </section>
  );
}
