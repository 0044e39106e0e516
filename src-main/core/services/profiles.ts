import { isAppError } from '../../../src-shared/domain/errors';
import type { ProfileLookup } from '../../../src-shared/ipc/requests/entities';
import type { ExperienceEventShape, ProfileEventsShape } from '../../../src-shared/ipc/requests/entities';
import type { ConnectionRef, ConnectionService } from '../platform/connection-service';
import { type ExperienceEventItem, getEntity, getExperienceEventPage } from '../platform/profile-access';
import { clientOf } from './connection-client';

export interface ProfileQuery {
  namespace: string;
  id: string;
  connection?: ConnectionRef;
  signal?: AbortSignal;
}

export interface ProfilesService {
  /** The merged profile an identity belongs to; a miss and a 403 come back explained, not thrown. */
  lookup(query: ProfileQuery): Promise<ProfileLookup>;
  /** One page of that person's experience events, newest first; a miss and a 403 likewise explained. */
  events(query: ProfileQuery & { limit: number }): Promise<ProfileEventsShape>;
}

/**
 * Why a 403 is explained and never reported as "not found": Profile Access needs Real-Time CDP
 * Ultimate and a product profile with Profile read permission; a refusal says nothing about the data.
 */
export const FORBIDDEN_PROFILE =
  'Profile Access refused the lookup (403): this organization or its API credential is not entitled to the Profile Access API ' +
  '(it needs Real-Time CDP Ultimate, and the credential a product profile with Profile read permission). This says nothing about whether the profile exists.';

/**
 * Why the events' refusal is worded apart from the lookup's: a profile can be readable while its
 * events are not. Adobe deprecated programmatic ExperienceEvent lookup; it needs Real-Time CDP
 * Ultimate and Customer Care to enable it (aep-notes §8.3).
 */
export const FORBIDDEN_EVENTS =
  'Profile Access refused to list experience events (403): programmatic ExperienceEvent lookup is deprecated at Adobe and only works for ' +
  'organizations with Real-Time CDP Ultimate once Adobe Customer Care has enabled it. This says nothing about whether the events were loaded.';

/**
 * Profiles for the Profiles screen and `xdm-loader profile`: the last step of a load is seeing the
 * person arrive. Why in core: the screen and the command explain a miss and a refusal in the same
 * words, and show the same attributes, identities and events.
 */
export function createProfilesService(deps: { connections: ConnectionService }): ProfilesService {
  return {
    async lookup({ namespace, id, connection, signal }) {
      const client = await clientOf(deps.connections, connection);
      let entity;
      try {
        entity = await getEntity(client, { entityId: id, namespace }, signal);
      } catch (error) {
        if (isAppError(error) && error.code === 'FORBIDDEN') return { status: 'forbidden', namespace, id, explanation: FORBIDDEN_PROFILE };
        throw error;
      }
      if (!entity) {
        return {
          status: 'not-found',
          namespace,
          id,
          explanation:
            `Profile has no profile for ${namespace} "${id}" in sandbox "${client.target.sandboxName}". If it was just loaded, Profile may still be processing it; ` +
            'otherwise check that the dataset and its schema are enabled for Profile and that the namespace is right.',
        };
      }
      const { identities = [], ...attributes } = entity.entity ?? {};
      return {
        status: 'found',
        namespace,
        id,
        profile: {
          ...(entity.entityId !== undefined ? { entityId: entity.entityId } : {}),
          ...(entity.lastModifiedAt !== undefined ? { lastModifiedAt: entity.lastModifiedAt } : {}),
          sources: (entity.sources ?? []).filter((s) => s !== ''),
          identities: identities.map((i) => ({ namespace: i.namespace.code, id: i.id, primary: i.primary === true })),
          attributes,
        },
      };
    },

    async events({ namespace, id, connection, limit, signal }) {
      const client = await clientOf(deps.connections, connection);
      let page;
      try {
        page = await getExperienceEventPage(client, { entityId: id, namespace, limit }, signal);
      } catch (error) {
        if (isAppError(error) && error.code === 'FORBIDDEN')
          return { status: 'forbidden', namespace, id, events: [], more: false, explanation: FORBIDDEN_EVENTS };
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
  const time =
    timestampOf(item.timestamp) ?? timestampOf(typeof entity.timestamp === 'string' || typeof entity.timestamp === 'number' ? entity.timestamp : undefined);
  return {
    id: item.entityId ?? ownId ?? `event-${index + 1}`,
    timestamp: time,
    ...(typeof entity.eventType === 'string' && entity.eventType !== '' ? { eventType: entity.eventType } : {}),
    entity,
  };
}
