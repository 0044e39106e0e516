import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { AppError } from '../../../src-shared/domain/errors';
import { tooDeepMessage } from '../../../src-shared/domain/json-depth';
import { DataPrepImportError, importDataPrep } from '../../../src-shared/mapping/data-prep-interchange';
import type { MappingFile, MappingFileInput } from '../../../src-shared/mapping/mapping-types';
import { MappingFile as MappingFileSchema } from '../../../src-shared/mapping/mapping-types';
import { writeOutputFile } from '../files/output-file';

/**
 * Saving and loading mapping files.
 * Why validated on load: a mapping file is user-editable JSON; a typo must be a clear error
 * naming the field (`rules.3.destination`), not a crash in the middle of a prepare job.
 * A file holding an AEP Data Prep mapping set (`mappings[]`) is imported transparently.
 */

function issuePath(issue: z.core.$ZodIssue): string {
  return issue.path.map(String).join('.');
}

/** Parses and validates mapping JSON (our format, or a Data Prep mapping set). */
export function parseMappingJson(json: unknown, file?: string): MappingFile {
  const where = file ? { file } : {};
  if (typeof json === 'object' && json !== null && 'mappings' in json && !('version' in json)) {
    try {
      return importDataPrep(json);
    } catch (e) {
      if (e instanceof DataPrepImportError) throw new AppError('INVALID_INPUT', e.message, { ...where, field: `mappings.${e.index}` });
      if (e instanceof z.ZodError) {
        const first = e.issues[0];
        throw new AppError('INVALID_INPUT', `Not a valid Data Prep mapping set: ${first ? `${issuePath(first)}: ${first.message}` : e.message}`, {
          ...where,
          field: first ? issuePath(first) : '',
        });
      }
      throw e;
    }
  }
  const parsed = MappingFileSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const text = parsed.error.issues.map((i) => `${issuePath(i) || '(root)'}: ${i.message}`).join('; ');
    throw new AppError('INVALID_INPUT', `Not a valid mapping file: ${text}`, { ...where, ...(first ? { field: issuePath(first) } : {}) });
  }
  return parsed.data;
}

export async function loadMappingFile(file: string): Promise<MappingFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new AppError('FILE_UNREADABLE', `Cannot read the mapping: ${(e as Error).message}`, { file });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new AppError('FILE_MALFORMED', `The mapping is not valid JSON: ${(e as Error).message}`, { file });
  }
  const tooDeep = tooDeepMessage(json, `${file}: the mapping`);
  if (tooDeep !== undefined) throw new AppError('FILE_UNSUPPORTED', tooDeep, { file });
  return parseMappingJson(json, file);
}

/**
 * Validates then writes a mapping file (pretty JSON, trailing newline).
 * Why through a temporary file: a full disk must not leave the user's earlier mapping truncated.
 */
export async function saveMappingFile(file: string, mapping: MappingFileInput): Promise<MappingFile> {
  const valid = parseMappingJson(mapping, file);
  await writeOutputFile(file, `${JSON.stringify(valid, null, 2)}\n`);
  return valid;
}
