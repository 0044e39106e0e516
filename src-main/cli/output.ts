import { isAppError } from '../../src-shared/domain/errors';
import type { CliContext } from './context';

/**
 * Shared CLI output: exit codes, error lines, JSON, tables, sizes.
 * Why: every command reports the same way: results on stdout, one `xdm-loader: <message>` line
 * on stderr for a failure, no stack trace (unless XDM_LOADER_DEBUG is set), and an exit code
 * scripts can branch on.
 */

export const ExitCode = {
  ok: 0,
  /** The command ran and failed: bad file, unreachable service, rejected input. */
  failure: 1,
  /** The command line itself is wrong: unknown command or option, bad argument. */
  usage: 2,
  /** A bug: an error nobody coded for (EX_SOFTWARE). */
  internal: 70,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export const PROGRAM_NAME = 'xdm-loader';

export function printLine(sink: CliContext['out'], text = ''): void {
  sink.write(`${text}\n`);
}

/** One JSON document on stdout, indented for people, still one object for `jq`. */
export function printJson(ctx: CliContext, value: unknown): void {
  ctx.out.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Reports a failure on stderr and returns the exit code for it. */
export function reportError(ctx: CliContext, error: unknown): ExitCode {
  if (isAppError(error)) {
    printLine(ctx.err, `${PROGRAM_NAME}: ${error.message}`);
    if (ctx.env.XDM_LOADER_DEBUG) printLine(ctx.err, `(${error.code})`);
    return ExitCode.failure;
  }
  const message = error instanceof Error ? error.message : String(error);
  printLine(ctx.err, `${PROGRAM_NAME}: internal error: ${message}`);
  if (ctx.env.XDM_LOADER_DEBUG && error instanceof Error && error.stack) printLine(ctx.err, error.stack);
  return ExitCode.internal;
}

/** 1536 → "1.5 KiB". */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${bytes} bytes` : `${value.toFixed(1)} ${units[unit]}`;
}

/** Shortens text to `max` characters with an ellipsis, and shows line breaks and tabs as symbols. */
export function clip(text: string, max: number): string {
  const flat = text.replace(/\r\n|\r|\n/g, '⏎').replace(/\t/g, '⇥');
  return flat.length <= max ? flat : `${flat.slice(0, Math.max(0, max - 1))}…`;
}

export interface TableOptions {
  /** Total width available; columns that do not fit are left out and counted. */
  width: number;
  /** Longest cell shown. */
  maxCell?: number;
  indent?: string;
}

/**
 * A plain-text table with a header rule. Returns the lines and how many columns were left out
 * for lack of width (the caller says so).
 */
export function renderTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  options: TableOptions,
): { lines: string[]; hiddenColumns: number } {
  const maxCell = options.maxCell ?? 24;
  const indent = options.indent ?? '  ';
  const gap = '  ';
  const clipped = rows.map((row) => headers.map((_, index) => clip(row[index] ?? '', maxCell)));
  const clippedHeaders = headers.map((header) => clip(header, maxCell));
  const widths = clippedHeaders.map((header, index) => Math.max(header.length, ...clipped.map((row) => (row[index] ?? '').length)));

  let shown = 0;
  let used = indent.length;
  for (const width of widths) {
    const next = used + (shown === 0 ? 0 : gap.length) + width;
    if (shown > 0 && next > options.width) break;
    used = next;
    shown += 1;
  }
  const line = (cells: readonly string[]): string =>
    indent +
    cells
      .slice(0, shown)
      .map((cell, index) => cell.padEnd(widths[index] ?? 0))
      .join(gap)
      .trimEnd();
  const rule =
    indent +
    widths
      .slice(0, shown)
      .map((width) => '─'.repeat(width))
      .join(gap);
  return { lines: [line(clippedHeaders), rule, ...clipped.map(line)], hiddenColumns: headers.length - shown };
}
