import type { FileInspection } from '../../../src-shared/domain/inspection';
import type { MappingFile } from '../../../src-shared/mapping/mapping-types';
import { mappingFromSuggestions, primaryIdentityPath, suggestMappings } from '../../../src-shared/mapping/suggest-mapping';
import { columnsWithSamples } from '../../../src-shared/mapping/column-values';
import { checkMapping, previewMapping, type PreviewInput } from '../mapping/index';
import { inspectFile, openRowReader } from '../sources/index';
import { readRejectsPage } from '../jobs/prepare/rejects-page';
import { profileColumns } from '../targets/column-profile';
import { loadSchemaFile, loadSchemaJson, type LoadedSchema } from '../xdm/index';
import type { FileToRead, FileWorkApi, SchemaSource } from './file-work-api';
import { withFileName } from './file-names';

/** Schemas kept loaded: suggest, every preview keystroke and the job name the same few. */
const SCHEMA_CACHE_SIZE = 8;

function isDelimited(inspection: Pick<FileInspection, 'format'>): boolean {
  return inspection.format === 'csv' || inspection.format === 'tsv';
}

/** Runs `read`, naming the user's file (not the path read) in any AppError it throws. */
async function named<T>(file: FileToRead, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    throw file.name === undefined ? error : withFileName(error, file.path, file.name);
  }
}

function inspect(file: FileToRead, maxRows: number): Promise<FileInspection> {
  return named(file, async () => {
    const inspection = await inspectFile(file.path, {
      maxRows,
      ...(file.name === undefined ? {} : { displayName: file.name }),
      ...(file.read ? { read: file.read } : {}),
    });
    return file.name === undefined ? inspection : { ...inspection, file: { ...inspection.file, name: file.name } };
  });
}

/** The first `count` rows exactly as the job will read them (CSV cells as text, records as JSON). */
function sampleRows(file: FileToRead, inspection: FileInspection, count: number, signal: AbortSignal): Promise<PreviewInput[]> {
  return named(file, async () => {
    const rows: PreviewInput[] = [];
    for await (const row of openRowReader(file.path, inspection, { signal, ...(file.name === undefined ? {} : { displayName: file.name }) })) {
      rows.push(row.kind === 'cells' ? { rowNumber: row.rowNumber, cells: row.cells } : { rowNumber: row.rowNumber, record: row.record });
      if (rows.length >= count) break;
    }
    return rows;
  });
}

/**
 * A mapping with its broken rules left out, so the rest can still be previewed.
 * Why: while the user types an expression, one bad rule must not blank every sample record.
 */
function withoutBroken(mapping: MappingFile, broken: ReadonlySet<number>): MappingFile {
  return {
    ...mapping,
    rules: mapping.rules.filter((_, i) => !broken.has(i)),
    identities: mapping.identities.filter((_, i) => !broken.has(mapping.rules.length + i)),
  };
}

/** Loaded schemas by key, newest last; a failed load is not remembered, so the next call tries again. */
function schemaCache(): (source: SchemaSource) => Promise<LoadedSchema> {
  const cache = new Map<string, Promise<LoadedSchema>>();
  const load = async (source: SchemaSource): Promise<LoadedSchema> => {
    if (source.kind === 'json') return loadSchemaJson(source.json);
    try {
      return await loadSchemaFile(source.path);
    } catch (error) {
      throw withFileName(error, source.path, source.name);
    }
  };
  return (source) => {
    const hit = cache.get(source.key);
    if (hit) {
      cache.delete(source.key);
      cache.set(source.key, hit);
      return hit;
    }
    const loading = load(source);
    cache.set(source.key, loading);
    loading.catch(() => cache.delete(source.key));
    while (cache.size > SCHEMA_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    return loading;
  };
}

/**
 * The file worker's methods (file-worker.ts serves them; tests may call them in-process).
 * Why the same code as before the move: previews and the job compile the same mapping with the
 * same validator, so a sample record and the job's verdict agree.
 */
export function createFileWork(): FileWorkApi {
  const schema = schemaCache();
  return {
    inspect: async ({ file, maxRows }) => inspect(file, maxRows),

    schemaTree: async (input) => (await schema(input.schema)).tree,

    suggest: async (input) => {
      const [inspection, loaded] = await Promise.all([inspect(input.file, 100), schema(input.schema)]);
      const columns = columnsWithSamples(inspection);
      const suggestions = suggestMappings(columns, loaded.tree);
      return { suggestions, mapping: mappingFromSuggestions(suggestions, loaded.tree.schemaId || undefined, columns, primaryIdentityPath(loaded.tree)) };
    },

    preview: async (input, { signal }) => {
      const [inspection, loaded] = await Promise.all([inspect(input.file, 1), schema(input.schema)]);
      const columns = inspection.columns.map((c) => c.name);
      const checkColumns = isDelimited(inspection) ? columns : undefined;
      const problems = checkMapping(input.mapping, { ...(checkColumns ? { columns: checkColumns } : {}), tree: loaded.tree });
      const usable = withoutBroken(input.mapping, new Set(problems.map((p) => p.ruleIndex)));
      const samples = await sampleRows(input.file, inspection, input.rows, signal);
      const records = previewMapping(samples, usable, loaded, checkColumns);
      return { problems, records, columns };
    },

    prepareCheck: async (input) => {
      const [inspection, loaded] = await Promise.all([inspect(input.file, 1), schema(input.schema)]);
      const columns = inspection.columns.map((c) => c.name);
      const problems = checkMapping(input.mapping, { ...(isDelimited(inspection) ? { columns } : {}), tree: loaded.tree });
      return { inspection, columns, problems, schema: loaded.schema, descriptors: loaded.descriptors };
    },

    rejectsPage: async ({ file, ...page }, { signal }) => readRejectsPage(file, page, signal),

    profileColumns: async ({ file }, { signal, progress }) =>
      named(file, () => profileColumns(file.path, { signal, onProgress: progress, ...(file.read ? { read: file.read } : {}) })),
  };
}
