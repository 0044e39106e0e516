import { Content, Flex, Heading, InlineAlert, View } from '@adobe/react-spectrum';
import type { AppErrorShape, ErrorCode } from '../../../src-shared/domain/errors';
import type { PreparedFile } from '../../state/prepare-slice';
import { formatBytes, formatCount } from './format';
import { PrepareEmptyState } from './prepare-empty-state';

const titles: Partial<Record<ErrorCode, string>> = {
  FILE_EMPTY: 'The file is empty',
  FILE_BINARY: 'This is not a text or Parquet file',
  FILE_MALFORMED: 'The file is malformed',
  FILE_UNREADABLE: 'The file cannot be read',
  FILE_UNSUPPORTED: 'This kind of file is not supported',
  NOT_FOUND: 'The file is no longer available',
  UNREACHABLE: 'The app did not answer',
};

/** Where the problem is, in words: "line 12", "row 3, column email". */
function describeWhere(error: AppErrorShape): string | null {
  const where = error.where;
  if (!where) return null;
  const parts: string[] = [];
  if (where.line !== undefined) parts.push(`line ${formatCount(where.line)}`);
  if (where.row !== undefined) parts.push(`row ${formatCount(where.row)}`);
  if (where.column !== undefined) parts.push(`column “${where.column}”`);
  return parts.length > 0 ? parts.join(', ') : null;
}

/**
 * Main's message without the file name it starts with ("x.csv: the file is empty"), since the
 * alert already names the file; first letter raised, so it reads as a sentence.
 */
function messageWithoutName(message: string, name: string): string {
  const rest = message.startsWith(`${name}: `) ? message.slice(name.length + 2) : message;
  return rest.charAt(0).toUpperCase() + rest.slice(1);
}

/**
 * Why a file cannot be previewed, said plainly, next to the file it is about.
 * Why the code picks the title and main's message follows: the code is stable and the message
 * carries the detail (which line, which byte); a stack never reaches the screen.
 */
export function InspectionError({ file, error }: { file: PreparedFile | null; error: AppErrorShape }) {
  const title = titles[error.code] ?? 'The file cannot be previewed';
  const where = describeWhere(error);
  const name = file?.name ?? error.where?.file ?? 'This file';
  const message = messageWithoutName(error.message, name);
  // "The file is empty" twice says nothing more: keep main's message only when it adds detail.
  const addsDetail = message.replace(/[.\s]+$/, '').toLowerCase() !== title.toLowerCase();
  return (
    <Flex direction="column" gap="size-300" height="100%">
      <View UNSAFE_className="prepare-error">
        <InlineAlert variant="negative" width="100%">
          <Heading>{title}</Heading>
          <Content>
            <p className="prepare-error-file">
              <strong>{name}</strong>
              {file ? ` · ${formatBytes(file.size)}` : null}
              {where ? ` · ${where}` : null}
            </p>
            {addsDetail ? <p className="prepare-error-message">{message}</p> : null}
          </Content>
        </InlineAlert>
      </View>
      <View flexGrow={1}>
        <PrepareEmptyState title="Drop another file to try again" buttonLabel="Open another file…" />
      </View>
    </Flex>
  );
}
