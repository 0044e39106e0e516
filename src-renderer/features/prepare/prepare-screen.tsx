import { Flex, Heading, Text, View } from '@adobe/react-spectrum';
import { prepareSelectors } from '../../state/prepare-slice';
import { useAppStore } from '../../state/store-context';
import { InspectingState } from './inspecting-state';
import { InspectionError } from './inspection-error';
import { InspectionView } from './inspection-view';
import { PrepareEmptyState } from './prepare-empty-state';

function PrepareBody() {
  const status = useAppStore(prepareSelectors.status);
  const file = useAppStore(prepareSelectors.file);
  const inspection = useAppStore(prepareSelectors.inspection);
  const error = useAppStore(prepareSelectors.error);

  switch (status) {
    case 'empty':
      return <PrepareEmptyState />;
    case 'registering':
    case 'inspecting':
      return file ? <InspectingState file={file} step={status} /> : null;
    case 'error':
      return error ? <InspectionError file={file} error={error} /> : null;
    case 'ready':
      return inspection ? <InspectionView inspection={inspection} /> : null;
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
      <header className="screen-header">
        <Heading level={1} margin={0} UNSAFE_className="screen-header__title">
          Prepare
        </Heading>
        <Text UNSAFE_className="prepare-muted">Check how a file is read before you map it to XDM.</Text>
      </header>
      <View flexGrow={1} minHeight={0} aria-busy={busy} UNSAFE_className="screen-body">
        <PrepareBody />
      </View>
    </Flex>
  );
}
