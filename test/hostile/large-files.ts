import { open } from 'node:fs/promises';

/**
 * Writes `head`, then `fill` repeated to about `bytes`, then `tail`, a MiB at a time.
 * Why: hostile files of tens of megabytes are generated per run (not checked in), without the
 * test itself holding them in memory.
 */
export async function writeLarge(file: string, head: string, fill: string, bytes: number, tail: string): Promise<void> {
  const handle = await open(file, 'w');
  try {
    await handle.write(head);
    const block = fill.repeat(Math.ceil((1 << 20) / fill.length));
    for (let written = 0; written < bytes; written += block.length) await handle.write(block);
    await handle.write(tail);
  } finally {
    await handle.close();
  }
}

/** A small valid customer record as a JSON line. */
export const goodRecord = (id: string): string => JSON.stringify({ customer_id: id, first_name: 'Ada' });
