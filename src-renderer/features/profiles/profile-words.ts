/**
 * How a profile and its events read on screen: values, times, days and an event's gist.
 * Why pure functions: these are the words and groupings a steward reads; tested in Node.
 */

/** A scalar attribute value as text: strings as they are, null as "empty". */
export function scalarText(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

export const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The day an event happened, as a heading: `Wed, May 1, 2024`. */
export function dayOf(ms: number): string {
  return new Date(ms).toLocaleDateString('en-US', { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric' });
}

/** The time of day of an event: `9:00:05 AM`. */
export function timeOf(ms: number): string {
  return new Date(ms).toLocaleTimeString('en-US', { hour: 'numeric', minute: '2-digit', second: '2-digit' });
}

/** A moment as people read it: `May 1, 2024, 9:00:05 AM`; the text as given when it is not a time. */
export function whenOf(value: string | number | undefined): string {
  if (value === undefined) return '—';
  const ms = typeof value === 'number' ? value : Date.parse(value);
  return Number.isFinite(ms) ? new Date(ms).toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'medium' }) : String(value);
}

/** Events grouped by day, in the order given (newest first); events without a time go last. */
export function byDay<T extends { timestamp: number | null }>(events: readonly T[]): Array<{ day: string; events: T[] }> {
  const groups: Array<{ day: string; events: T[] }> = [];
  for (const event of events) {
    const day = event.timestamp === null ? 'Time unknown' : dayOf(event.timestamp);
    const last = groups.find((g) => g.day === day);
    if (last) last.events.push(event);
    else groups.push({ day, events: [event] });
  }
  return groups.sort((a, b) => Number(a.day === 'Time unknown') - Number(b.day === 'Time unknown'));
}

/** Fields every event has, which say nothing about what happened. */
const PLUMBING = new Set(['_id', 'timestamp', 'eventType', 'identityMap', '_repo', 'receivedTimestamp']);

/**
 * The first few leaf fields of an event, as `path: value`: what tells one event from another
 * (a page name, an order total) without opening it.
 */
export function gistOf(entity: Record<string, unknown>, max = 3): Array<{ path: string; value: string }> {
  const out: Array<{ path: string; value: string }> = [];
  const walk = (value: unknown, path: string): void => {
    if (out.length >= max) return;
    if (isPlainObject(value)) {
      for (const [key, item] of Object.entries(value)) {
        if (path === '' && PLUMBING.has(key)) continue;
        walk(item, path === '' ? key : `${path}.${key}`);
      }
      return;
    }
    if (Array.isArray(value)) {
      out.push({ path, value: `${value.length} item${value.length === 1 ? '' : 's'}` });
      return;
    }
    out.push({ path, value: scalarText(value) });
  };
  walk(entity, '');
  return out;
}
