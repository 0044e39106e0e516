import { readFile } from 'node:fs/promises';
import path from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { originalRejects } from '../../../../src-main/core/jobs/prepare/index';
import { RejectsWriter } from '../../../../src-main/core/jobs/prepare/rejects-writer';
import { tempDir } from './fixtures';

let work: { dir: string; cleanup: () => Promise<void> };
beforeAll(async () => {
  work = await tempDir();
});
afterAll(async () => {
  await work.cleanup();
});

describe('rejects as the app shows them', () => {
  it('gives back each escaped cell without its quote and drops the _escaped column', async () => {
    const file = path.join(work.dir, 'rejects.csv');
    const writer = new RejectsWriter(file, ['name', 'formula', 'note']);
    const error = { kind: 'invalid-date' as const, path: 'person.birthDate', message: 'not a date', severity: 'error' as const };
    await writer.write(2, 3, [error], ['Ada', '=1+1', "'quoted in the source"]);
    await writer.write(3, 4, [error], ['Bob', 'plain', '-5']);
    await writer.close();
    const [header, ...rows] = Papa.parse<string[]>(await readFile(file, 'utf8'), { skipEmptyLines: true }).data;
    expect(header).toContain('_escaped');

    const shown = originalRejects(header ?? [], rows);
    expect(shown.columns).toEqual(['_row', '_line', '_reasons', 'name', 'formula', 'note']);
    expect(shown.rows.map((r) => r.slice(3))).toEqual([
      ['Ada', '=1+1', "'quoted in the source"],
      ['Bob', 'plain', '-5'],
    ]);
  });

  it('leaves a table without an _escaped column as it is', () => {
    expect(originalRejects(['a'], [["'x"]])).toEqual({ columns: ['a'], rows: [["'x"]] });
  });
});
