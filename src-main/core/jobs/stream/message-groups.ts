/**
 * Splits envelopes into `/collection/batch` requests within AEP's limits.
 * Why by bytes: the inlet refuses bodies over 1 MB (413) whatever the count; a margin stays for
 * the `{"messages":[…]}` wrapper. The count cap keeps one request's 207 answer readable and a
 * failed request cheap to resend.
 */
export interface GroupLimits {
  maxBytes: number;
  maxMessages: number;
}

export const STREAMING_REQUEST_MAX_BYTES = 1024 * 1024;
export const defaultGroupLimits: GroupLimits = { maxBytes: 1_000_000, maxMessages: 500 };

/** Groups of indexes into `sizes`, in order; an item alone over the limit gets a group of its own. */
export function groupBySize(sizes: readonly number[], limits: GroupLimits = defaultGroupLimits): number[][] {
  const groups: number[][] = [];
  let current: number[] = [];
  let bytes = 0;
  const overhead = '{"messages":[]}'.length;
  for (const [index, size] of sizes.entries()) {
    const added = size + (current.length > 0 ? 1 : 0);
    if (current.length > 0 && (bytes + added + overhead > limits.maxBytes || current.length >= limits.maxMessages)) {
      groups.push(current);
      current = [];
      bytes = 0;
    }
    current.push(index);
    bytes += current.length > 1 ? size + 1 : size;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}
