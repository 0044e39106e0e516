import { z } from 'zod';
import { FileRef } from '../../domain/files';
import { SchemaSummary } from '../../platform/targets';
import { XdmField } from '../../xdm/field-tree';
import type { RequestMap } from '../request-map';
import { onConnection } from './connections';

/**
 * Schemas: the standard ones offered offline, a chosen schema's field tree, and a sandbox's schemas.
 * Why a schema is named by a choice and never sent whole: the standard schemas live in main's
 * assets, a schema file is a registered file, a sandbox schema is fetched by main; the renderer
 * only says which one, and main resolves, caches and validates it the same way for every request.
 */

/** Which target schema: a shipped standard one, a schema file the user registered, or one of a connection's. */
export const SchemaChoice = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('standard'), id: z.enum(['profile', 'experience-event']) }).strict(),
  z.object({ kind: z.literal('file'), fileRef: FileRef }).strict(),
  z.object({ kind: z.literal('connection'), connectionId: z.string().trim().min(1).max(100).optional(), schemaId: z.string().trim().min(1) }).strict(),
]);
export type SchemaChoice = z.infer<typeof SchemaChoice>;

/** A schema the mapping screen can offer without a connection. */
export const LocalSchema = z.object({
  choice: SchemaChoice,
  title: z.string(),
  className: z.string(),
  description: z.string(),
});
export type LocalSchema = z.infer<typeof LocalSchema>;

/** A resolved schema as the editor shows it: its field tree. */
export const SchemaTree = z.object({
  schemaId: z.string(),
  title: z.string(),
  className: z.string().optional(),
  fields: z.array(XdmField),
});
export type SchemaTree = z.infer<typeof SchemaTree>;

/** Schema documents are the xdm capability's business; over IPC they are plain JSON objects. */
export const SchemaDocumentJson = z.record(z.string(), z.unknown());

export const schemaRequests = {
  'schemas.local': {
    input: z.object({}).strict(),
    output: z.array(LocalSchema),
  },
  'schemas.tree': {
    input: z.object({ schema: SchemaChoice }).strict(),
    output: SchemaTree,
  },
  'schemas.list': {
    input: z.object(onConnection).strict(),
    output: z.array(SchemaSummary),
  },
  'schemas.get': {
    input: z
      .object({
        ...onConnection,
        schemaId: z.string().trim().min(1),
        format: z.enum(['xed', 'xed-full', 'xed-notext', 'xed-full-notext', 'xed-full-desc']).default('xed-full'),
      })
      .strict(),
    output: SchemaDocumentJson,
  },
  'schemas.enableForProfile': {
    input: z.object({ ...onConnection, schemaId: z.string().trim().min(1) }).strict(),
    output: SchemaSummary,
  },
} as const satisfies RequestMap;
