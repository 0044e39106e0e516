import { Flex, View } from '@adobe/react-spectrum';
import { ScreenHeader } from '../../components/screen-header';
import { MappingStep } from '../mapping/mapping-step';
import { mappingSelectors } from '../../state/mapping-slice';
import { prepareSelectors } from '../../state/prepare-slice';
import { useAppStore } from '../../state/store-context';
import { DraftNotice } from './draft-notice';
import { InspectingState } from './inspecting-state';
import { InspectionError } from './inspection-error';
import { InspectionView } from './inspection-view';
import { PrepareEmptyState } from './prepare-empty-state';
import { PrepareRun } from './prepare-run';
import { PrepareSteps } from './prepare-steps';
import { UploadStep } from '../upload/upload-step';

function PrepareBody() {
  const status = useAppStore(prepareSelectors.status);
  const file = useAppStore(prepareSelectors.file);
  const inspection = useAppStore(prepareSelectors.inspection);
  const error = useAppStore(prepareSelectors.error);
  const step = useAppStore(mappingSelectors.step);

  switch (status) {
    case 'empty':
      return <PrepareEmptyState />;
    case 'registering':
    case 'inspecting':
      return file ? <InspectingState file={file} step={status} /> : null;
    case 'error':
      return error ? <InspectionError file={file} error={error} /> : null;
    case 'ready':
      if (!inspection) return null;
      if (step === 'map') return <MappingStep />;
      if (step === 'run') return <PrepareRun />;
      if (step === 'upload') return <UploadStep />;
      return <InspectionView inspection={inspection} />;
  }
}

/**
 * Prepare, step 3 of the journey: look at a file before mapping it.
 * Why it works offline: inspecting needs only main and the file, no connection to AEP.
 */
export function PrepareScreen() {
  const busy = useAppStore(prepareSelectors.isBusy);
  return (
    <Flex direction="column" gap="size-200" height="100%" minHeight={0}>
      <ScreenHeader title="Prepare" subtitle="Check how a file is read, map it to XDM, prepare the whole file, then upload it.">
        <PrepareSteps />
      </ScreenHeader>
      <DraftNotice />
      <View flexGrow={1} minHeight={0} aria-busy={busy} UNSAFE_className="screen-body">
        <PrepareBody />
      </View>
    </Flex>
  );
}
