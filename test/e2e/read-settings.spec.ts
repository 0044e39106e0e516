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
