import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRejectsPage } from '../../../../src-main/core/jobs/prepare/index';

let dir: string;
let file: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'xdm-rejects-page-'));
  file = path.join(dir, 'rejects.csv');
  // Rows 3, 6, ..., 30 rejected: ten rejects.
  const lines = ['_row,_line,_reasons,_escaped,name'];
  for (let row = 3; row <= 30; row += 3) lines.push(`${row},${row + 1},invalid-date,[],"n${row}"`);
  await writeFile(file, `${lines.join('\n')}\n`);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const rowsOf = (page: { rows: string[][] }): string[] => page.rows.map((r) => r[0] as string);

describe('a page of rejects.csv', () => {
  it('reads any page, without the escaping column', async () => {
    const page = await readRejectsPage(file, { offset: 4, limit: 3 });
    expect(page).toMatchObject({ columns: ['_row', '_line', '_reasons', 'name'], offset: 4 });
    expect(rowsOf(page)).toEqual(['15', '18', '21']);
    expect(rowsOf(await readRejectsPage(file, { offset: 9, limit: 3 }))).toEqual(['30']);
  });

  it('goes to a source row: its reject, or the next one, or the last page after the last', async () => {
    expect(await readRejectsPage(file, { offset: 0, limit: 2, row: 12 })).toMatchObject({
      offset: 3,
      rowFound: true,
      rows: [
        ['12', '13', 'invalid-date', 'n12'],
        ['15', '16', 'invalid-date', 'n15'],
      ],
    });
    expect(await readRejectsPage(file, { offset: 0, limit: 2, row: 13 })).toMatchObject({ offset: 4, rowFound: false });
    const after = await readRejectsPage(file, { offset: 0, limit: 2, row: 500 });
    expect(after).toMatchObject({ offset: 8, rowFound: false });
    expect(rowsOf(after)).toEqual(['27', '30']);
  });
});
