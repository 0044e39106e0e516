import { Button, ButtonGroup, Content, Flex, Heading, InlineAlert, Text } from '@adobe/react-spectrum';
import { useDraftKeeper, useDraftKeeperState } from '../../state/draft-keeper-context';
import { formatWhen } from '../jobs/upload-format';
import './drafts.css';

/**
 * What became of the shown file's draft: put back, or held back because the file changed.
 * Why a changed file's draft is only offered: its columns may differ, and a mapping applied to
 * other columns would load plausible wrong data; the steward decides, knowing the file changed.
 */
export function DraftNotice() {
  const keeper = useDraftKeeper();
  const notice = useDraftKeeperState((state) => state.notice);
  const saveError = useDraftKeeperState((state) => state.saveError);

  if (saveError) {
    return (
      <InlineAlert variant="notice">
        <Heading>Your work on this file is not being kept</Heading>
        <Content>{saveError.message} It will be tried again at your next change.</Content>
      </InlineAlert>
    );
  }
  switch (notice.kind) {
    case 'none':
      return null;
    case 'restored':
      return (
        <div className="draft-notice" role="status">
          <Flex alignItems="center" gap="size-150" wrap>
            <Text>Your mapping of this file, saved {formatWhen(notice.savedAt)}, was restored.</Text>
            <Button variant="secondary" style="outline" onPress={() => void keeper.startOver()}>
              Start over
            </Button>
          </Flex>
        </div>
      );
    case 'changed':
      return (
        <InlineAlert variant="notice">
          <Heading>This file changed since your last mapping of it</Heading>
          <Content>
            <p>
              A mapping of this file was saved {formatWhen(notice.savedAt)}, but the file is no longer the same (its size, date or first rows differ), so it was
              not restored. Restore it if the columns are still the same.
            </p>
            <ButtonGroup>
              <Button variant="primary" onPress={() => void keeper.restoreAnyway()}>
                Restore it anyway
              </Button>
              <Button variant="secondary" style="outline" onPress={() => void keeper.startOver()}>
                Discard it
              </Button>
            </ButtonGroup>
          </Content>
        </InlineAlert>
      );
  }
}
