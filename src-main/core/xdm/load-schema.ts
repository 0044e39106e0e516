import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { AppError } from '../../../src-shared/domain/errors';
import { tooDeepMessage } from '../../../src-shared/domain/json-depth';
import type { XdmFieldTree } from '../../../src-shared/xdm/field-tree';
import { buildFieldTree } from '../../../src-shared/xdm/field-tree';
import type { IdentityDescriptor } from '../../../src-shared/xdm/identity-descriptors';
import { embeddedIdentityDescriptors, parseIdentityDescriptors } from '../../../src-shared/xdm/identity-descriptors';
import { resolveStandardSchema } from '../../../src-shared/xdm/resolve-schema';
import type { XdmSchemaNode } from '../../../src-shared/xdm/xdm-schema-node';
import { loadXdmLibrary } from './standard-library';

/** A schema ready for mapping and validation: resolved JSON, identity descriptors, field tree. */
export interface LoadedSchema {
  schema: XdmSchemaNode;
  descriptors: IdentityDescriptor[];
  tree: XdmFieldTree;
}

/**
 * A composition request written by hand for offline work.
 * Why: `{ "class": "…/profile", "fieldGroups": [...] }` is the smallest file that names a
 * standard schema; the resolver turns it into the same shape the registry would serve.
 */
const Composition = z.object({
  class: z.string(),
  fieldGroups: z.array(z.string()).default([]),
  title: z.string().optional(),
  $id: z.string().optional(),
  descriptors: z.array(z.unknown()).optional(),
});

const Wrapped = z.object({ schema: z.record(z.string(), z.unknown()), descriptors: z.array(z.unknown()).optional() });

/**
 * Accepts any of the forms a schema reaches us in and returns one resolved schema.
 * - a registry `xed-full` response (top-level `properties`, no `allOf`);
 * - `{ schema, descriptors }`, our saved form with descriptors beside the schema;
 * - `{ class, fieldGroups }`, resolved offline from the shipped standard library;
 * - a raw `xed` schema (`allOf` of a class and field groups) of standard components.
 */
export function loadSchemaJson(json: unknown, libraryDir?: string): LoadedSchema {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new AppError('INVALID_INPUT', 'A schema must be a JSON object');
  const composition = Composition.safeParse(json);
  if (composition.success && !('properties' in json)) {
    const c = composition.data;
    const schema = resolveStandardSchema(loadXdmLibrary(libraryDir), {
      classId: c.class,
      fieldGroupIds: c.fieldGroups,
      ...(c.title ? { title: c.title } : {}),
      ...(c.$id ? { id: c.$id } : {}),
    });
    return finish(schema, parseIdentityDescriptors(c.descriptors ?? []));
  }
  const wrapped = Wrapped.safeParse(json);
  if (wrapped.success && !('properties' in json)) {
    const inner = loadSchemaJson(wrapped.data.schema, libraryDir);
    return finish(inner.schema, [...inner.descriptors, ...parseIdentityDescriptors(wrapped.data.descriptors ?? [])]);
  }
  const node = json as XdmSchemaNode;
  if (Array.isArray(node.allOf) && !node.properties) {
    const refs = (node.allOf as XdmSchemaNode[]).map((p) => p.$ref).filter((r): r is string => typeof r === 'string');
    const classId = typeof node['meta:class'] === 'string' ? node['meta:class'] : refs[0];
    if (!classId) throw new AppError('INVALID_INPUT', 'The schema has allOf but no class reference');
    const schema = resolveStandardSchema(loadXdmLibrary(libraryDir), {
      classId,
      fieldGroupIds: refs.filter((r) => r !== classId),
      ...(typeof node.title === 'string' ? { title: node.title } : {}),
      ...(typeof node.$id === 'string' ? { id: node.$id } : {}),
    });
    return finish(schema, embeddedIdentityDescriptors(node));
  }
  if (!node.properties || typeof node.properties !== 'object')
    throw new AppError(
      'INVALID_INPUT',
      'Not a resolved XDM schema: no top-level "properties" (request it with Accept: application/vnd.adobe.xed-full+json; version=1)',
    );
  return finish(node, []);
}

function finish(schema: XdmSchemaNode, extra: IdentityDescriptor[]): LoadedSchema {
  const descriptors = [...embeddedIdentityDescriptors(schema), ...extra];
  return { schema, descriptors, tree: buildFieldTree(schema, descriptors) };
}

/** Reads a schema file (any form {@link loadSchemaJson} accepts). */
export async function loadSchemaFile(file: string, libraryDir?: string): Promise<LoadedSchema> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new AppError('FILE_UNREADABLE', `Cannot read the schema: ${(e as Error).message}`, { file });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new AppError('FILE_MALFORMED', `The schema is not valid JSON: ${(e as Error).message}`, { file });
  }
  // Resolving and validating walk the schema recursively: a far deeper one is refused here.
  const tooDeep = tooDeepMessage(json, `${file}: the schema`);
  if (tooDeep !== undefined) throw new AppError('FILE_UNSUPPORTED', tooDeep, { file });
  return loadSchemaJson(json, libraryDir);
}
