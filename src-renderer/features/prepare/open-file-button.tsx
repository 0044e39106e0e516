import { Button, FileTrigger, Text } from '@adobe/react-spectrum';
import FolderOpen from '@spectrum-icons/workflow/FolderOpen';
import { useAppStore } from '../../state/store-context';

/** File extensions the picker offers; a dropped file of any other kind is still inspected. */
export const acceptedExtensions = ['.csv', '.tsv', '.tab', '.txt', '.json', '.jsonl', '.ndjson', '.parquet'];

/**
 * The "Open a file" button: a Spectrum FileTrigger, i.e. a button over a hidden file input.
 * Why not a path: the renderer never sees paths; the chosen File goes to `registerFile`, which
 * hands main an opaque reference (Electron) or streams the bytes to the host (browser mode).
 */
export function OpenFileButton({ label, variant }: { label: string; variant: 'accent' | 'secondary' }) {
  const openFile = useAppStore((state) => state.openFile);
  return (
    <FileTrigger
      acceptedFileTypes={acceptedExtensions}
      onSelect={(files) => {
        const file = files?.[0];
        if (file) void openFile(file);
      }}
    >
      <Button variant={variant} style={variant === 'accent' ? 'fill' : 'outline'}>
        <FolderOpen />
        <Text>{label}</Text>
      </Button>
    </FileTrigger>
  );
}
