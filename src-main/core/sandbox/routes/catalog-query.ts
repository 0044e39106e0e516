/**
 * Catalog list queries (aep-notes §3.1): `limit`, `start`, `orderBy`, `properties`, simple filters,
 * `property=` expressions, `tags=` and date ranges.
 *
 * Applied in memory to a sandbox's objects, which is plenty for a local emulator; the rules (limit
 * 1..100 with default 20, `!` negating a whole list, `*` wildcards in tags) follow Adobe's filter
 * guide so a client's queries behave as against AEP.
 */
import { ApiError } from '../http/errors';
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
  'batch',
]);

export type Query = Record<string, string | string[] | undefined>;

function str(v: JsonValue | undefined): string {
  return v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
}

function wildcard(pattern: string): RegExp {
  const parts = pattern.split('**').map((p) => p.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*'));
  return new RegExp(`^${parts.join('\\*')}$`);
}

function compare(a: JsonValue | undefined, b: string): number {
  if (typeof a === 'number') return a - Number(b);
  return str(a).localeCompare(b);
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
  return (o) => {
    const v = get(o);
    if (v === undefined) return false;
    switch (op) {
      case '~':
        return new RegExp(value).test(str(v));
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

/** Parses and checks `limit` (1..100, default 20). */
export function parseLimit(q: Query, max = 100, def = 20): number {
  const raw = one(q, 'limit');
  if (raw === undefined || raw === '') return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new ApiError(400, '400', 'Bad Request', `Invalid limit ${raw}: use an integer from 1 to ${max}`);
  return Math.min(n, max);
}

/** Filters, orders, pages and projects `items` (id → object), returning the keyed response body. */
export function applyCatalogQuery(items: Array<[string, JsonObject]>, q: Query, extra: Array<(o: JsonObject) => boolean> = []): JsonObject {
  const limit = parseLimit(q);
  const start = Number(one(q, 'start') ?? 0) || 0;
  const filters: Array<(o: JsonObject) => boolean> = [...extra];
  for (const [key, raw] of Object.entries(q)) {
    if (RESERVED.has(key) || raw === undefined || raw === '') continue;
    const value = Array.isArray(raw) ? raw.join(',') : raw;
    const negate = value.startsWith('!');
    const options = (negate ? value.slice(1) : value).split(',');
    filters.push((o) => options.includes(str(o[key])) !== negate);
  }
  const props = q.property;
  for (const p of Array.isArray(props) ? props : props ? [props] : []) filters.push(propertyExpr(p));
  const tags = one(q, 'tags');
  if (tags) filters.push(tagFilter(tags));
  const range = (param: string, field: string, after: boolean): void => {
    const v = one(q, param);
    if (v === undefined) return;
    const t = Number(v);
    filters.push((o) => typeof o[field] === 'number' && (after ? (o[field] as number) > t : (o[field] as number) < t));
  };
  range('createdAfter', 'created', true);
  range('createdBefore', 'created', false);
  range('startAfter', 'started', true);
  range('startBefore', 'started', false);
  range('endAfter', 'completed', true);
  range('endBefore', 'completed', false);
  let rows = items.filter(([, o]) => filters.every((f) => f(o)));
  const order = one(q, 'orderBy') ?? one(q, 'orderby') ?? one(q, 'sort');
  if (order) {
    const keys = order.split(',').map((k) => {
      const [dir, name] = k.includes(':') ? (k.split(':') as [string, string]) : ['asc', k];
      return { name, desc: dir === 'desc' };
    });
    rows = [...rows].sort(([, a], [, b]) => {
      for (const { name, desc } of keys) {
        const c = compare(a[name], str(b[name]));
        if (c !== 0) return desc ? -c : c;
      }
      return 0;
    });
  }
  rows = rows.slice(start, start + limit);
  const properties = one(q, 'properties');
  const out: JsonObject = {};
  for (const [id, o] of rows) {
    if (!properties) out[id] = o;
    else {
      const picked: JsonObject = {};
      for (const p of properties.split(',')) if (o[p] !== undefined) picked[p] = o[p] as JsonValue;
      out[id] = picked;
    }
  }
  return out;
}
