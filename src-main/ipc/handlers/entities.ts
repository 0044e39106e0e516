import type { Services } from '../../core/services/index';
import type { HandlerFragment, RequestsOf } from './fragment';

/**
 * Profiles for the Profiles screen: the merged profile of an identity and its experience events,
 * thin over the profiles service (as `xdm-loader profile`). A miss and a 403 come back explained.
 */
export function entityHandlers(deps: { services: Pick<Services, 'profiles'> }): HandlerFragment<RequestsOf<'entities'>> {
  const { profiles } = deps.services;
  return {
    'entities.lookup': async ({ namespace, id, connectionId }, ctx) => profiles.lookup({ namespace, id, connection: connectionId, signal: ctx.signal }),
    'entities.events': async ({ namespace, id, connectionId, limit }, ctx) =>
      profiles.events({ namespace, id, connection: connectionId, limit, signal: ctx.signal }),
  };
}
