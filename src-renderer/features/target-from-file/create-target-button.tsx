import { ActionButton, DialogContainer, Text } from '@adobe/react-spectrum';
import Add from '@spectrum-icons/workflow/Add';
import { useState } from 'react';
import { useAppStore, useAppStoreApi } from '../../state/store-context';
import { TargetFromFileDialog } from './target-from-file-dialog';

/** The Map step's way to a schema made for this file, when no schema of the connection fits it. */
export function CreateTargetButton({ isDisabled }: { isDisabled?: boolean }) {
  const store = useAppStoreApi();
  const [open, setOpen] = useState(false);
  // Why Escape is refused while creating: the run goes on in AEP and its steps must stay in sight, as the disabled Close says.
  const creating = useAppStore((s) => s.targetFromFile.status === 'creating');
  return (
    <>
      <ActionButton
        isDisabled={isDisabled ?? false}
        onPress={() => {
          setOpen(true);
          void store.getState().proposeTarget();
        }}
      >
        <Add />
        <Text>Create a target from this file…</Text>
      </ActionButton>
      <DialogContainer
        onDismiss={() => {
          // Escape closes as the Close button does: a reading still under way is cancelled.
          store.getState().closeTargetFromFile();
          setOpen(false);
        }}
        isDismissable={false}
        isKeyboardDismissDisabled={creating}
      >
        {open ? <TargetFromFileDialog onClose={() => setOpen(false)} /> : null}
      </DialogContainer>
    </>
  );
}
