/**
 * Catalog list queries (aep-notes §3.1): `limit`, `start`, `orderBy`, `properties`, simple filters,
 * `property=` expressions, `tags=` and date ranges.
 *
 * Applied in memory to a sandbox's objects, which is plenty for a local emulator; the rules (limit
 * 1..100 with default 20, or 20 at most when `properties` asks for `observableSchema`; `!` negating a
 * whole list; `*` wildcards in tags; `orderBy` keys with `asc:`/`desc:`; `version` compared as a
 * semantic version) follow Adobe's filter guide so a client's queries behave as against AEP. A
 * parameter given more than once counts as its values joined: a list for simple filters, `orderBy`
 * and `properties`; every `property=` and `tags=` must hold.
 */
import { ApiError } from '../http/errors';
import { queryValue } from '../http/schema-parts';
import { isJsonObject, type JsonObject, type JsonValue } from '../json';

const RESERVED = new Set([
  'limit',
  'start',
  'orderBy',
  'orderby',
  'sort',
  'properties',
  'property',
  'tags',
  'createdAfter',
  'createdBefore',
  'startAfter',
  'startBefore',
  'endAfter',
  'endBefore',
  'requestDataSource',
  'aggregate',
  'dataSet',
  'dataSetId',
  'batch',
]);

export type Query = Record<string, string | string[] | undefined>;

const DATE_BOUNDS = ['createdAfter', 'createdBefore', 'startAfter', 'startBefore', 'endAfter', 'endBefore'];

/**
 * The route schema of a Catalog list's query string: fastify refuses a bad `limit`, `start` or date
 * bound, in Catalog's error shape, before the route runs. Any other parameter is a filter.
 */
export const CATALOG_LIST_QUERY = {
  type: 'object',
  properties: {
    limit: queryValue('^(?:[1-9][0-9]*)?$', 'an integer from 1 to 100'),
    start: queryValue('^[0-9]*$', 'an integer from 0'),
    ...Object.fromEntries(DATE_BOUNDS.map((name) => [name, queryValue('^(?:-?[0-9]+(?:\\.[0-9]+)?)?$', 'epoch milliseconds')])),
  },
};

function str(v: JsonValue | undefined): string {
  return v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
}

function wildcard(pattern: string): RegExp {
  const parts = pattern.split('**').map((p) =>
    p
      .split('*')
      .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*'),
  );
  return new RegExp(`^${parts.join('\\*')}$`);
}

const SEMVER = /^\d+(\.\d+)*$/;

/** Orders a value against query text: numbers as numbers, dotted versions part by part, the rest as text. */
function compare(a: JsonValue | undefined, b: string): number {
  if (typeof a === 'number') return a - Number(b);
  const text = str(a);
  if (SEMVER.test(text) && SEMVER.test(b)) {
    const x = text.split('.').map(Number);
    const y = b.split('.').map(Number);
    for (let i = 0; i < Math.max(x.length, y.length); i += 1) {
      const d = (x[i] ?? 0) - (y[i] ?? 0);
      if (d !== 0) return d;
    }
    return 0;
  }
  return text.localeCompare(b);
}

/** Every value of a parameter (repeated parameters arrive as an array). */
function all(q: Query, key: string): string[] {
  const v = q[key];
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x) => x !== '');
}

/** A parameter's values joined as one comma-separated list. */
function joined(q: Query, key: string): string | undefined {
  const values = all(q, key);
  return values.length === 0 ? undefined : values.join(',');
}

function bad(message: string): ApiError {
  return new ApiError(400, '400', 'Bad Request', message);
}

function propertyExpr(expr: string): (o: JsonObject) => boolean {
  const m = /^(!)?([A-Za-z0-9_.]+)(~|==|!=|<=|>=|<|>)?(.*)$/.exec(expr);
  if (!m) throw new ApiError(400, '400', 'Bad Request', `Invalid property filter ${expr}`);
  const [, not, name = '', op, value = ''] = m;
  const get = (o: JsonObject): JsonValue | undefined => {
    let node: JsonValue | undefined = o;
    for (const seg of name.split('.')) node = isJsonObject(node) ? node[seg] : undefined;
    return node;
  };
  if (!op) return (o) => (get(o) !== undefined) !== (not === '!');
  let pattern: RegExp | undefined;
  if (op === '~') {
    try {
      pattern = new RegExp(value);
    } catch {
      throw bad(`Invalid regular expression in property filter ${expr}`);
    }
  }
  return (o) => {
    const v = get(o);
    if (v === undefined) return false;
    switch (op) {
      case '~':
        return pattern?.test(str(v)) === true;
      case '==':
        return wildcard(value).test(str(v));
      case '!=':
        return !wildcard(value).test(str(v));
      case '<':
        return compare(v, value) < 0;
      case '<=':
        return compare(v, value) <= 0;
      case '>':
        return compare(v, value) > 0;
      default:
        return compare(v, value) >= 0;
    }
  };
}

function tagFilter(expr: string): (o: JsonObject) => boolean {
  const clauses = expr.split(',').map((c) => {
    const idx = c.indexOf(':');
    return { name: idx < 0 ? c : c.slice(0, idx), value: idx < 0 ? '*' : c.slice(idx + 1) };
  });
  return (o) =>
    clauses.every(({ name, value }) => {
      const tags = isJsonObject(o.tags) ? o.tags : {};
      const v = tags[name];
      if (v === undefined) return false;
      const values = Array.isArray(v) ? v.map(str) : [str(v)];
      return value === '*' || values.some((x) => wildcard(value).test(x.replace(/\s*:\s*/g, ':')));
    });
}

function one(q: Query, key: string): string | undefined {
  const v = q[key];
  return Array.isArray(v) ? v[0] : v;
}

/** `limit` (default 20, at most 100, or 20 when `observableSchema` is asked for); `CATALOG_LIST_QUERY` checked its form. */
export function parseLimit(q: Query, max = 100, def = 20): number {
  const raw = one(q, 'limit');
  const cap = (joined(q, 'properties') ?? '').split(',').includes('observableSchema') ? Math.min(max, 20) : max;
  if (raw === undefined || raw === '') return Math.min(def, cap);
  return Math.min(Number(raw), cap);
}

/** `start`, a 0-based offset; `CATALOG_LIST_QUERY` checked its form. */
function parseStart(q: Query): number {
  const raw = one(q, 'start');
  return raw === undefined || raw === '' ? 0 : Number(raw);
}

/** The filters of a Catalog list query: simple filters, `property=`, `tags=` and date ranges. */
export function catalogFilters(q: Query): Array<(o: JsonObject) => boolean> {
  const filters: Array<(o: JsonObject) => boolean> = [];
  for (const key of Object.keys(q)) {
    if (RESERVED.has(key)) continue;
    const value = joined(q, key);
    if (value === undefined) continue;
    const negate = value.startsWith('!');
    const options = (negate ? value.slice(1) : value).split(',');
    filters.push((o) => options.includes(str(o[key])) !== negate);
  }
  for (const p of all(q, 'property')) filters.push(propertyExpr(p));
  for (const t of all(q, 'tags')) filters.push(tagFilter(t));
  const range = (param: string, field: string, after: boolean): void => {
    const v = one(q, param);
    if (v === undefined || v === '') return;
    const t = Number(v);
    filters.push((o) => typeof o[field] === 'number' && (after ? (o[field] as number) > t : (o[field] as number) < t));
  };
  range('createdAfter', 'created', true);
  range('createdBefore', 'created', false);
  range('startAfter', 'started', true);
  range('startBefore', 'started', false);
  range('endAfter', 'completed', true);
  range('endBefore', 'completed', false);
  return filters;
}

/** Sorts by `orderBy` (or its older names `orderby`, `sort`): `name,desc:updated`, ascending by default. */
export function orderRows<T>(rows: Array<[T, JsonObject]>, q: Query): Array<[T, JsonObject]> {
  const order = joined(q, 'orderBy') ?? joined(q, 'orderby') ?? joined(q, 'sort');
  if (!order) return rows;
  const keys = order.split(',').map((k) => {
    const m = /^(asc|desc):(.+)$/i.exec(k.trim());
    return m ? { name: m[2] ?? '', desc: (m[1] ?? '').toLowerCase() === 'desc' } : { name: k.trim(), desc: false };
  });
  return [...rows].sort(([, a], [, b]) => {
    for (const { name, desc } of keys) {
      const c = compare(a[name], str(b[name]));
      if (c !== 0) return desc ? -c : c;
    }
    return 0;
  });
}

/** Keeps only the top-level properties named by `properties`, when given. */
export function projectProperties(o: JsonObject, q: Query): JsonObject {
  const properties = joined(q, 'properties');
  if (!properties) return o;
  const picked: JsonObject = {};
  for (const p of properties.split(',')) if (o[p] !== undefined) picked[p] = o[p] as JsonValue;
  return picked;
}

/** Filters, orders, pages and projects `items` (id → object), returning the keyed response body. */
export function applyCatalogQuery(items: Array<[string, JsonObject]>, q: Query, extra: Array<(o: JsonObject) => boolean> = []): JsonObject {
  const limit = parseLimit(q);
  const start = parseStart(q);
  const filters = [...extra, ...catalogFilters(q)];
  const rows = orderRows(
    items.filter(([, o]) => filters.every((f) => f(o))),
    q,
  ).slice(start, start + limit);
  const out: JsonObject = {};
  for (const [id, o] of rows) out[id] = projectProperties(o, q);
  return out;
}
