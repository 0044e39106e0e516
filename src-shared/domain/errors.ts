import { z } from 'zod';

/**
 * Error codes every layer speaks.
 * Why: replies cross IPC and WebSocket as plain data, so the renderer and the CLI branch on a
 * code, never on a message; the message is for people.
 */
export const errorCodes = [
  'INVALID_INPUT',
  'UNKNOWN_REQUEST',
  'NOT_FOUND',
  'FILE_UNREADABLE',
  'FILE_EMPTY',
  'FILE_BINARY',
  'FILE_MALFORMED',
  'FILE_UNSUPPORTED',
  /** A file or folder could not be written: full disk, read-only or missing folder, no permission. */
  'FILE_UNWRITABLE',
  'CANCELLED',
  'CONFLICT',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'THROTTLED',
  'UNREACHABLE',
  'REMOTE_ERROR',
  'KEYCHAIN_UNAVAILABLE',
  'INTERNAL',
] as const;
export const ErrorCode = z.enum(errorCodes);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** Where a problem is: any of file, line, row, column, field path (or IPC input path). */
export const Where = z.object({
  file: z.string().optional(),
  line: z.number().int().nonnegative().optional(),
  row: z.number().int().nonnegative().optional(),
  column: z.string().optional(),
  field: z.string().optional(),
});
export type Where = z.infer<typeof Where>;

export const AppErrorShape = z.object({
  code: ErrorCode,
  message: z.string(),
  where: Where.optional(),
});
export type AppErrorShape = z.infer<typeof AppErrorShape>;

/**
 * A failure that knows its code and its place.
 * Why: core throws these; the router turns them into envelopes without losing fields.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly where: Where | undefined;
  constructor(code: ErrorCode, message: string, where?: Where) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.where = where;
  }
  toShape(): AppErrorShape {
    return this.where ? { code: this.code, message: this.message, where: this.where } : { code: this.code, message: this.message };
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
