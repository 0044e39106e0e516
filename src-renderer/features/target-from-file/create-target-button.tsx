import { ActionButton, DialogContainer, Text } from '@adobe/react-spectrum';
import Add from '@spectrum-icons/workflow/Add';
import { useState } from 'react';
import { useAppStoreApi } from '../../state/store-context';
import { TargetFromFileDialog } from './target-from-file-dialog';

/** The Map step's way to a schema made for this file, when no schema of the connection fits it. */
export function CreateTargetButton({ isDisabled }: { isDisabled?: boolean }) {
  const store = useAppStoreApi();
  const [open, setOpen] = useState(false);
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
      <DialogContainer onDismiss={() => setOpen(false)} isDismissable={false}>
        {open ? <TargetFromFileDialog onClose={() => setOpen(false)} /> : null}
      </DialogContainer>
    </>
  );
}
