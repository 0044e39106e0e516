import { ActionButton, Flex, Tooltip, TooltipTrigger } from '@adobe/react-spectrum';
import Redo from '@spectrum-icons/workflow/Redo';
import Undo from '@spectrum-icons/workflow/Undo';
import { useEffect } from 'react';
import { useAppStore } from '../../state/store-context';

/** Whether a key press belongs to a text field, whose own undo the browser applies. */
function inTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target instanceof HTMLTextAreaElement ||
    (target instanceof HTMLInputElement && !['checkbox', 'radio', 'button'].includes(target.type))
  );
}

/** Which history move a key press asks for: Ctrl/⌘+Z undoes, Ctrl/⌘+Shift+Z and Ctrl+Y redo. */
export function historyKey(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>): 'undo' | 'redo' | null {
  if (!(event.ctrlKey || event.metaKey) || event.altKey) return null;
  const key = event.key.toLowerCase();
  if (key === 'z') return event.shiftKey ? 'redo' : 'undo';
  if (key === 'y' && !event.shiftKey) return 'redo';
  return null;
}

/**
 * Undo and redo of mapping edits, as buttons and as the keys every editor uses.
 * Why the keys are left to a text field that has focus: there Ctrl+Z undoes the typing, as the
 * steward expects of any field; outside one it undoes the last rule or identity change.
 */
export function UndoRedo() {
  const canUndo = useAppStore((s) => s.mapping.history.undo.length > 0);
  const canRedo = useAppStore((s) => s.mapping.history.redo.length > 0);
  const undo = useAppStore((s) => s.undoMapping);
  const redo = useAppStore((s) => s.redoMapping);

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      const move = historyKey(event);
      if (!move || event.defaultPrevented || inTextField(event.target)) return;
      event.preventDefault();
      if (move === 'undo') undo();
      else redo();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [undo, redo]);

  return (
    <Flex gap="size-50">
      <TooltipTrigger>
        <ActionButton aria-label="Undo mapping edit" aria-keyshortcuts="Control+Z" isDisabled={!canUndo} onPress={undo}>
          <Undo />
        </ActionButton>
        <Tooltip>Undo (Ctrl+Z)</Tooltip>
      </TooltipTrigger>
      <TooltipTrigger>
        <ActionButton aria-label="Redo mapping edit" aria-keyshortcuts="Control+Shift+Z Control+Y" isDisabled={!canRedo} onPress={redo}>
          <Redo />
        </ActionButton>
        <Tooltip>Redo (Ctrl+Shift+Z or Ctrl+Y)</Tooltip>
      </TooltipTrigger>
    </Flex>
  );
}
