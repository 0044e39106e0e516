import { randomBytes } from 'node:crypto';
import { AppError } from '../../../src-shared/domain/errors';
import {
  type AepConnection,
  type Connection,
  ConnectionDraft,
  DEFAULT_AEP_SCOPES,
  LOCAL_CONNECTION_ID,
  LOCAL_CONNECTION_NAME,
  type LocalConnection,
} from '../../../src-shared/platform/connection';
import { defaultHostPreset } from '../../../src-shared/platform/host-presets';
import { readSettingsFile, type SettingsFile, settingsWritten, updateSettingsFile } from './settings-file';

/**
 * The list of connections: the built-in Local sandbox plus the AEP connections in the settings file.
 * Why a store with a queue: the window, the CLI and jobs may edit concurrently within one process;
 * every change is a read-modify-write of one file, serialised so no edit is lost.
 */
export interface ConnectionStore {
  /** The Local sandbox first, then stored connections in the order they were added. */
  list(): Promise<Connection[]>;
  /** By id, or by name (case-insensitive); undefined when there is none. */
  find(idOrName: string): Promise<Connection | undefined>;
  /** Like find, but a missing connection is a NOT_FOUND error that names the ones that exist. */
  get(idOrName: string): Promise<Connection>;
  add(draft: ConnectionDraft): Promise<AepConnection>;
  update(id: string, draft: ConnectionDraft): Promise<AepConnection>;
  remove(id: string): Promise<AepConnection>;
  activeId(): Promise<string>;
  setActive(id: string): Promise<void>;
}

export const localConnection: LocalConnection = { id: LOCAL_CONNECTION_ID, kind: 'local', name: LOCAL_CONNECTION_NAME };

export function createConnectionStore(options: { dataDir: string; newId?: () => string }): ConnectionStore {
  const { dataDir } = options;
  const newId = options.newId ?? (() => `c_${randomBytes(9).toString('base64url')}`);
  /** One read-modify-write, after every earlier change of the file (the Settings screen's too). */
  const mutate = <T>(change: (settings: SettingsFile) => T): Promise<T> => updateSettingsFile(dataDir, change);

  async function list(): Promise<Connection[]> {
    await settingsWritten(dataDir);
    const settings = await readSettingsFile(dataDir);
    return [localConnection, ...settings.connections];
  }

  async function find(idOrName: string): Promise<Connection | undefined> {
    const all = await list();
    const key = idOrName.trim();
    return all.find((c) => c.id === key) ?? all.find((c) => c.name.toLowerCase() === key.toLowerCase());
  }

  function parseDraft(draft: ConnectionDraft): Omit<AepConnection, 'id' | 'kind'> {
    const parsed = ConnectionDraft.safeParse(draft);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.join('.') ?? '';
      throw new AppError('INVALID_INPUT', `${field ? `${field}: ` : ''}${issue?.message ?? 'invalid connection'}`, { field });
    }
    const value = parsed.data;
    return {
      ...value,
      streamingUrl: value.streamingUrl ?? defaultHostPreset.streamingUrl,
      scopes: value.scopes ?? [...DEFAULT_AEP_SCOPES],
    };
  }

  function assertNameFree(settings: SettingsFile, name: string, exceptId?: string): void {
    const taken =
      name.toLowerCase() === LOCAL_CONNECTION_NAME.toLowerCase() ||
      settings.connections.some((c) => c.id !== exceptId && c.name.toLowerCase() === name.toLowerCase());
    if (taken) throw new AppError('CONFLICT', `A connection named "${name}" already exists. Choose another name.`, { field: 'name' });
  }

  function indexOf(settings: SettingsFile, id: string): number {
    if (id === LOCAL_CONNECTION_ID) {
      throw new AppError('INVALID_INPUT', 'The Local sandbox connection is built in: it cannot be changed or removed.');
    }
    const index = settings.connections.findIndex((c) => c.id === id);
    if (index < 0) throw new AppError('NOT_FOUND', `No connection with id ${id}.`);
    return index;
  }

  return {
    list,
    find,
    async get(idOrName) {
      const found = await find(idOrName);
      if (found) return found;
      const names = (await list()).map((c) => `"${c.name}"`).join(', ');
      throw new AppError('NOT_FOUND', `No connection named "${idOrName}". Known connections: ${names}.`);
    },
    async add(draft) {
      const fields = parseDraft(draft);
      return mutate((settings) => {
        assertNameFree(settings, fields.name);
        const connection: AepConnection = { id: newId(), kind: 'aep', ...fields };
        settings.connections.push(connection);
        return connection;
      });
    },
    async update(id, draft) {
      const fields = parseDraft(draft);
      return mutate((settings) => {
        const index = indexOf(settings, id);
        assertNameFree(settings, fields.name, id);
        const connection: AepConnection = { id, kind: 'aep', ...fields };
        settings.connections[index] = connection;
        return connection;
      });
    },
    remove(id) {
      return mutate((settings) => {
        const index = indexOf(settings, id);
        const [removed] = settings.connections.splice(index, 1);
        if (settings.preferences.activeConnectionId === id) delete settings.preferences.activeConnectionId;
        return removed as AepConnection;
      });
    },
    async activeId() {
      await settingsWritten(dataDir);
      const settings = await readSettingsFile(dataDir);
      const id = settings.preferences.activeConnectionId;
      return id !== undefined && settings.connections.some((c) => c.id === id) ? id : LOCAL_CONNECTION_ID;
    },
    setActive(id) {
      return mutate((settings) => {
        if (id !== LOCAL_CONNECTION_ID) indexOf(settings, id);
        settings.preferences.activeConnectionId = id;
      });
    },
  };
}
