/**
 * Paths of an XDM record as the validator names them (`a.b[0].c`), and placeholders for issues.
 * Why apart from the tree component: pure functions, tested in Node without a DOM.
 */

/** Every path present in a value, as the validator names them. */
export function pathsOf(value: unknown, base: string, out: Set<string>): Set<string> {
  out.add(base);
  if (Array.isArray(value)) value.forEach((v, i) => pathsOf(v, `${base}[${i}]`, out));
  else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) pathsOf(v, base === '' ? k : `${base}.${k}`, out);
  return out;
}

/** Stands for a value the validator refused or a required one that is absent. */
export const NOT_WRITTEN = Symbol('not written');

/** `a.b[0].c` → `['a', 'b', 0, 'c']`. */
export function segmentsOf(path: string): Array<string | number> {
  const out: Array<string | number> = [];
  for (const part of path.split('.')) {
    const m = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) return [];
    if (m[1]) out.push(m[1]);
    for (const index of (m[2] ?? '').matchAll(/\[(\d+)\]/g)) out.push(Number(index[1]));
  }
  return out;
}

/**
 * The record with a placeholder at each issue's field that holds no value.
 * Why: the validator leaves a refused value out of the record (AEP would not store it), but the
 * steward needs the issue where the field would be, not in a list apart from the tree.
 */
export function withPlaceholders(record: Record<string, unknown>, paths: readonly string[]): Record<string, unknown> {
  const copy = structuredClone(record);
  for (const path of paths) {
    const segments = segmentsOf(path);
    if (segments.length === 0) continue;
    let node: Record<string | number, unknown> = copy;
    for (let i = 0; i < segments.length - 1; i++) {
      const key = segments[i] as string | number;
      const next = node[key];
      if (typeof next !== 'object' || next === null) node[key] = typeof segments[i + 1] === 'number' ? [] : {};
      node = node[key] as Record<string | number, unknown>;
    }
    const last = segments[segments.length - 1] as string | number;
    if (node[last] === undefined) node[last] = NOT_WRITTEN;
  }
  return copy;
}
