import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

/**
 * A temp folder per test file, removed after it; `write` puts a fixture in it.
 * Why: fixtures for encodings and bad input are generated in code, byte by byte, so each test
 * shows exactly what it feeds the sniffer.
 */
export function tempFolder(prefix: string): { dir: string; write(name: string, content: string | Uint8Array): string } {
  const dir = mkdtempSync(path.join(tmpdir(), `xdm-${prefix}-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return {
    dir,
    write(name, content) {
      const file = path.join(dir, name);
      writeFileSync(file, content);
      return file;
    },
  };
}

/** The repository's sample files. */
export const samplesDir = path.resolve(import.meta.dirname, '../../../assets/samples');

/** Collects an async iterable (row readers) into an array. */
export async function collect<T>(rows: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const row of rows) out.push(row);
  return out;
}
