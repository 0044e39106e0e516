import { ActionButton, Button, Flex, Heading, Text, Tooltip, TooltipTrigger } from '@adobe/react-spectrum';
import Close from '@spectrum-icons/workflow/Close';
import type { FileInspection } from '../../../src-shared/domain/inspection';
import { PREVIEW_ROW_LIMIT } from '../../state/prepare-slice';
import { useAppStore } from '../../state/store-context';
import { ColumnList } from './column-list';
import { FileDetails } from './file-details';
import { FormatIcon } from './format-icon';
import { formatBytes, formatCount } from './format';
import { InspectionWarnings } from './inspection-warnings';
import { OpenFileButton } from './open-file-button';
import { PreviewGrid } from './preview-grid';
import { ReadSettingsBar } from './read-settings-bar';
import { UploadAsIsButton } from '../upload/upload-as-is-button';

/** "First 100 rows" or "All 7 rows": says whether the grid shows the whole file. */
function previewTitle(inspection: FileInspection): string {
  const shown = Math.min(inspection.rows.length, PREVIEW_ROW_LIMIT);
  if (inspection.totalRows !== null && inspection.totalRows <= shown) return `All ${formatCount(shown)} rows`;
  if (inspection.totalRows === null && shown < PREVIEW_ROW_LIMIT) return `All ${formatCount(shown)} rows`;
  return `First ${formatCount(shown)} rows`;
}

/**
 * A file's inspection: what it is, its columns, and its first rows.
 * Why in this order: a steward first checks that the file was read right (format, encoding,
 * delimiter), then what the columns are, then looks at values.
 */
export function InspectionView({ inspection }: { inspection: FileInspection }) {
  const clearFile = useAppStore((state) => state.clearFile);
  const goToStep = useAppStore((state) => state.goToStep);
  const { name, size } = inspection.file;
  return (
    <Flex direction="column" gap="size-250" height="100%" minHeight={0}>
      <Flex alignItems="center" gap="size-150" wrap>
        <FormatIcon format={inspection.format} />
        <Flex direction="column" flexGrow={1} minWidth={0}>
          <Heading level={2} margin={0} UNSAFE_className="prepare-file-name">
            {name}
          </Heading>
          <Text UNSAFE_className="prepare-muted" aria-label="File size">
            {formatBytes(size)}
          </Text>
        </Flex>
        <OpenFileButton label="Open another file…" variant="secondary" />
        <UploadAsIsButton />
        <Button variant="accent" onPress={() => void goToStep('map')}>
          Map to XDM
        </Button>
        <TooltipTrigger>
          <ActionButton isQuiet aria-label="Close file" onPress={clearFile}>
            <Close />
          </ActionButton>
          <Tooltip>Close file</Tooltip>
        </TooltipTrigger>
      </Flex>
      <FileDetails inspection={inspection} />
      {inspection.delimiter !== null ? <ReadSettingsBar inspection={inspection} /> : null}
      <InspectionWarnings warnings={inspection.warnings} />
      <ColumnList />
      <section className="prepare-section prepare-section--grid" aria-labelledby="prepare-rows-heading">
        <h3 className="prepare-section__title" id="prepare-rows-heading">
          {previewTitle(inspection)}
        </h3>
        <div className="prepare-grid-frame">
          <PreviewGrid fileName={name} />
        </div>
      </section>
    </Flex>
  );
}
