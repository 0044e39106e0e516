import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../../src-shared/domain/errors';
import type { ReadSettings } from '../../../src-shared/domain/read-settings';
import { exportDataPrep } from '../../../src-shared/mapping/data-prep-interchange';
import type { SavedMapping } from '../../../src-shared/ipc/requests/mapping';
import type { FileRegistry } from '../../core/files/file-registry';
import { mappingsForHeader, parseMappingJson, rememberHeader, saveMappingFile } from '../../core/mapping/index';
import type { FileWorkClient } from '../../core/workers/index';
import { callOptions } from './call-options';
import type { HandlerFragment, RequestsOf } from './fragment';
import type { SchemaResolver } from './schema-sources';
import { registeredFile } from './registered-file';

export interface MappingHandlerDeps {
  files: FileRegistry;
  dataDir: string;
  /** The worker thread that reads, maps and validates files (never the main thread: design §3). */
  work: FileWorkClient;
  schemaSources: SchemaResolver;
}

const DATA_PREP_SUFFIX = '.mapping-set';

/**
 * The name an imported mapping file is kept under in `mappings/`: its base name in the characters
 * a mapping name allows, marked as imported (so it never reads as a Data Prep export of ours).
 */
function importedName(fileName: string): string {
  const base = fileName
    .replace(/\.json$/i, '')
    .replace(/[^\w .-]+/g, '_')
    .replace(/^[^\w]+/, '')
    .slice(0, 90);
  return `${base || 'mapping'} imported`;
}

/**
 * Mapping a file to XDM: suggestions, previews on sample rows, saved mappings (ours and AEP Data Prep's).
 * Why it needs no connection: standard schemas resolve from the shipped library and schema files
 * from disk; only a sandbox schema asks the active connection. Reading the file, resolving the
 * schema, suggesting and previewing run in the file worker; main resolves references and fetches
 * sandbox schemas. Saved mappings live in `<dataDir>/mappings`.
 */
export function mappingHandlers(deps: MappingHandlerDeps): HandlerFragment<RequestsOf<'mapping'>> {
  const schemas = deps.schemaSources;
  const mappingsDir = path.join(deps.dataDir, 'mappings');
  const fileToRead = (fileRef: string, read?: ReadSettings) => registeredFile(deps.files, fileRef, read);

  async function savedList(): Promise<SavedMapping[]> {
    let names: string[];
    try {
      names = await readdir(mappingsDir);
    } catch {
      return [];
    }
    const list = await Promise.all(
      names
        .filter((n) => n.endsWith('.json'))
        .map(async (n) => {
          const name = n.slice(0, -'.json'.length);
          const info = await stat(path.join(mappingsDir, n));
          return { name, format: name.endsWith(DATA_PREP_SUFFIX) ? 'data-prep' : 'xdm-loader', modifiedAt: info.mtime.toISOString() } as const;
        }),
    );
    return list.sort((a, b) => b.modifiedAt.localeCompare(a.modifiedAt));
  }

  return {
    'mapping.suggest': async ({ fileRef, read, schema }, ctx) => {
      const file = fileToRead(fileRef, read);
      return deps.work.call('suggest', { file, schema: await schemas.source(schema, ctx.signal) }, callOptions(ctx));
    },

    'mapping.preview': async ({ fileRef, read, schema, mapping, rows }, ctx) => {
      const file = fileToRead(fileRef, read);
      return deps.work.call('preview', { file, schema: await schemas.source(schema, ctx.signal), mapping, rows }, callOptions(ctx));
    },

    'mapping.save': async ({ name, mapping, format, header }) => {
      await mkdir(mappingsDir, { recursive: true });
      const base = format === 'data-prep' && !name.endsWith(DATA_PREP_SUFFIX) ? `${name}${DATA_PREP_SUFFIX}` : name;
      const fileName = `${base}.json`;
      const target = path.join(mappingsDir, fileName);
      let content: string;
      let warnings: string[] = [];
      if (format === 'data-prep') {
        const exported = exportDataPrep(mapping);
        warnings = exported.warnings;
        content = `${JSON.stringify(exported.mappingSet, null, 2)}\n`;
        await writeFile(target, content);
      } else {
        const saved = await saveMappingFile(target, mapping);
        content = `${JSON.stringify(saved, null, 2)}\n`;
      }
      const info = await stat(target);
      if (header) await rememberHeader(mappingsDir, base, header);
      return { saved: { name: base, format, modifiedAt: info.mtime.toISOString() }, content, fileName, warnings };
    },

    'mapping.list': async () => savedList(),

    'mapping.forHeader': async ({ header }) => {
      const names = new Set(await mappingsForHeader(mappingsDir, header));
      return (await savedList()).filter((saved) => names.has(saved.name));
    },

    'mapping.load': async ({ from, header }) => {
      const file = from.kind === 'saved' ? { path: path.join(mappingsDir, `${from.name}.json`), name: `${from.name}.json` } : deps.files.resolve(from.fileRef);
      let text: string;
      try {
        text = await readFile(file.path, 'utf8');
      } catch {
        if (from.kind === 'saved') throw new AppError('NOT_FOUND', `There is no saved mapping called "${from.name}".`, { field: 'from.name' });
        throw new AppError('FILE_UNREADABLE', `${file.name} cannot be read.`, { file: file.name });
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (error) {
        throw new AppError('FILE_MALFORMED', `${file.name} is not valid JSON: ${(error as Error).message}`, { file: file.name });
      }
      const mapping = parseMappingJson(json, file.name);
      const dataPrep = typeof json === 'object' && json !== null && 'mappings' in json && !('version' in json);
      const importedFrom = dataPrep ? 'data-prep' : 'xdm-loader';
      if (from.kind === 'saved' || !header) return { mapping, importedFrom };
      // An imported file is kept, in our format, for the next file with this header.
      const keptAs = importedName(file.name);
      await mkdir(mappingsDir, { recursive: true });
      await saveMappingFile(path.join(mappingsDir, `${keptAs}.json`), mapping);
      await rememberHeader(mappingsDir, keptAs, header);
      return { mapping, importedFrom, keptAs };
    },
  };
}
