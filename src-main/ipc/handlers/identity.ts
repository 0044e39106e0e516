import type { Services } from '../../core/services/index';
import type { HandlerFragment, RequestsOf } from './fragment';

/** The sandbox's identity namespaces (the identity map builder offers them), thin over the targets service. */
export function identityHandlers(deps: { services: Pick<Services, 'targets'> }): HandlerFragment<RequestsOf<'identity'>> {
  return {
    'identity.namespaces': async ({ connectionId }, ctx) => deps.services.targets.listNamespaces(connectionId, ctx.signal),
  };
}
