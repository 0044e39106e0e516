/**
 * How deeply a parsed JSON value nests, checked without recursion.
 * Why: JSON.parse accepts any depth, but the code after it (converting, validating,
 * serialising, resolving a schema) recurses, and a value nested a hundred thousand levels deep
 * overflows the stack there: "internal error: Maximum call stack size exceeded". Checking once,
 * right after parsing, refuses it with a message instead. The walk is iterative and stops at
 * the limit, so it cannot overflow itself and costs little for ordinary values.
 */

/**
 * Deepest nesting of objects and arrays accepted in a JSON record, a schema or a mapping file.
 * XDM schemas nest a few dozen levels at most; far deeper values are refused.
 */
export const MAX_JSON_DEPTH = 128;

/**
 * The error text for a value that nests too deep, or undefined when it does not.
 * `what` names it for the message ("the schema", "the record").
 */
export function tooDeepMessage(value: unknown, what: string): string | undefined {
  return nestsDeeperThan(value, MAX_JSON_DEPTH) ? `${what} is nested deeper than ${MAX_JSON_DEPTH} levels (objects and arrays)` : undefined;
}

/** True when `value` has objects or arrays nested more than `max` levels deep. */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: node, depth } = stack.pop() as { value: unknown; depth: number };
    if (typeof node !== 'object' || node === null) continue;
    if (depth + 1 > max) return true;
    for (const child of Array.isArray(node) ? node : Object.values(node))
      if (typeof child === 'object' && child !== null) stack.push({ value: child, depth: depth + 1 });
  }
  return false;
}
