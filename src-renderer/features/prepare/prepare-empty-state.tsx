import { Content, Flex, Heading, IllustratedMessage, View } from '@adobe/react-spectrum';
import { DropIllustration } from './drop-illustration';
import { OpenFileButton } from './open-file-button';
import { RecentFiles } from './recent-files';

/**
 * What Prepare shows before any file: an invitation to drop one anywhere, or to pick one.
 * Why both: dropping is fastest from a file manager, picking is the only way from a keyboard.
 * The recent files below reopen a file (and its draft) with one click.
 */
export function PrepareEmptyState({ title = 'Drop a file anywhere to preview it', buttonLabel = 'Open a file…' }: { title?: string; buttonLabel?: string }) {
  return (
    <View
      borderWidth="thick"
      borderColor="gray-300"
      borderRadius="large"
      UNSAFE_className="prepare-empty"
      padding="size-600"
      height="100%"
      minHeight="size-3600"
    >
      <Flex direction="column" alignItems="center" justifyContent="center" height="100%" gap="size-300">
        {/* A plain wrapper: IllustratedMessage fills its parent's height, which would push the button away. */}
        <div>
          <IllustratedMessage>
            <DropIllustration />
            <Heading level={2}>{title}</Heading>
            <Content>
              CSV, TSV, JSON, JSON Lines or Parquet. The file is read on this computer; nothing is sent to Adobe Experience Platform until you upload.
            </Content>
          </IllustratedMessage>
        </div>
        <OpenFileButton label={buttonLabel} variant="accent" />
        <RecentFiles />
      </Flex>
    </View>
  );
}
