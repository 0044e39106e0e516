import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { dropFile } from './drop';
import { checkUsable } from './usable';
import { expect, repoRoot, screenshotDir, test } from './browser-mode';

const samples = path.join(repoRoot, 'assets', 'samples');

/** customers.csv with its birth dates written day first (31/12/1990), two of them no dates at all. */
async function dayFirstCustomers(): Promise<Buffer> {
  const lines = (await readFile(path.join(samples, 'customers.csv'), 'utf8')).split('\n');
  const dayFirst = lines.map((line, index) =>
    index === 0
      ? line
      : line.replace(
          /,(\d{4})-(\d{2})-(\d{2}),/,
          (_, y: string, m: string, d: string) => `,${index === 3 ? 'unknown' : index === 50 ? '31/02/1980' : `${d}/${m}/${y}`},`,
        ),
  );
  return Buffer.from(dayFirst.join('\n'));
}

const columnItem = (page: Page, name: string) => page.getByRole('list', { name: 'Columns' }).getByRole('listitem', { name: new RegExp(`^${name}:`) });

async function readBirthDatesDayFirst(page: Page): Promise<void> {
  await page.getByRole('button', { name: /^Read birth_date as/ }).click();
  await page.getByRole('menuitemradio', { name: 'dd/MM/yyyy', exact: true }).click();
  await expect(columnItem(page, 'birth_date')).toHaveAccessibleName('birth_date: date; 2 values are not dates (dd/MM/yyyy): rows 3, 50');
}

test('the steward changes how a CSV is read on the File step: the preview is read again, a reload keeps it, and prepare reads dates with the chosen format', async ({
  app,
}) => {
  // Two usable checks (two sizes and axe each), a reload and a prepare: minutes on a busy machine.
  test.setTimeout(480_000);
  await dropFile(app, 'customers-day-first.csv', await dayFirstCustomers());
  await expect(app.getByRole('heading', { name: 'customers-day-first.csv', level: 2 })).toBeVisible({ timeout: 30_000 });
  const details = app.getByLabel('File details');
  await expect(columnItem(app, 'birth_date')).toHaveAccessibleName('birth_date: string');

  // Header row off and on again: the columns are numbered, then named.
  const header = app.getByRole('checkbox', { name: 'First row is a header' });
  await expect(header).toBeChecked();
  await header.click();
  await expect(columnItem(app, 'column_1')).toBeVisible();
  await expect(details).toContainText('No (columns numbered)');
  await header.click();
  await expect(columnItem(app, 'customer_id')).toBeVisible();

  // Another delimiter splits nothing: one column; back to comma.
  await app.getByRole('button', { name: /Delimiter/ }).click();
  await app.getByRole('option', { name: 'Semicolon' }).click();
  await expect(app.getByRole('list', { name: 'Columns' }).getByRole('listitem')).toHaveCount(1);
  await app.getByRole('button', { name: 'Read as detected (delimiter, quote, header row, encoding)' }).click();
  await expect(app.getByRole('list', { name: 'Columns' }).getByRole('listitem')).toHaveCount(15);

  // The birth dates, day first: a date column, its two bad values named by row.
  await readBirthDatesDayFirst(app);
  await expect(app.getByRole('gridcell', { name: 'unknown (not a date)' })).toBeVisible();
  await app.screenshot({ path: path.join(screenshotDir, 'read-settings.png') });
  await checkUsable(app, 'file-read-settings');
  await app.getByRole('button', { name: /^Read birth_date as/ }).click();
  await checkUsable(app, 'file-column-menu');
  await app.keyboard.press('Escape');

  // A reload keeps the settings with the file's draft.
  await app.reload();
  await app.getByRole('list', { name: 'Recent files' }).getByRole('button', { name: 'Open customers-day-first.csv' }).click();
  await expect(app.getByRole('button', { name: /^Read birth_date as/ })).toHaveAccessibleName('Read birth_date as: date dd/MM/yyyy (chosen)', {
    timeout: 30_000,
  });

  // The mapping reads ISO dates; the job rejects the two that are not dates.
  await app.getByRole('button', { name: 'Map to XDM', exact: true }).click();
  await app.getByRole('button', { name: 'Accept suggestions' }).click();
  await expect(app.getByRole('region', { name: 'Validation summary' })).toContainText('9 of 10 sample rows accepted');
  await app.getByRole('button', { name: 'Row 1', exact: true }).click();
  const first = await readFile(path.join(samples, 'customers.csv'), 'utf8').then((text) => /,(\d{4}-\d{2}-\d{2}),/.exec(text.split('\n')[1] ?? '')?.[1]);
  await expect(app.getByRole('group', { name: 'XDM record of row 1' }).locator('[data-path="person.birthDate"]')).toContainText(first ?? 'no date in row 1');
  await app.getByRole('button', { name: 'Prepare file' }).click();
  await expect(app.getByText('Completed')).toBeVisible({ timeout: 60_000 });
  await expect(app.getByLabel('Prepare summary')).toContainText('Rows rejected2');
  await expect(app.getByLabel('Prepare summary')).toContainText('Rows written298');
});

/** The preview grid of a dropped file. */
const gridOf = (page: Page, file: string) => page.getByRole('grid', { name: `First rows of ${file}` });

test('a file quoted with single quotes is read right once the steward chooses that quote character', async ({ app }) => {
  test.setTimeout(120_000);
  const file = 'single-quoted.csv';
  await dropFile(app, file, Buffer.from("id,name,city\n1,'Smith, John',Paris\n2,'Doe, Jane',Berlin\n3,'Ng, Mai',Hanoi\n"));
  const grid = gridOf(app, file);
  await expect(grid).toBeVisible({ timeout: 30_000 });
  // Read with the double quote: each name is cut at its comma, and the rows are ragged.
  await expect(grid.getByRole('gridcell', { name: "'Smith", exact: true })).toBeVisible();
  await expect(app.getByRole('region', { name: 'Warnings' })).toContainText('do not have 3 fields');

  await app.getByRole('button', { name: /Quote character/ }).click();
  await app.getByRole('option', { name: "Single quote (')" }).click();
  await expect(grid.getByRole('gridcell', { name: 'Smith, John', exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(grid.getByRole('gridcell', { name: 'Paris', exact: true })).toBeVisible();
  await expect(grid.getByRole('gridcell', { name: 'Ng, Mai', exact: true })).toBeVisible();
  await expect(app.getByRole('region', { name: 'Warnings' })).toHaveCount(0);
  await expect(app.getByRole('button', { name: /Quote character/ })).toContainText("Single quote (')");
  await expect(app.getByRole('list', { name: 'Columns' }).getByRole('listitem')).toHaveCount(3);
});

/**
 * A Windows-1252 export that detection takes for UTF-8: "JOSÉ’S" is the bytes C9 92, which happen
 * to be a valid UTF-8 character, and they outnumber the bytes that are not (ë, ü).
 */
function windows1252Customers(): Buffer {
  const text = 'id,first_name,last_name,shop\n1,Zoë,Müller,JOSÉ’S\n2,Ada,Lovelace,JOSÉ’S\n3,Alan,Turing,JOSÉ’S\n4,Grace,Hopper,JOSÉ’S\n';
  // Latin-1 bytes for every character but the curly apostrophe, which Windows-1252 keeps at 0x92.
  return Buffer.from(text.replaceAll('’', '\u0092'), 'latin1');
}

test('a Windows-1252 file read as UTF-8 shows its names right once the steward chooses its encoding', async ({ app }) => {
  test.setTimeout(120_000);
  const file = 'shops-1252.csv';
  await dropFile(app, file, windows1252Customers());
  const grid = gridOf(app, file);
  await expect(grid).toBeVisible({ timeout: 30_000 });
  const details = app.getByLabel('File details');
  await expect(details).toContainText('UTF-8');
  await expect(grid.getByRole('gridcell', { name: 'Zo\uFFFD', exact: true })).toBeVisible();

  await app.getByRole('button', { name: /Encoding/ }).click();
  await app.getByRole('option', { name: 'Windows-1252 (Latin-1)' }).click();
  await expect(grid.getByRole('gridcell', { name: 'Zoë', exact: true })).toBeVisible({ timeout: 30_000 });
  await expect(grid.getByRole('gridcell', { name: 'Müller', exact: true })).toBeVisible();
  await expect(grid.getByRole('gridcell', { name: 'JOSÉ’S', exact: true })).toHaveCount(4);
  await expect(grid.getByRole('gridcell', { name: /\uFFFD/ })).toHaveCount(0);
  await expect(details).toContainText('Latin-1');
  await app.screenshot({ path: path.join(screenshotDir, 'read-settings-encoding.png') });
});

/** customers.csv with two birth dates that are no dates: a word and a 31st of February. */
async function customersWithTwoBadDates(): Promise<Buffer> {
  const lines = (await readFile(path.join(samples, 'customers.csv'), 'utf8')).split('\n');
  lines[3] = (lines[3] as string).replace(/,\d{4}-\d{2}-\d{2},/, ',unknown,');
  lines[50] = (lines[50] as string).replace(/,\d{4}-\d{2}-\d{2},/, ',1980-02-31,');
  return Buffer.from(lines.join('\n'));
}

test('an ISO date column with two bad values is read as a date, the two named by row, without the steward choosing a format', async ({ app }) => {
  test.setTimeout(120_000);
  await dropFile(app, 'customers-bad-dates.csv', await customersWithTwoBadDates());
  await expect(app.getByRole('heading', { name: 'customers-bad-dates.csv', level: 2 })).toBeVisible({ timeout: 30_000 });
  await expect(columnItem(app, 'birth_date')).toHaveAccessibleName('birth_date: date; 2 values are not dates: rows 3, 50');
  await expect(columnItem(app, 'birth_date')).toContainText('2 values are not dates: rows 3, 50');
  // Detected, not chosen: the menu says the date type, with no format and no "(chosen)".
  await expect(app.getByRole('button', { name: /^Read birth_date as/ })).toHaveAccessibleName('Read birth_date as: date');
  await expect(gridOf(app, 'customers-bad-dates.csv').getByRole('gridcell', { name: 'unknown (not a date)' })).toBeVisible();
});

test('a postal code column read as Integer flags its leading zeros; read as Text it keeps them in the preview and in prepare’s output', async ({ app }) => {
  test.setTimeout(240_000);
  const file = 'customers.csv';
  await dropFile(app, file, await readFile(path.join(samples, file)));
  const grid = gridOf(app, file);
  await expect(grid).toBeVisible({ timeout: 30_000 });
  await expect(columnItem(app, 'postal_code')).toHaveAccessibleName('postal_code: string');

  const readAs = async (item: string, named: string): Promise<void> => {
    await app.getByRole('button', { name: /^Read postal_code as/ }).click();
    await app.getByRole('menuitemradio', { name: item, exact: true }).click();
    await expect(app.getByRole('button', { name: /^Read postal_code as/ })).toHaveAccessibleName(named, { timeout: 30_000 });
  };
  // Row 2 (aria-rowindex 3, after the header), column 13 (aria-colindex 14, after the row number).
  const cell = grid.locator('[role="row"][aria-rowindex="3"] [aria-colindex="14"]');
  const cellReads = async (text: string): Promise<void> =>
    // The grid renders only the columns in view: scroll it right until the cell is there.
    expect(async () => {
      if ((await cell.count()) === 0)
        await grid
          .getByRole('rowgroup')
          .last()
          .evaluate((body) => body.scrollBy({ left: 240 }));
      await expect(cell).toHaveText(text, { timeout: 500 });
    }).toPass({ timeout: 30_000 });

  // Integer: "07155" is no integer, so the steward sees which rows would not fit.
  await readAs('Integer', 'Read postal_code as: integer (chosen)');
  await expect(columnItem(app, 'postal_code')).toHaveAccessibleName(/^postal_code: integer; \d+ values? (is|are) not integer values: rows? 2\b/);
  await cellReads('07155 (not a integer)');
  // Text: the same cells are plain text again, zeros and all.
  await readAs('Text', 'Read postal_code as: string (chosen)');
  await expect(columnItem(app, 'postal_code')).toHaveAccessibleName('postal_code: string');
  await cellReads('07155');

  await app.getByRole('button', { name: 'Map to XDM', exact: true }).click();
  await app.getByRole('button', { name: /Target schema/ }).click();
  await app.getByRole('option', { name: /XDM Loader Customers/ }).click();
  await app.getByRole('button', { name: 'Accept suggestions' }).click();
  await app.getByRole('button', { name: 'Prepare file' }).click();
  await expect(app.getByText('Completed')).toBeVisible({ timeout: 60_000 });
  const downloading = app.waitForEvent('download');
  await app.getByRole('table', { name: 'Parts' }).getByRole('button', { name: 'Download part-00001.json' }).click();
  const records = (await readFile(await (await downloading).path(), 'utf8'))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { personalEmail?: { address?: string } });
  const lukasz = records.find((record) => record.personalEmail?.address === 'lukasz.brown2@example.com');
  expect(JSON.stringify(lukasz)).toContain('"postalCode":"07155"');
});
