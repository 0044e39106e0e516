import path from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { AppError } from '../../src-shared/domain/errors';
import { textEncodings, type FileInspection, type TextEncoding } from '../../src-shared/domain/inspection';
import {
  dateFormats,
  readQuotes,
  ReadDelimiter,
  ReadSettings,
  settingsOrNothing,
  textColumnTypes,
  type ColumnReadSetting,
  type DateFormat,
  type TextColumnType,
} from '../../src-shared/domain/read-settings';
import { createDrafts, fingerprintFile } from '../core/drafts/index';
import { silentLogger } from '../core/platform/logger';
import type { CliContext } from './context';
import { ExitCode } from './output';

/**
 * The read-settings flags of every command that reads a source file (inspect, suggest, prepare,
 * schema create --from): the File step's choices, said on the command line.
 * Why one module: the flags must build the SAME `ReadSettings` object the screen sends, so a
 * script and a steward read one file the same way; each command only adds them and passes the
 * result to the service it already calls.
 */

/** What commander collects from the read-settings flags. */
export interface ReadFlags {
  delimiter?: string;
  quote?: ReadSettings['quote'];
  /** `--header` true, `--no-header` false, neither undefined (detected). */
  header?: boolean;
  encoding?: TextEncoding;
  columnType?: Array<[string, TextColumnType]>;
  dateFormat?: Array<[string, DateFormat]>;
  /** Start from the read settings of the file's draft in the app. */
  draft?: boolean;
}

/** The flags as a read: the shared settings, and an encoding the settings cannot hold (UTF-16). */
export interface CliRead {
  /** Undefined when no flag was given: everything is detected. */
  settings: ReadSettings | undefined;
  /** `--encoding` as `inspectFile` takes it (UTF-16 included; it wins over `settings.encoding`). */
  encoding: TextEncoding | undefined;
  /** With `--draft`: when the draft the settings start from was saved. */
  draftSavedAt?: string;
}

const delimiterWords: Record<string, string> = { tab: '\t', '\\t': '\t', comma: ',', semicolon: ';', pipe: '|' };

/** `,` `;` `|` `tab` or `\t`, or any other single character. */
export function parseDelimiter(value: string): string {
  const delimiter = delimiterWords[value.toLowerCase()] ?? value;
  const parsed = ReadDelimiter.safeParse(delimiter);
  if (!parsed.success) {
    throw new InvalidArgumentError(`expected one character (or "tab"), e.g. ";" or "|"; ${parsed.error.issues[0]?.message ?? 'not a delimiter'}.`);
  }
  return parsed.data;
}

function parseQuote(value: string): NonNullable<ReadSettings['quote']> {
  const quote = readQuotes.find((q) => q === value);
  if (quote === undefined)
    throw new InvalidArgumentError(`expected ${readQuotes.map((q) => `${q}`).join(' or ')} (the quote characters the File step offers).`);
  return quote;
}

/** `COLUMN=VALUE`: the last `=` splits, so a column name may hold one. */
function columnPair<T extends string>(what: string, allowed: readonly T[]): (value: string, previous: Array<[string, T]> | undefined) => Array<[string, T]> {
  return (value, previous) => {
    const at = value.lastIndexOf('=');
    const column = value.slice(0, at).trim();
    const setting = value.slice(at + 1).trim();
    if (at < 0 || column === '')
      throw new InvalidArgumentError(`expected COLUMN=${what.toUpperCase()}, e.g. ${allowed[0] === undefined ? '' : `zip=${allowed[0]}`}.`);
    const chosen = allowed.find((a) => a === setting);
    if (chosen === undefined) throw new InvalidArgumentError(`"${setting}" is not a ${what}; expected one of ${allowed.join(', ')}.`);
    return [...(previous ?? []), [column, chosen]];
  };
}

/** Adds the read-settings flags to `command`. */
export function addReadOptions(command: Command): Command {
  return command
    .option(
      '--delimiter <char>',
      'delimiter of a CSV/TSV file: "," ";" "|" "tab" (or "\\t"), or any other single character (default: detected)',
      parseDelimiter,
    )
    .option('--quote <char>', `quote character of a CSV/TSV file: ${readQuotes.join(' or ')} (default: ")`, parseQuote)
    .option('--header', 'the first row is a header (default: detected)')
    .option('--no-header', 'the first row is data: the columns are named column_1, column_2, ... as on the File step')
    .addOption(new Option('--encoding <encoding>', 'text encoding of the file, instead of the one found from its start').choices([...textEncodings]))
    .option(
      '--column-type <column=type>',
      `read a column as this type (repeatable): ${textColumnTypes.join(', ')}`,
      columnPair<TextColumnType>('type', textColumnTypes),
    )
    .option(
      '--date-format <column=format>',
      `read a column's dates with this pattern (repeatable): ${dateFormats.map((f) => (f.includes(' ') ? `"${f}"` : f)).join(', ')}`,
      columnPair<DateFormat>('date format', dateFormats),
    )
    .option('--draft', "start from the read settings the app keeps in this file's draft (same data folder); a flag given wins over the draft's setting");
}

/** The help paragraph every reading command ends with: precedence and an example. */
export function readOptionsHelp(example: string): string {
  return [
    '',
    'Reading the file:',
    "  The read flags are the File step's settings; a setting left out is detected as there.",
    "  A mapping file carries no read settings. The app's draft of the file is read only with",
    '  --draft, and then each flag given wins over the same setting of the draft (for a column,',
    "  --column-type or --date-format replaces the draft's setting of that column).",
    '  --column-type and --date-format name columns as the file is read with the other flags',
    '  (with --no-header: column_1, column_2, ...); a column the file does not have is an error.',
    '',
    'Example:',
    `  $ ${example}`,
  ].join('\n');
}

/**
 * A flag value wrong only in combination (or for this file): commander's usage error, exit code
 * 2, its message naming the flag, like a value commander itself refuses.
 */
function usageError(command: Command, message: string): never {
  return command.error(`error: ${message}`, { exitCode: ExitCode.usage, code: 'xdm-loader.readFlag' });
}

/** The flags as the shared settings, validated by the same schema as the screen's requests. */
export function readFrom(command: Command, flags: ReadFlags): CliRead {
  const columns: Record<string, ColumnReadSetting> = {};
  for (const [column, type] of flags.columnType ?? []) columns[column] = { type };
  for (const [column, dateFormat] of flags.dateFormat ?? []) {
    if (Object.hasOwn(columns, column))
      usageError(command, `option '--date-format' names column "${column}", which --column-type already sets; give it one or the other.`);
    columns[column] = { dateFormat };
  }
  if (flags.delimiter !== undefined && flags.delimiter === (flags.quote ?? '"')) {
    usageError(command, `option '--delimiter' is "${flags.delimiter}", the quote character too; choose another delimiter or --quote.`);
  }
  const encoding = flags.encoding === 'utf-8' || flags.encoding === 'latin1' ? flags.encoding : undefined;
  const settings = settingsOrNothing(ReadSettings.parse({ delimiter: flags.delimiter, quote: flags.quote, hasHeader: flags.header, encoding, columns }));
  return { settings, encoding: flags.encoding };
}

/**
 * The read a command uses: the flags, over the settings of the file's draft with `--draft`.
 * Why a draft only when asked: a script must read a file the same way on every machine; the
 * draft is the steward's shortcut to "as I set it on the File step", never a hidden input.
 */
export async function resolveRead(ctx: CliContext, command: Command, file: string, flags: ReadFlags): Promise<CliRead> {
  const read = readFrom(command, flags);
  if (!flags.draft) return read;
  const lookup = await createDrafts(ctx.dataDir(), silentLogger).store.get(path.resolve(file), await fingerprintFile(file));
  if (lookup.status === 'none') throw new AppError('NOT_FOUND', `--draft: the app keeps no draft of ${file} in ${ctx.dataDir()}`, { file });
  if (lookup.status === 'changed') {
    throw new AppError(
      'CONFLICT',
      `--draft: ${file} changed since its draft was saved (${lookup.savedAt}); open it in the app again, or give the read flags alone`,
      {
        file,
      },
    );
  }
  const fromDraft = lookup.draft.read ?? {};
  const merged = { ...fromDraft, ...read.settings, columns: { ...fromDraft.columns, ...read.settings?.columns } };
  if (merged.delimiter !== undefined && merged.delimiter === (merged.quote ?? '"')) {
    usageError(command, `option '--delimiter' and the draft together make "${merged.delimiter}" both the delimiter and the quote character.`);
  }
  return { settings: settingsOrNothing(ReadSettings.parse(merged)), encoding: read.encoding ?? merged.encoding, draftSavedAt: lookup.savedAt };
}

/** Options for `inspectFile` that read as the flags say. */
export function inspectOptionsOf(read: CliRead): { read?: ReadSettings; encoding?: TextEncoding } {
  return { ...(read.settings ? { read: read.settings } : {}), ...(read.encoding ? { encoding: read.encoding } : {}) };
}

/** Flags that only a delimited file has, by name, as the command line spells them. */
const delimitedOnly: ReadonlyArray<[keyof ReadSettings, string]> = [
  ['delimiter', '--delimiter'],
  ['quote', '--quote'],
  ['hasHeader', '--header/--no-header'],
  ['columns', '--column-type/--date-format'],
];

/**
 * Refuses flags that do not fit the file as read: a delimited-file flag on a JSON or Parquet file
 * (it would be ignored without a word), or a column the file does not have.
 */
export function checkReadAgainst(command: Command, settings: ReadSettings | undefined, inspection: Pick<FileInspection, 'format' | 'columns'>): void {
  if (!settings) return;
  if (inspection.format !== 'csv' && inspection.format !== 'tsv') {
    const flag = delimitedOnly.find(([key]) => settings[key] !== undefined);
    if (flag) usageError(command, `option '${flag[1]}' applies to CSV/TSV files only; this file is ${inspection.format}.`);
    return;
  }
  const names = new Set(inspection.columns.map((c) => c.name));
  for (const [column, setting] of Object.entries(settings.columns ?? {})) {
    if (names.has(column)) continue;
    const flag = 'dateFormat' in setting ? '--date-format' : '--column-type';
    usageError(
      command,
      `option '${flag}' names column "${column}", which the file does not have; its columns are ${[...names].map((n) => `"${n}"`).join(', ')}.`,
    );
  }
}

/** Every read setting as used (detected or chosen), and which the flags chose. */
export interface ReadUsed {
  delimiter: string | null;
  quote: string | null;
  hasHeader: boolean;
  encoding: TextEncoding | null;
  columns: Record<string, ColumnReadSetting>;
  /** What the flags (and, with --draft, the draft under them) chose. */
  chosen: ReadSettings;
  /** With --draft: when the draft was saved. */
  draftSavedAt?: string;
}

/**
 * The read settings a command actually used, for `--json`. Why both: a script checks that its
 * override took, and sees what was detected for the rest.
 */
export function readUsed(inspection: Pick<FileInspection, 'encoding' | 'delimiter' | 'quote' | 'hasHeader'>, read: CliRead): ReadUsed {
  const settings = read.settings;
  return {
    delimiter: inspection.delimiter,
    quote: inspection.quote ?? null,
    hasHeader: inspection.hasHeader,
    encoding: inspection.encoding,
    columns: settings?.columns ?? {},
    chosen: settings ?? {},
    ...(read.draftSavedAt ? { draftSavedAt: read.draftSavedAt } : {}),
  };
}

/**
 * The settings as flags again, for a next command the CLI prints (schema create's prepare line):
 * the file must be read the same way there. Quoted for a POSIX shell.
 */
export function readFlagsText(settings: ReadSettings | undefined): string {
  if (!settings) return '';
  const quoted = (text: string) => `'${text.replace(/'/g, "'\\''")}'`;
  const flags: string[] = [];
  if (settings.delimiter !== undefined) flags.push(`--delimiter ${settings.delimiter === '\t' ? 'tab' : quoted(settings.delimiter)}`);
  if (settings.quote !== undefined) flags.push(`--quote ${quoted(settings.quote)}`);
  if (settings.hasHeader !== undefined) flags.push(settings.hasHeader ? '--header' : '--no-header');
  if (settings.encoding !== undefined) flags.push(`--encoding ${settings.encoding}`);
  for (const [column, setting] of Object.entries(settings.columns ?? {})) {
    flags.push('dateFormat' in setting ? `--date-format ${quoted(`${column}=${setting.dateFormat}`)}` : `--column-type ${quoted(`${column}=${setting.type}`)}`);
  }
  return flags.map((flag) => ` ${flag}`).join('');
}
