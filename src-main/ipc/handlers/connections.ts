import { AppError } from '../../../src-shared/domain/errors';
import { LOCAL_CONNECTION_ID } from '../../../src-shared/platform/connection';
import type { ConnectionService } from '../../core/platform/connection-service';
import type { HandlerFragment, RequestsOf } from './fragment';

export interface ConnectionHandlerDeps {
  connections: ConnectionService;
}

/**
 * Connections and their credentials, thin over the connection service.
 * Why thin: `xdm-loader connection` uses the same service, so a screen and a command cannot drift
 * apart; these handlers only pick the connection and shape the reply.
 * No reply carries a secret or a token: views say where a secret comes from, never what it is.
 */
export function connectionHandlers(deps: ConnectionHandlerDeps): HandlerFragment<RequestsOf<'connections' | 'credentials'>> {
  const { connections } = deps;

  /** The connection a request names, or the active one; always by id from here on. */
  async function idOf(connectionId: string | undefined): Promise<string> {
    if (connectionId === undefined) return connections.activeId();
    return (await connections.get(connectionId)).connection.id;
  }

  async function statusOf(connectionId: string) {
    const view = await connections.get(connectionId);
    return { connectionId: view.connection.id, source: view.secret };
  }

  return {
    'connections.list': async () => {
      const [views, activeId] = await Promise.all([connections.list(), connections.activeId()]);
      return { connections: views, activeId };
    },

    'connections.save': async ({ id, draft, secret, secretIn }) => {
      if (id === undefined) return connections.add(draft, secret, secretIn);
      const updated = await connections.update(id, draft);
      if (secret === undefined) return updated;
      if (secretIn === 'session') await connections.holdSecretForSession(updated.connection.id, secret);
      else await connections.saveSecret(updated.connection.id, secret);
      return connections.get(updated.connection.id);
    },

    'connections.remove': async ({ connectionId }) => {
      const id = await idOf(connectionId);
      if (id === LOCAL_CONNECTION_ID) throw new AppError('INVALID_INPUT', 'The Local sandbox connection is built in and cannot be removed.');
      await connections.remove(id);
      return { removed: id };
    },

    'connections.test': async ({ connectionId }, ctx) => connections.test(await idOf(connectionId), ctx.signal),

    'connections.setActive': async ({ connectionId }) => {
      await connections.setActive(connectionId);
      return { activeId: await connections.activeId() };
    },

    'credentials.save': async ({ connectionId, secret }) => {
      const id = await idOf(connectionId);
      await connections.saveSecret(id, secret);
      return statusOf(id);
    },

    'credentials.holdForSession': async ({ connectionId, secret }) => {
      const id = await idOf(connectionId);
      await connections.holdSecretForSession(id, secret);
      return statusOf(id);
    },

    'credentials.keychain': () => connections.keychain(),

    'credentials.status': async ({ connectionId }) => statusOf(await idOf(connectionId)),
  };
}
