import { AppError } from '../../../src-shared/domain/errors';

/**
 * Errors for files that cannot be opened, each naming the file and what is wrong.
 * Why: a missing path, a folder or a permission problem reaches the user through the CLI and the
 * window alike; a coded AppError with a plain message replaces Node's errno text and stack.
 */
export function unreadableFile(label: string, cause: unknown): AppError {
  const code = errnoCode(cause);
  const where = { file: label };
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new AppError('FILE_UNREADABLE', `${label}: file not found`, where);
    case 'EISDIR':
      return new AppError('FILE_UNREADABLE', `${label}: is a folder, not a file`, where);
    case 'EACCES':
    case 'EPERM':
      return new AppError('FILE_UNREADABLE', `${label}: permission denied`, where);
    case 'ELOOP':
      return new AppError('FILE_UNREADABLE', `${label}: too many symbolic links`, where);
    case 'ENAMETOOLONG':
      return new AppError('FILE_UNREADABLE', `${label}: the path is too long`, where);
    default: {
      const detail = cause instanceof Error ? cause.message : String(cause);
      return new AppError('FILE_UNREADABLE', `${label}: cannot be read (${detail})`, where);
    }
  }
}

/** A file whose content is not what its format promises, with the line when there is one. */
export function malformedFile(label: string, problem: string, line?: number): AppError {
  const at = line === undefined ? '' : ` on line ${line}`;
  return new AppError('FILE_MALFORMED', `${label}: ${problem}${at}`, line === undefined ? { file: label } : { file: label, line });
}

function errnoCode(cause: unknown): string | undefined {
  if (typeof cause === 'object' && cause !== null && 'code' in cause) {
    const { code } = cause as { code: unknown };
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}
