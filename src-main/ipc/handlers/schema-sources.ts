import type { LocalSchema, SchemaChoice } from '../../../src-shared/ipc/requests/schemas';
import type { FileRegistry } from '../../core/files/file-registry';
import type { ConnectionService } from '../../core/platform/connection-service';
import type { SchemaSource } from '../../core/workers/index';
import { EXPERIENCE_EVENT_CLASS, PROFILE_CLASS, standardExperienceEventFieldGroups, standardProfileFieldGroups } from '../../core/xdm/index';

/** The standard schemas offered with no connection, resolved from the shipped XDM library. */
const standardSchemas = {
  profile: {
    title: 'Customer profile (standard)',
    className: 'XDM Individual Profile',
    description: 'Person, personal contact details, loyalty, consents and an identityMap.',
    composition: {
      $id: 'https://ns.adobe.com/xdm-loader/schemas/standard-profile',
      title: 'Customer profile (standard)',
      class: PROFILE_CLASS,
      fieldGroups: [...standardProfileFieldGroups],
    },
  },
  'experience-event': {
    title: 'Experience event (standard)',
    className: 'XDM ExperienceEvent',
    description: 'Commerce, web and environment details of a time-stamped event.',
    composition: {
      $id: 'https://ns.adobe.com/xdm-loader/schemas/standard-experience-event',
      title: 'Experience event (standard)',
      class: EXPERIENCE_EVENT_CLASS,
      fieldGroups: [...standardExperienceEventFieldGroups],
    },
  },
} as const;

/** The offline choices, in the order the picker lists them. */
export function localSchemas(): LocalSchema[] {
  return (Object.keys(standardSchemas) as Array<keyof typeof standardSchemas>).map((id) => {
    const s = standardSchemas[id];
    return { choice: { kind: 'standard', id }, title: s.title, className: s.className, description: s.description };
  });
}

/** Registry documents kept: a sandbox schema costs a round trip, and previews ask for it on every keystroke. */
const CACHE_SIZE = 8;

export interface SchemaResolver {
  /** The schema as the file worker loads it; a sandbox schema is fetched here (main owns the network). */
  source(choice: SchemaChoice, signal?: AbortSignal): Promise<SchemaSource>;
}

/**
 * Turns a schema choice into a source the file worker can load, with a small cache of fetched documents.
 * Why split this way: main owns the network and the connections, so a sandbox schema's document is
 * fetched here (once per session, the newest few kept); resolving it, like resolving a standard
 * composition or reading a schema file, is CPU work the worker does and caches under `key`.
 */
export function createSchemaResolver(deps: { files: FileRegistry; connections: ConnectionService }): SchemaResolver {
  const documents = new Map<string, Promise<unknown>>();

  // xed-full-desc: the resolved schema with its descriptors (`meta:descriptors`), so the field tree
  // knows the schema's primary identity field and suggestions do not mark a second one in identityMap.
  function fetchDocument(key: string, connectionId: string, schemaId: string, signal?: AbortSignal): Promise<unknown> {
    const hit = documents.get(key);
    if (hit) {
      documents.delete(key);
      documents.set(key, hit);
      return hit;
    }
    const loading = deps.connections.getSchema(connectionId, schemaId, 'xed-full-desc', signal);
    documents.set(key, loading);
    // A failed fetch is not remembered: the next request tries again.
    loading.catch(() => documents.delete(key));
    while (documents.size > CACHE_SIZE) documents.delete(documents.keys().next().value as string);
    return loading;
  }

  return {
    async source(choice, signal) {
      switch (choice.kind) {
        case 'standard':
          return { key: `standard:${choice.id}`, kind: 'json', json: standardSchemas[choice.id].composition };
        case 'file': {
          const file = deps.files.resolve(choice.fileRef);
          return { key: `file:${choice.fileRef}`, kind: 'file', path: file.path, name: file.name };
        }
        case 'connection': {
          const connectionId = choice.connectionId ?? (await deps.connections.activeId());
          const key = `connection:${JSON.stringify([connectionId, choice.schemaId])}`;
          return { key, kind: 'json', json: await fetchDocument(key, connectionId, choice.schemaId, signal) };
        }
      }
    },
  };
}
