import { isAppError } from '../../../src-shared/domain/errors';
import type { ExperienceEventShape, profileRequests } from '../../../src-shared/ipc/requests/profiles';
import type { ConnectionService } from '../../core/platform/connection-service';
import { type ExperienceEventItem, getExperienceEventPage } from '../../core/platform/profile-access';
import type { HandlerFragment } from './fragment';

export interface ProfileHandlerDeps {
  connections: ConnectionService;
}

/**
 * Why the refusal is worded apart from `entities.lookup`'s: a profile can be readable while its
 * events are not. Adobe deprecated programmatic ExperienceEvent lookup; it needs Real-Time CDP
 * Ultimate and Customer Care to enable it (aep-notes §8.3).
 */
const FORBIDDEN_EVENTS =
  'Profile Access refused to list experience events (403): programmatic ExperienceEvent lookup is deprecated at Adobe and only works for ' +
  'organizations with Real-Time CDP Ultimate once Adobe Customer Care has enabled it. This says nothing about whether the events were loaded.';

/** Epoch ms from what Profile gives (a number in the guides, text in some answers); null when it is not a time. */
function timestampOf(value: ExperienceEventItem['timestamp']): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '') {
    const numeric = Number(value);
    if (Number.isFinite(numeric)) return numeric;
    const parsed = Date.parse(value);
    if (Number.isFinite(parsed)) return parsed;
  }
  return null;
}

function eventOf(item: ExperienceEventItem, index: number): ExperienceEventShape {
  const entity = item.entity ?? {};
  const ownId = typeof entity._id === 'string' ? entity._id : undefined;
  // The entity's own timestamp when Profile's envelope has none (both are the event's time in XDM).
  const time = timestampOf(item.timestamp) ?? timestampOf(typeof entity.timestamp === 'string' || typeof entity.timestamp === 'number' ? entity.timestamp : undefined);
  return {
    id: item.entityId ?? ownId ?? `event-${index + 1}`,
    timestamp: time,
    ...(typeof entity.eventType === 'string' && entity.eventType !== '' ? { eventType: entity.eventType } : {}),
    entity,
  };
}

/**
 * Profiles: the experience events of the person an identity belongs to, for the Profiles screen.
 * Why one page and newest first: the screen shows what a person did lately to confirm a load of
 * events arrived and stitched to the right profile; it is not an export.
 */
export function profileHandlers(deps: ProfileHandlerDeps): HandlerFragment<keyof typeof profileRequests> {
  return {
    'entities.events': async ({ namespace, id, connectionId, limit }, ctx) => {
      const client = await deps.connections.client(connectionId ?? (await deps.connections.activeId()));
      let page;
      try {
        page = await getExperienceEventPage(client, { entityId: id, namespace, limit }, ctx.signal);
      } catch (error) {
        if (isAppError(error) && error.code === 'FORBIDDEN') return { status: 'forbidden', namespace, id, events: [], more: false, explanation: FORBIDDEN_EVENTS };
        throw error;
      }
      if (!page.found) {
        return {
          status: 'not-found',
          namespace,
          id,
          events: [],
          more: false,
          explanation: `Profile has no profile for ${namespace} "${id}" in sandbox "${client.target.sandboxName}", so it has no experience events to list.`,
        };
      }
      // In Profile's order: asked newest first (`orderby=-timestamp`).
      return { status: 'listed', namespace, id, events: page.events.map(eventOf), more: page.more };
    },
  };
}
