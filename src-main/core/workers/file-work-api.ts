import type { FileInspection } from '../../../src-shared/domain/inspection';
import type { ReadSettings } from '../../../src-shared/domain/read-settings';
import type { MappingFile } from '../../../src-shared/mapping/mapping-types';
import type { ColumnSuggestion } from '../../../src-shared/mapping/suggest-mapping';
import type { XdmFieldTree } from '../../../src-shared/xdm/field-tree';
import type { IdentityDescriptor } from '../../../src-shared/xdm/identity-descriptors';
import type { XdmSchemaNode } from '../../../src-shared/xdm/xdm-schema-node';
import type { MappingProblem, PreviewRow } from '../mapping/index';
import type { RejectsPage, RejectsPageRequest } from '../jobs/prepare/rejects-page';
import type { ColumnProfile } from '../targets/column-profile';
import type { WorkerCallContext } from './worker-protocol';

/**
 * The file worker's API: what main asks of the thread that reads and parses the user's files.
 * Why these calls: each reads up to a MiB of a file and parses, infers, maps or validates it
 * (tens to hundreds of ms of CPU), which would freeze the window on the Electron main thread.
 * Every input and result is plain data (structured-cloned across the thread boundary).
 */

/** A file to read: where main has it, and the name the user knows it by (errors use that name). */
export interface FileToRead {
  path: string;
  /** Omitted: messages name the path, as core's readers do by default. */
  name?: string;
  /** How the steward wants it read, where it differs from detection; every call reads it so. */
  read?: ReadSettings;
}

/**
 * A schema, in a form the worker can load by itself; `key` names it in the worker's cache.
 * Why not the loaded schema: resolving the standard library and building the field tree is CPU
 * work too, and a small key is cheaper to send on every preview keystroke than a resolved tree.
 */
export type SchemaSource = { key: string; kind: 'json'; json: unknown } | { key: string; kind: 'file'; path: string; name: string };

export interface InspectRequest {
  file: FileToRead;
  maxRows: number;
}

export interface SuggestRequest {
  file: FileToRead;
  schema: SchemaSource;
}

export interface SuggestResult {
  suggestions: ColumnSuggestion[];
  mapping: MappingFile;
}

export interface PreviewRequest {
  file: FileToRead;
  schema: SchemaSource;
  mapping: MappingFile;
  rows: number;
}

export interface PreviewResult {
  problems: MappingProblem[];
  records: PreviewRow[];
  columns: string[];
}

export interface PrepareCheckRequest {
  file: FileToRead;
  schema: SchemaSource;
  mapping: MappingFile;
}

/** What the prepare job needs before it starts: how the file reads, the mapping's problems, the schema. */
export interface PrepareCheck {
  inspection: FileInspection;
  columns: string[];
  problems: MappingProblem[];
  schema: XdmSchemaNode;
  descriptors: IdentityDescriptor[];
}

export interface FileWorkApi {
  /** `inspectFile` on the head of a file. */
  inspect(input: InspectRequest, ctx: WorkerCallContext): Promise<FileInspection>;
  /** A schema's field tree. */
  schemaTree(input: { schema: SchemaSource }, ctx: WorkerCallContext): Promise<XdmFieldTree>;
  /** Mapping suggestions for the file's columns (from its first 100 rows). */
  suggest(input: SuggestRequest, ctx: WorkerCallContext): Promise<SuggestResult>;
  /** Sample rows mapped and validated as the prepare job would; broken rules are left out. */
  preview(input: PreviewRequest, ctx: WorkerCallContext): Promise<PreviewResult>;
  /** The checks `jobs.prepare` makes before it starts the job. */
  prepareCheck(input: PrepareCheckRequest, ctx: WorkerCallContext): Promise<PrepareCheck>;
  /** A page of a prepare job's rejects.csv (read through to the page, so any page of a large file). */
  rejectsPage(input: { file: string } & RejectsPageRequest, ctx: WorkerCallContext): Promise<RejectsPage>;
  /** The type of every column read from the whole file, for a new schema; reports `ProfileProgress` as it reads. */
  profileColumns(input: { file: FileToRead }, ctx: WorkerCallContext): Promise<ColumnProfile[]>;
}
