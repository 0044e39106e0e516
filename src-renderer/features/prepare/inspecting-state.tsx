import { Flex, ProgressCircle, Text } from '@adobe/react-spectrum';
import type { PreparedFile } from '../../state/prepare-slice';
import { formatBytes } from './format';

/** Shown while main registers and sniffs the file; reading the head takes a moment on big files. */
export function InspectingState({ file, step }: { file: PreparedFile; step: 'registering' | 'inspecting' }) {
  const verb = step === 'registering' ? 'Opening' : 'Inspecting';
  return (
    <Flex direction="column" alignItems="center" justifyContent="center" gap="size-200" height="100%" minHeight="size-3400">
      <ProgressCircle isIndeterminate size="L" aria-label={`${verb} ${file.name}`} />
      <Text UNSAFE_className="prepare-muted">
        {verb} <strong>{file.name}</strong> ({formatBytes(file.size)})…
      </Text>
    </Flex>
  );
}
