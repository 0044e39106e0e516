/**
 * "Carries at least the documented keys, with the same JSON types": the key paths where an actual
 * answer falls short of a documented one.
 *
 * Why paths and not a boolean: the gaps are a work list (KNOWN_GAPS in the sandbox test), so each
 * must name the field, in a form stable across runs (ids replaced by `*`, array indexes by `[]`).
 */
export interface ShapeOptions {
  /** The top-level keys are object ids: every documented object is compared with every actual one. */
  keyedById?: boolean;
  /** Dotted paths ('' for the root) of objects whose keys are data (tag names, class ids). */
  maps?: readonly string[];
}

type JsonType = 'absent' | 'null' | 'boolean' | 'number' | 'string' | 'array' | 'object';

function jsonType(value: unknown): JsonType {
  if (value === undefined) return 'absent';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const t = typeof value;
  return t === 'boolean' || t === 'number' || t === 'string' ? t : 'object';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return jsonType(value) === 'object';
}

/**
 * What every documented value has: for objects the keys all of them carry (recursively), for arrays
 * the shape all their elements share. Why: an example's list may mix shapes on purpose (a found and
 * a not-found profile, an accepted and a rejected message, one identity marked primary); an answer
 * owes only what the example shows on every element.
 */
export function commonShape(values: readonly unknown[]): unknown {
  const first = values[0];
  if (values.length > 1 && values.every(isObject)) {
    const objects = values as Array<Record<string, unknown>>;
    const keys = Object.keys(objects[0] ?? {}).filter((k) => objects.every((o) => k in o));
    return Object.fromEntries(keys.map((k) => [k, commonShape(objects.map((o) => o[k]))]));
  }
  if (values.length > 1 && values.every(Array.isArray)) {
    const elements = (values as unknown[][]).flat();
    return elements.length === 0 ? [] : [commonShape(elements)];
  }
  if (Array.isArray(first) && first.length > 1) return [commonShape(first)];
  return first;
}

const join = (at: string, key: string) => (at === '' ? key : `${at}.${key}`);

/** Sorted, distinct gaps: `path missing`, `path: documented T, got U`, `path[]: empty`. */
export function shapeGaps(documented: unknown, actual: unknown, options: ShapeOptions = {}): string[] {
  const gaps = new Set<string>();
  const maps = new Set(options.maps ?? []);

  function compare(doc: unknown, act: unknown, at: string, mapPath: string): void {
    const docType = jsonType(doc);
    // A documented null says the key exists; its type is not documented.
    if (docType === 'null') return;
    const actType = jsonType(act);
    if (docType !== actType) {
      gaps.add(`${at || '(body)'}: documented ${docType}, got ${actType}`);
      return;
    }
    if (Array.isArray(doc) && Array.isArray(act)) {
      if (doc.length === 0) return;
      if (act.length === 0) {
        gaps.add(`${at}[]: empty`);
        return;
      }
      const shape = commonShape(doc);
      for (const element of act) compare(shape, element, `${at}[]`, `${mapPath}[]`);
      return;
    }
    if (isObject(doc) && isObject(act)) {
      if (maps.has(mapPath)) {
        const values = Object.values(doc);
        if (values.length === 0) return;
        // A key the example shows is held to its own value; any other to what all the example's values share.
        const shared = commonShape(values);
        for (const [key, value] of Object.entries(act)) compare(key in doc ? doc[key] : shared, value, `${at}{}`, `${mapPath}{}`);
        return;
      }
      for (const [key, value] of Object.entries(doc)) {
        if (!(key in act)) gaps.add(`${join(at, key)} missing`);
        else compare(value, act[key], join(at, key), join(mapPath, key));
      }
    }
  }

  if (options.keyedById && isObject(documented) && isObject(actual)) {
    const actualObjects = Object.values(actual);
    if (actualObjects.length === 0) gaps.add('*: no object');
    const shape = commonShape(Object.values(documented));
    for (const act of actualObjects) compare(shape, act, '*', '');
  } else compare(documented, actual, '', '');
  return [...gaps].sort();
}
