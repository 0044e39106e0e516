import { z } from 'zod';
import type { RequestMap } from '../request-map';
import { onConnection } from './connections';

/**
 * Profiles: the merged profile of an identity (`entities.lookup`) and the experience events of the
 * person it belongs to (`entities.events`).
 * Why a status and not only a list: Profile Access answers 404 when no profile holds the identity
 * and 403 when the org is not entitled (programmatic ExperienceEvent lookup is deprecated at
 * Adobe, Ultimate-only and enabled by Customer Care, aep-notes §8.3); both are said in plain
 * words rather than shown as an empty timeline.
 */

export const ProfileLookup = z.object({
  status: z.enum(['found', 'not-found', 'forbidden']),
  namespace: z.string(),
  id: z.string(),
  /** Plain words for a miss or a refusal, with what to do. */
  explanation: z.string().optional(),
  profile: z
    .object({
      entityId: z.string().optional(),
      lastModifiedAt: z.string().optional(),
      sources: z.array(z.string()),
      identities: z.array(z.object({ namespace: z.string(), id: z.string(), primary: z.boolean() })),
      attributes: z.record(z.string(), z.unknown()),
    })
    .optional(),
});
export type ProfileLookup = z.infer<typeof ProfileLookup>;

/** One experience event as Profile returned it. */
export const ExperienceEventShape = z.object({
  /** The event's `_id` (Profile's `entityId` of the event). */
  id: z.string(),
  /** ms since the epoch; null when Profile gave none that reads as a time. */
  timestamp: z.number().nullable(),
  /** XDM `eventType` (for example `web.webpagedetails.pageViews`), when the event has one. */
  eventType: z.string().optional(),
  /** The event's XDM fields. */
  entity: z.record(z.string(), z.unknown()),
});
export type ExperienceEventShape = z.infer<typeof ExperienceEventShape>;

export const ProfileEventsShape = z.object({
  /** listed: `events` holds them (possibly none); not-found: no profile holds the identity; forbidden: 403. */
  status: z.enum(['listed', 'not-found', 'forbidden']),
  namespace: z.string(),
  id: z.string(),
  /** Newest first. */
  events: z.array(ExperienceEventShape),
  /** True when Profile has more events than `limit`. */
  more: z.boolean(),
  /** Plain words for not-found and forbidden, with what to do. */
  explanation: z.string().optional(),
});
export type ProfileEventsShape = z.infer<typeof ProfileEventsShape>;

export const entityRequests = {
  'entities.lookup': {
    input: z
      .object({
        namespace: z.string().trim().min(1, 'a namespace code is required').max(100),
        id: z.string().trim().min(1, 'an identity value is required').max(1000),
        ...onConnection,
      })
      .strict(),
    output: ProfileLookup,
  },
  'entities.events': {
    input: z
      .object({
        namespace: z.string().trim().min(1, 'a namespace code is required').max(100),
        id: z.string().trim().min(1, 'an identity value is required').max(1000),
        connectionId: z.string().trim().min(1).max(100).optional(),
        limit: z.number().int().min(1).max(1000).default(50),
      })
      .strict(),
    output: ProfileEventsShape,
  },
} as const satisfies RequestMap;
