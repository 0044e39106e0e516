import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { dropFile } from './drop';
import { checkUsable } from './usable';
import { expect, repoRoot, test } from './browser-mode';

/**
 * The Map step's ergonomics (issue 16, item 3): undo and redo of mapping edits, the unmapped
 * columns always in view, and a saved mapping offered again for a file with the same header.
 */

const samples = path.join(repoRoot, 'assets', 'samples');
const rules = (app: Page) => app.getByRole('listitem', { name: /^Rule \d+$/ });

async function mapCustomers(app: Page, name: string): Promise<void> {
  await dropFile(app, name, await readFile(path.join(samples, 'customers.csv')));
  await app.getByRole('button', { name: 'Map to XDM', exact: true }).click();
}

test('mapping edits are undone and redone by button and keys, not while typing in a field; the unmapped columns stay in view', async ({ app }) => {
  test.setTimeout(300_000);
  await app.setViewportSize({ width: 1024, height: 700 });
  await mapCustomers(app, 'customers.csv');
  await app.getByRole('button', { name: 'Accept suggestions' }).click();
  await expect(rules(app)).toHaveCount(11);
  const panel = app.getByRole('region', { name: /^Unmapped columns/ });
  const unmapped = app.getByRole('list', { name: 'Unmapped columns' });
  await expect(panel).toBeInViewport();

  // Removing the rule of first_name leaves it unmapped, and the panel says so where the steward is.
  const column = 'first_name';
  await expect(unmapped).not.toContainText(column);
  await expect(app.getByRole('button', { name: /\bRule 2 column$/ })).toContainText(column);
  await app.getByRole('button', { name: 'Remove rule 2', exact: true }).click();
  await expect(rules(app)).toHaveCount(10);
  await expect(unmapped).toContainText(column);
  await expect(panel).toBeInViewport();

  const undo = app.getByRole('button', { name: 'Undo mapping edit' });
  const redo = app.getByRole('button', { name: 'Redo mapping edit' });
  await undo.click();
  await expect(rules(app)).toHaveCount(11);
  await expect(unmapped).not.toContainText(column);
  await redo.click();
  await expect(rules(app)).toHaveCount(10);

  // The keys, with the focus outside any text field.
  await app.getByRole('heading', { name: 'Prepare', level: 1 }).click();
  await app.keyboard.press('Control+z');
  await expect(rules(app)).toHaveCount(11);
  await app.keyboard.press('Control+Shift+z');
  await expect(rules(app)).toHaveCount(10);
  await app.keyboard.press('Control+z');
  await expect(rules(app)).toHaveCount(11);
  await app.keyboard.press('Control+y');
  await expect(rules(app)).toHaveCount(10);
  await expect(redo).toBeDisabled();

  // In a text field Ctrl+Z is the field's own: the mapping history is not moved by it.
  const field = app.getByRole('combobox', { name: 'Rule 1 XDM field' });
  await field.click();
  await field.press('End');
  await field.pressSequentially('x');
  await field.press('Control+z');
  await app.keyboard.press('Escape');
  await expect(rules(app)).toHaveCount(10);
  await expect(redo).toBeDisabled();
  await checkUsable(app, 'map-undo-unmapped');
});

test('a mapping saved for one file is offered again for a file with the same header, and not for another', async ({ app }) => {
  test.setTimeout(300_000);
  await mapCustomers(app, 'customers.csv');
  await app.getByRole('button', { name: 'Accept suggestions' }).click();
  await expect(rules(app)).toHaveCount(11);
  await app.getByRole('button', { name: 'Remove rule 1', exact: true }).click();
  await app.getByRole('button', { name: 'Save mapping…' }).click();
  const dialog = app.getByRole('dialog');
  await dialog.getByLabel(/^Name/).fill('monthly customers');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog.getByRole('status')).toContainText('Saved monthly customers.json');
  await dialog.getByRole('button', { name: 'Close' }).click();

  // Next month's export: same header, another name.
  await mapCustomers(app, 'customers-march.csv');
  const offer = app.getByRole('region', { name: 'Saved mapping for this header' });
  await expect(offer).toContainText('“monthly customers” was saved for a file with this same header');
  await checkUsable(app, 'map-saved-offer');
  await offer.getByRole('button', { name: 'Use “monthly customers”' }).click();
  await expect(rules(app)).toHaveCount(10);
  await expect(offer).toBeHidden();

  // Another header: nothing offered.
  await dropFile(app, 'events.csv', await readFile(path.join(samples, 'events.csv')));
  await app.getByRole('button', { name: 'Map to XDM', exact: true }).click();
  await expect(app.getByRole('button', { name: /Target schema/ })).toBeVisible();
  await expect(app.getByRole('region', { name: 'Suggestions' })).toBeVisible();
  await expect(offer).toHaveCount(0);
});

/** Drops `lines` as a file, maps it with the suggestions and prepares the whole of it. */
async function prepareWhole(app: Page, name: string, lines: readonly string[]): Promise<void> {
  await dropFile(app, name, Buffer.from(lines.join('\n')));
  await app.getByRole('button', { name: 'Map to XDM', exact: true }).click();
  await app.getByRole('button', { name: 'Accept suggestions' }).click();
  await app.getByRole('button', { name: 'Prepare file' }).click();
  await expect(app.getByText('Completed')).toBeVisible({ timeout: 60_000 });
}

/** "Go to row" (by the button, or Enter in the box): what the screen says, and the row the page starts at. */
async function goToRow(app: Page, table: Locator, to: { row: number; by: 'button' | 'enter'; said: string; first: string }): Promise<void> {
  const box = app.getByRole('textbox', { name: 'Row of the file' });
  await box.fill(String(to.row));
  if (to.by === 'enter') await box.press('Enter');
  else await app.getByRole('button', { name: 'Go to row' }).click();
  await expect(app.getByRole('status').filter({ hasText: to.said })).toBeVisible();
  await expect(table.getByRole('row').nth(1).getByRole('cell').first()).toHaveText(to.first);
}

test('once prepared, the rejects of the whole file are paged and a row of the file is one "Go to row" away', async ({ app }) => {
  test.setTimeout(300_000);
  // Every even row's birth date is no date: 150 rejects, two pages.
  const lines = (await readFile(path.join(samples, 'customers.csv'), 'utf8')).split('\n');
  await prepareWhole(
    app,
    'customers-half-broken.csv',
    lines.map((line, index) => (index > 0 && index % 2 === 0 ? line.replace(/,(\d{4}-\d{2}-\d{2}),/, ',31/02/1980,') : line)),
  );
  await app.getByRole('button', { name: 'Show rejected rows (150)' }).click();

  const section = app.getByRole('region', { name: /^rejects\.csv/ });
  const table = app.getByRole('table', { name: 'Rejected rows' });
  await expect(section).toHaveAccessibleName(/rejects 1–100 of 150/);
  await expect(table.getByRole('row')).toHaveCount(101);
  await app.getByRole('button', { name: 'Next page' }).click();
  await expect(section).toHaveAccessibleName(/rejects 101–150 of 150/);
  await expect(table.getByRole('row')).toHaveCount(51);
  await expect(table.getByRole('row').nth(1).getByRole('cell').first()).toHaveText('202');
  await app.getByRole('button', { name: 'Previous page' }).click();
  await expect(section).toHaveAccessibleName(/rejects 1–100 of 150/);

  // Row 7 was written; row 8 was not.
  await goToRow(app, table, { row: 7, by: 'button', said: 'Row 7 was not rejected', first: '8' });
  await goToRow(app, table, { row: 250, by: 'enter', said: 'Row 250 was rejected', first: '250' });
  await checkUsable(app, 'prepare-rejects-pages');
});

test('once prepared, the rows written with warnings are paged and a row of the file is one "Go to row" away', async ({ app }) => {
  test.setTimeout(300_000);
  // Every odd row has no customer id, email or phone: no identity, so written with a warning (150 rows, two pages).
  const lines = (await readFile(path.join(samples, 'customers.csv'), 'utf8')).split('\n');
  const blank = (line: string): string => line.replace(/^[^,]*,([^,]*,[^,]*,)[^,]*,[^,]*,/, ',$1,,');
  await prepareWhole(
    app,
    'customers-half-anonymous.csv',
    lines.map((line, index) => (index % 2 === 1 && line !== '' ? blank(line) : line)),
  );
  await app.getByRole('button', { name: 'Show rows with warnings (150)' }).click();

  const section = app.getByRole('region', { name: /^warnings\.csv/ });
  const table = app.getByRole('table', { name: 'Rows with warnings' });
  await expect(section).toHaveAccessibleName(/rows with warnings 1–100 of 150/);
  await expect(table.getByRole('row')).toHaveCount(101);
  await expect(table.getByRole('row').nth(1).getByRole('cell').nth(2)).toContainText('identity-missing');
  await app.getByRole('button', { name: 'Next page' }).click();
  await expect(section).toHaveAccessibleName(/rows with warnings 101–150 of 150/);
  await expect(table.getByRole('row')).toHaveCount(51);
  await expect(table.getByRole('row').nth(1).getByRole('cell').first()).toHaveText('201');

  await goToRow(app, table, { row: 8, by: 'button', said: 'Row 8 had no warning', first: '9' });
  await goToRow(app, table, { row: 251, by: 'enter', said: 'Row 251 was written with warnings', first: '251' });
  await checkUsable(app, 'prepare-warnings-pages');
});
