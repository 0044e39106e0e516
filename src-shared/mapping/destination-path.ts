import { ownValue, setOwn } from '../domain/own-keys';

/**
 * Destination paths of mapping rules (`person.name.firstName`, `identityMap.Email[0].id`).
 * Why parsed once: the prepare job writes millions of values; each rule's path is split into
 * segments when the mapping is compiled, never per row.
 */
export type PathSegment = { key: string } | { index: number };

/** Splits a destination path; `\.` keeps a literal dot inside a key. Throws on malformed paths. */
export function parseDestinationPath(path: string): PathSegment[] {
  const segments: PathSegment[] = [];
  let key = '';
  let keyOpen = false;
  for (let i = 0; i < path.length; i++) {
    const c = path[i] as string;
    if (c === '\\' && i + 1 < path.length) {
      key += path[i + 1];
      keyOpen = true;
      i++;
    } else if (c === '.') {
      if (keyOpen) segments.push({ key });
      else if (segments.length === 0 || !('index' in (segments[segments.length - 1] as PathSegment)))
        throw new Error(`Empty segment in path "${path}" at character ${i}`);
      key = '';
      keyOpen = false;
    } else if (c === '[') {
      const close = path.indexOf(']', i);
      const inner = close === -1 ? '' : path.slice(i + 1, close);
      if (!/^\d+$/.test(inner)) throw new Error(`Expected an array index like [0] in path "${path}" at character ${i}`);
      if (keyOpen) segments.push({ key });
      key = '';
      keyOpen = false;
      segments.push({ index: Number(inner) });
      i = close;
    } else {
      key += c;
      keyOpen = true;
    }
  }
  if (keyOpen) segments.push({ key });
  else if (segments.length === 0 || path.endsWith('.')) throw new Error(`Path "${path}" is empty or ends with a dot`);
  return segments;
}

/** The field-tree path of a destination (`items[0].SKU` → `items[].SKU`). */
export function fieldPathOf(path: string): string {
  return path.replace(/\[\d+\]/g, '[]');
}

/**
 * Sets a value at a parsed path, creating objects and arrays on the way.
 * Why tolerate a clash by reporting it: two rules writing `a` and `a.b` cannot both win.
 * Keys are the user's: only own keys are read and written (see own-keys.ts).
 */
export function setAtPath(target: Record<string, unknown>, segments: readonly PathSegment[], value: unknown): boolean {
  let node: Record<string, unknown> | unknown[] = target;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i] as PathSegment;
    const last = i === segments.length - 1;
    const nextIsIndex = !last && 'index' in (segments[i + 1] as PathSegment);
    if ('key' in seg) {
      if (Array.isArray(node)) return false;
      const obj: Record<string, unknown> = node;
      if (last) {
        setOwn(obj, seg.key, value);
        return true;
      }
      let child = ownValue(obj, seg.key);
      if (child === undefined) {
        child = nextIsIndex ? [] : {};
        setOwn(obj, seg.key, child);
      }
      if (typeof child !== 'object' || child === null || Array.isArray(child) !== nextIsIndex) return false;
      node = child as Record<string, unknown> | unknown[];
    } else {
      if (!Array.isArray(node)) return false;
      if (last) {
        node[seg.index] = value;
        return true;
      }
      let child = node[seg.index];
      if (child === undefined) {
        child = nextIsIndex ? [] : {};
        node[seg.index] = child;
      }
      if (typeof child !== 'object' || child === null || Array.isArray(child) !== nextIsIndex) return false;
      node = child as Record<string, unknown> | unknown[];
    }
  }
  return false;
}
