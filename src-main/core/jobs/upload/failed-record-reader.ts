import { createReadStream } from 'node:fs';

/**
 * Reads failed-record files (Data Access downloads) as a stream of records.
 * Why streamed: a failed batch of millions of rows leaves files of gigabytes, and the Batches
 * screen shows the first hundred; reading stops as soon as the caller has enough, so memory and
 * time follow what is shown, not the file size. Files are JSON Lines (one record per line, a line
 * that is not JSON kept as text) or a JSON array, split element by element as it streams.
 */
export async function* failedRecords(file: string): AsyncGenerator<unknown> {
  const stream = createReadStream(file, { encoding: 'utf8' });
  try {
    const text = stream as AsyncIterable<string>;
    const iterator = text[Symbol.asyncIterator]();
    // The first non-blank character tells the form.
    let head = '';
    for (;;) {
      const next = await iterator.next();
      if (next.done) break;
      head += next.value;
      if (head.trim() !== '') break;
    }
    const rest: AsyncIterable<string> = { [Symbol.asyncIterator]: () => iterator };
    if (head.trimStart().startsWith('[')) yield* arrayElements(head, rest);
    else yield* jsonLines(head, rest);
  } finally {
    stream.destroy();
  }
}

/** Up to `limit` records over the files, in order, and whether more remain. */
export async function readFailedRecords(files: readonly string[], limit: number): Promise<{ rows: unknown[]; truncated: boolean }> {
  const rows: unknown[] = [];
  for (const file of files) {
    for await (const row of failedRecords(file)) {
      // One record past the limit is enough to know there are more; the rest is never read.
      if (rows.length >= limit) return { rows, truncated: true };
      rows.push(row);
    }
  }
  return { rows, truncated: false };
}

/** Lines as they stream in (a line split across chunks is joined); blank lines are skipped. */
async function* jsonLines(head: string, rest: AsyncIterable<string>): AsyncGenerator<unknown> {
  let carry = '';
  for await (const chunk of prepend(head, rest)) {
    const lines = (carry + chunk).split('\n');
    carry = lines.pop() ?? '';
    for (const line of lines) if (line.trim() !== '') yield parseOrText(line.replace(/\r$/, ''));
  }
  if (carry.trim() !== '') yield parseOrText(carry);
}

/**
 * The elements of a top-level JSON array, each parsed once its text is complete.
 * Why a scanner and not JSON.parse: parsing needs the whole array in memory. Only strings,
 * escapes and nesting depth are tracked: enough to find the commas between elements.
 */
async function* arrayElements(head: string, rest: AsyncIterable<string>): AsyncGenerator<unknown> {
  let depth = 0;
  let inString = false;
  let escaped = false;
  let current = '';
  for await (const chunk of prepend(head, rest)) {
    let start = 0;
    for (let i = 0; i < chunk.length; i += 1) {
      const ch = chunk[i];
      if (inString) {
        if (escaped) escaped = false;
        else if (ch === '\\') escaped = true;
        else if (ch === '"') inString = false;
        continue;
      }
      if (depth === 0) {
        if (ch === '[') {
          depth = 1;
          start = i + 1;
        }
        continue;
      }
      if (depth === 1 && (ch === ',' || ch === ']')) {
        const element = (current + chunk.slice(start, i)).trim();
        current = '';
        start = i + 1;
        if (element !== '') yield parseOrText(element);
        if (ch === ']') return;
        continue;
      }
      if (ch === '"') inString = true;
      else if (ch === '{' || ch === '[') depth += 1;
      else if (ch === '}' || ch === ']') depth -= 1;
    }
    if (depth > 0) current += chunk.slice(start);
  }
  // An array cut short (a truncated download): what was complete has been given; keep the tail as text.
  if (current.trim() !== '') yield current.trim();
}

function parseOrText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

async function* prepend(head: string, rest: AsyncIterable<string>): AsyncGenerator<string> {
  yield head;
  yield* rest;
}
