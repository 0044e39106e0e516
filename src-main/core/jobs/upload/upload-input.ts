import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { asyncBufferFromFile, parquetMetadataAsync } from 'hyparquet';
import { z } from 'zod';
import { AppError } from '../../../../src-shared/domain/errors';
import { JsonArrayScanner } from '../../sources/json-array-scanner';
import { readTextChunks } from '../../sources/text-stream';
import type { PartFormat } from '../prepare/prepare-types';
import type { UploadInput, UploadPart } from './upload-types';

/**
 * Resolves what to upload: the finished parts of a prepared folder, or one XDM file.
 * Why the summary and not the folder listing: a cancelled or crashed prepare can leave a half
 * written part (`.tmp`) or stale files beside the finished ones; summary.json names exactly the
 * parts whose rows were counted, and those counts are what the batch must end up holding.
 */
const Summary = z.object({
  status: z.string(),
  reason: z.string().optional(),
  format: z.enum(['json', 'parquet']),
  rowsWritten: z.number(),
  parts: z.array(z.object({ file: z.string(), rows: z.number().int().nonnegative(), bytes: z.number().int().nonnegative() })),
});

export async function resolveUploadInput(input: string): Promise<UploadInput> {
  let source: string;
  try {
    source = await realpath(input);
  } catch {
    throw new AppError('FILE_UNREADABLE', `Cannot find ${input}.`, { file: input });
  }
  const info = await stat(source);
  return info.isDirectory() ? preparedFolder(source) : singleFile(source, info.size, info.mtimeMs);
}

async function preparedFolder(dir: string): Promise<UploadInput> {
  const summaryPath = path.join(dir, 'summary.json');
  let text: string;
  try {
    text = await readFile(summaryPath, 'utf8');
  } catch {
    throw new AppError('FILE_UNREADABLE', `${dir} has no summary.json: upload a folder written by \`xdm-loader prepare\`, or one .json/.parquet XDM file.`, {
      file: summaryPath,
    });
  }
  const parsed = Summary.safeParse(safeJson(text));
  if (!parsed.success) throw new AppError('FILE_MALFORMED', `${summaryPath} is not a prepare summary.`, { file: summaryPath });
  const summary = parsed.data;
  // A cancelled or failed prepare has counted rows that never reached a part, or parts that are partial.
  if (summary.status !== 'completed') {
    throw new AppError(
      'INVALID_INPUT',
      `The preparation in ${dir} did not complete (${summary.status}${summary.reason ? `: ${summary.reason}` : ''}); prepare the file again before uploading.`,
      { file: summaryPath },
    );
  }
  const parts: UploadPart[] = [];
  for (const part of summary.parts) {
    if (part.rows === 0) continue; // AEP rejects empty files (code 106); a part without rows adds nothing.
    const file = path.join(dir, part.file);
    const size = await stat(file).then(
      (s) => s.size,
      () => -1,
    );
    if (size !== part.bytes) {
      throw new AppError(
        'FILE_UNREADABLE',
        `Part ${part.file} is ${size < 0 ? 'missing' : `${size} bytes, not the ${part.bytes} summary.json recorded`}; prepare again.`,
        { file },
      );
    }
    parts.push({ name: part.file, path: file, bytes: part.bytes, rows: part.rows });
  }
  if (parts.length === 0) throw new AppError('FILE_EMPTY', `${dir} holds no records to upload (${summary.rowsWritten} rows written).`, { file: dir });
  // prepare writes JSON Lines, one record per line, never JSON arrays.
  return {
    kind: 'prepared',
    source: dir,
    format: summary.format,
    multiLineJson: false,
    parts,
    fingerprint: fingerprint(parts.map((p) => [p.name, p.bytes, p.rows])),
  };
}

async function singleFile(file: string, bytes: number, mtimeMs: number): Promise<UploadInput> {
  const ext = path.extname(file).toLowerCase();
  const format: PartFormat | undefined = ext === '.json' || ext === '.jsonl' || ext === '.ndjson' ? 'json' : ext === '.parquet' ? 'parquet' : undefined;
  if (!format)
    throw new AppError(
      'FILE_UNSUPPORTED',
      `${path.basename(file)}: upload takes a prepared folder, or a .json (JSON Lines or a JSON array) or .parquet XDM file.`,
      { file },
    );
  if (bytes === 0) throw new AppError('FILE_EMPTY', `${path.basename(file)} is empty.`, { file });
  // AEP reads a batch's JSON files all one way (isMultiLineJson), so the form is decided from the content, not the name.
  const multiLineJson = format === 'json' && (await firstNonBlankByte(file)) === OPEN_BRACKET;
  const rows = format === 'parquet' ? await countParquetRows(file) : multiLineJson ? await countJsonArrayElements(file) : await countJsonLines(file);
  if (rows === 0) throw new AppError('FILE_EMPTY', `${path.basename(file)} holds no records.`, { file });
  // AEP wants the real extension on the file inside the batch.
  const name = format === 'json' ? `${path.basename(file, path.extname(file))}.json` : path.basename(file);
  const parts = [{ name, path: file, bytes, rows }];
  return { kind: 'file', source: file, format, multiLineJson, parts, fingerprint: fingerprint([[name, bytes, rows, Math.round(mtimeMs)]]) };
}

const OPEN_BRACKET = 0x5b;
const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** The first byte that is not whitespace (nor a UTF-8 byte-order mark), or undefined for a blank file. */
async function firstNonBlankByte(file: string): Promise<number | undefined> {
  let offset = 0;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    for (const byte of chunk) {
      const inBom = offset < UTF8_BOM.length && byte === UTF8_BOM[offset];
      offset += 1;
      if (inBom || byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d) continue;
      return byte;
    }
  }
  return undefined;
}

/**
 * Records in a file holding one JSON array: its elements, found by the sources' streaming
 * scanner (one element in memory at a time). A file that is not a well-formed array is
 * FILE_MALFORMED here, before any batch is created for it.
 */
async function countJsonArrayElements(file: string): Promise<number> {
  const label = path.basename(file);
  const scanner = new JsonArrayScanner(label);
  let count = 0;
  for await (const chunk of readTextChunks(file, 'utf-8', label)) count += scanner.push(chunk).length;
  scanner.end();
  return count;
}

/** Records in a JSON Lines file: its non-blank lines, counted while streaming (memory stays flat). */
export async function countJsonLines(file: string): Promise<number> {
  let count = 0;
  let lineHasContent = false;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    for (const byte of chunk) {
      if (byte === 0x0a) {
        if (lineHasContent) count += 1;
        lineHasContent = false;
      } else if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0d) lineHasContent = true;
    }
  }
  if (lineHasContent) count += 1;
  return count;
}

async function countParquetRows(file: string): Promise<number> {
  try {
    const metadata = await parquetMetadataAsync(await asyncBufferFromFile(file));
    return Number(metadata.num_rows);
  } catch (error) {
    throw new AppError('FILE_MALFORMED', `${path.basename(file)} is not a readable Parquet file: ${error instanceof Error ? error.message : String(error)}`, {
      file,
    });
  }
}

function fingerprint(items: Array<Array<string | number>>): string {
  return createHash('sha256').update(JSON.stringify(items)).digest('hex').slice(0, 32);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
