import { Flex, ProgressCircle, Text } from '@adobe/react-spectrum';
import type { ExperienceEventShape } from '../../../src-shared/ipc/requests/entities';
import { PROFILE_EVENTS_SHOWN } from '../../queries/server-queries';
import { useProfileLookup } from './use-profile';
import { AttributeTree } from './attribute-tree';
import { byDay, gistOf, timeOf } from './profile-words';

function EventItem({ event }: { event: ExperienceEventShape }) {
  const gist = gistOf(event.entity);
  return (
    <li className="timeline__event" aria-label={`${event.eventType ?? 'Event'} ${event.id}`}>
      <span className="timeline__dot" aria-hidden />
      <div className="timeline__card">
        <div className="timeline__head">
          <time className="timeline__time" dateTime={event.timestamp !== null ? new Date(event.timestamp).toISOString() : undefined}>
            {event.timestamp !== null ? timeOf(event.timestamp) : '—'}
          </time>
          <span className="timeline__type">{event.eventType ?? 'No event type'}</span>
          <span className="timeline__id">{event.id}</span>
        </div>
        {gist.length > 0 ? (
          <dl className="timeline__gist">
            {gist.map((g) => (
              <div key={g.path}>
                <dt>{g.path}</dt>
                <dd>{g.value}</dd>
              </div>
            ))}
          </dl>
        ) : null}
        <details className="timeline__more">
          <summary>All fields</summary>
          <AttributeTree value={event.entity} label={`Fields of event ${event.id}`} />
        </details>
      </div>
    </li>
  );
}

/**
 * The person's experience events on a timeline, newest first, grouped by day.
 * Why refusals are said here and not as an empty timeline: Adobe made programmatic event lookup
 * Ultimate-only, so "no events" and "not allowed to see events" must not look alike.
 */
export function EventTimeline() {
  const { events } = useProfileLookup();
  if (events.status === 'loading')
    return (
      <Flex alignItems="center" gap="size-100">
        <ProgressCircle size="S" isIndeterminate aria-label="Listing experience events" />
        <Text>Asking Profile for the experience events…</Text>
      </Flex>
    );
  if (events.status === 'error')
    return (
      <p className="prepare-warning-text">
        The experience events could not be listed ({events.error?.code}): {events.error?.message}
      </p>
    );
  const result = events.data;
  if (!result) return null;
  if (result.status === 'forbidden') return <p className="profile-note profile-note--notice">{result.explanation}</p>;
  if (result.status === 'not-found') return <p className="target-empty">{result.explanation}</p>;
  if (result.events.length === 0) return <p className="target-empty">No experience event is linked to this profile.</p>;
  return (
    <div className="timeline" aria-label="Experience events">
      {result.more ? <p className="prepare-muted">The latest {PROFILE_EVENTS_SHOWN} events; Profile holds more.</p> : null}
      {byDay(result.events).map((group) => (
        <section key={group.day} className="timeline__day" aria-label={group.day}>
          <h4 className="timeline__day-title">{group.day}</h4>
          <ol className="timeline__events">
            {group.events.map((event) => (
              <EventItem key={event.id} event={event} />
            ))}
          </ol>
        </section>
      ))}
    </div>
  );
}
