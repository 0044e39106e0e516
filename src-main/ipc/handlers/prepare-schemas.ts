import { AppError } from '../../../src-shared/domain/errors';
import type { LocalSchema, SchemaChoice } from '../../../src-shared/ipc/requests/prepare';
import type { FileRegistry } from '../../core/files/file-registry';
import type { ConnectionService } from '../../core/platform/connection-service';
import type { LoadedSchema } from '../../core/xdm/index';
import {
  EXPERIENCE_EVENT_CLASS,
  PROFILE_CLASS,
  loadSchemaFile,
  loadSchemaJson,
  standardExperienceEventFieldGroups,
  standardProfileFieldGroups,
} from '../../core/xdm/index';

/** The standard schemas offered with no connection, resolved from the shipped XDM library. */
const standardSchemas = {
  profile: {
    title: 'Customer profile (standard)',
    className: 'XDM Individual Profile',
    description: 'Person, personal contact details, loyalty, consents and an identityMap.',
    composition: { $id: 'https://ns.adobe.com/xdm-loader/schemas/standard-profile', title: 'Customer profile (standard)', class: PROFILE_CLASS, fieldGroups: [...standardProfileFieldGroups] },
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

const CACHE_SIZE = 8;

export interface SchemaResolver {
  resolve(choice: SchemaChoice, signal?: AbortSignal): Promise<LoadedSchema>;
}

/**
 * Turns a schema choice into a loaded schema, with a small cache.
 * Why a cache: suggest, every preview keystroke and the prepare job name the same schema; a
 * sandbox schema costs a round trip and a standard one a resolution of the library, so each is
 * loaded once per session (the newest few are kept).
 */
export function createSchemaResolver(deps: { files: FileRegistry; connections: ConnectionService }): SchemaResolver {
  const cache = new Map<string, Promise<LoadedSchema>>();

  async function load(choice: SchemaChoice, signal?: AbortSignal): Promise<LoadedSchema> {
    switch (choice.kind) {
      case 'standard':
        return loadSchemaJson(standardSchemas[choice.id].composition);
      case 'file': {
        const file = deps.files.resolve(choice.fileRef);
        try {
          return await loadSchemaFile(file.path);
        } catch (error) {
          if (error instanceof AppError) throw new AppError(error.code, error.message.split(file.path).join(file.name), { ...error.where, file: file.name });
          throw error;
        }
      }
      case 'connection': {
        const connectionId = choice.connectionId ?? (await deps.connections.activeId());
        const document = await deps.connections.getSchema(connectionId, choice.schemaId, 'xed-full', signal);
        return loadSchemaJson(document);
      }
    }
  }

  return {
    resolve(choice, signal) {
      const key = JSON.stringify(choice);
      const hit = cache.get(key);
      if (hit) {
        cache.delete(key);
        cache.set(key, hit);
        return hit;
      }
      const loading = load(choice, signal);
      cache.set(key, loading);
      // A failed load is not remembered: the next request tries again.
      loading.catch(() => cache.delete(key));
      while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
      return loading;
    },
  };
}
