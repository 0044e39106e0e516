/**
 * The Schema Registry's list query parameters (guide appendix, "Using query parameters"): `property`
 * filters, `orderby`, `start` and `limit`, and the `_page` they answer with.
 *
 * `property` takes comma-separated clauses with `==`, `!=`, `<`, `>`, `<=`, `>=` or a bare name (the
 * property exists); an array property matches when it holds the value. `orderby` sorts by comma-
 * separated properties, `-` for descending. `start` is the last primary sort value of the previous
 * page: the next page holds items strictly after it. `limit` (0 to 500) is a hint: a page is widened
 * to keep items that share the last sort value together, so `start` never skips one. The guide says
 * `limit` and `start` need `orderby`; clients send them without (a widely used one pages with `start`
 * alone), so the registry's default order, `title`, applies then. A repeated parameter: every
 * `property` applies, the first of the others counts.
 */
import { queryValue } from '../http/schema-parts';
import type { JsonObject, JsonValue } from '../json';

export type RegistryQuery = Record<string, string | string[] | undefined>;

/** The guide: "the Schema Registry limits result sets to 300 items" unless asked otherwise. */
const DEFAULT_LIMIT = 300;

/** The route schema of a registry list's query string: `limit` from 0 to 500 (empty for the default). */
export const REGISTRY_LIST_QUERY = {
  type: 'object',
  properties: { limit: queryValue('^(?:0*(?:[0-9]{1,2}|[1-4][0-9]{2}|500))?$', 'an integer from 0 to 500') },
};

export interface Page {
  items: JsonObject[];
  /** `_page` of the answer. */
  page: { orderby: string; next: string | null; count: number };
}

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

function all(v: string | string[] | undefined): string[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** Compares numbers as numbers and everything else as text, so `version>5` and `title<M` both work. */
function compare(a: JsonValue | undefined, b: JsonValue | undefined): number {
  const x = Number(a);
  const y = Number(b);
  if (typeof a !== 'boolean' && typeof b !== 'boolean' && a !== '' && b !== '' && a !== null && b !== null && Number.isFinite(x) && Number.isFinite(y))
    return x - y;
  const s = a === undefined || a === null ? '' : typeof a === 'string' ? a : JSON.stringify(a);
  const t = b === undefined || b === null ? '' : typeof b === 'string' ? b : JSON.stringify(b);
  return s < t ? -1 : s > t ? 1 : 0;
}

function matches(item: JsonObject, clause: string): boolean {
  const m = /^(.+?)(==|!=|<=|>=|<|>)(.*)$/.exec(clause);
  if (!m) return item[clause.trim()] !== undefined;
  const [, rawKey = '', op, value = ''] = m;
  const v = item[rawKey.trim()];
  const values = Array.isArray(v) ? v : [v];
  switch (op) {
    case '==':
      return values.some((x) => x !== undefined && compare(x, value) === 0);
    case '!=':
      return !values.some((x) => x !== undefined && compare(x, value) === 0);
    case '<':
      return values.some((x) => x !== undefined && compare(x, value) < 0);
    case '>':
      return values.some((x) => x !== undefined && compare(x, value) > 0);
    case '<=':
      return values.some((x) => x !== undefined && compare(x, value) <= 0);
    default:
      return values.some((x) => x !== undefined && compare(x, value) >= 0);
  }
}

/** Keeps the items every `property` clause accepts. */
export function filterByProperty(items: JsonObject[], query: RegistryQuery): JsonObject[] {
  const clauses = all(query.property)
    .flatMap((p) => p.split(','))
    .map((c) => c.trim())
    .filter(Boolean);
  return items.filter((item) => clauses.every((c) => matches(item, c)));
}

/** Applies `property`, `orderby`, `start` and `limit` to a list; `REGISTRY_LIST_QUERY` checked `limit`'s form. */
export function pageOf(items: JsonObject[], query: RegistryQuery): Page {
  const orderby = first(query.orderby) || 'title';
  const keys = orderby
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean)
    .map((k) => ({ key: k.replace(/^[-+]/, ''), desc: k.startsWith('-') }));
  const primary = keys[0] ?? { key: 'title', desc: false };
  const limitText = first(query.limit);
  const limit = limitText === undefined || limitText === '' ? DEFAULT_LIMIT : Number(limitText);
  let list = filterByProperty(items, query);
  list = [...list].sort((a, b) => {
    for (const k of keys) {
      const c = compare(a[k.key], b[k.key]);
      if (c !== 0) return k.desc ? -c : c;
    }
    return 0;
  });
  const start = first(query.start);
  if (start !== undefined && start !== '') list = list.filter((i) => (primary.desc ? compare(i[primary.key], start) < 0 : compare(i[primary.key], start) > 0));
  let end = Math.min(limit, list.length);
  // Widen the page over ties of its last sort value, so the next page's `start` skips none of them.
  while (end > 0 && end < list.length && compare(list[end]?.[primary.key], list[end - 1]?.[primary.key]) === 0) end += 1;
  const pageItems = list.slice(0, end);
  const last = pageItems[pageItems.length - 1];
  const next = end < list.length && last !== undefined ? String(last[primary.key] ?? '') : null;
  return { items: pageItems, page: { orderby, next, count: pageItems.length } };
}
