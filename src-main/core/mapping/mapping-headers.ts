import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeOutputFile } from '../files/output-file';

/**
 * The header (column names, in order) of the file each saved or imported mapping was made for,
 * one small JSON file per mapping in `<mappings>/.headers/`.
 * Why beside the mappings and not in them: a mapping file is ours or AEP's Data Prep format, both
 * shared with other people and tools; the header is this machine's memory of where it was used.
 * Why the exact header: a file with the same columns in the same order is the same export again
 * (next month's customers.csv), where the mapping applies as it is; a similar one is not.
 */

const HEADERS_FOLDER = '.headers';

const headerFile = (mappingsDir: string, name: string): string => path.join(mappingsDir, HEADERS_FOLDER, `${name}.json`);

/** Keeps the header a mapping was saved (or imported) for. */
export async function rememberHeader(mappingsDir: string, name: string, header: readonly string[]): Promise<void> {
  await writeOutputFile(headerFile(mappingsDir, name), `${JSON.stringify({ header })}\n`);
}

/** The names of the mappings kept for exactly this header; an unreadable entry is skipped. */
export async function mappingsForHeader(mappingsDir: string, header: readonly string[]): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(path.join(mappingsDir, HEADERS_FOLDER));
  } catch {
    return [];
  }
  const wanted = JSON.stringify(header);
  const found = await Promise.all(
    names
      .filter((n) => n.endsWith('.json'))
      .map(async (n) => {
        try {
          const kept = JSON.parse(await readFile(path.join(mappingsDir, HEADERS_FOLDER, n), 'utf8')) as { header?: unknown };
          return JSON.stringify(kept.header) === wanted ? n.slice(0, -'.json'.length) : null;
        } catch {
          return null;
        }
      }),
  );
  return found.filter((n): n is string => n !== null);
}
