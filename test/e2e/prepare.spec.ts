import type { Locator, Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { dropFile } from './drop';
import { expect, repoRoot, screenshotDir, test } from './browser-mode';

const samples = path.join(repoRoot, 'assets', 'samples');

/** The customer columns every customers.* sample has, flat, as the inspector types them. */
const flatCustomerColumns = [
  'customer_id: string',
  'first_name: string',
  'last_name: string',
  'email: string',
  'phone: string',
  'birth_date: date',
  'loyalty_points: integer',
  'lifetime_value: number',
  'opted_in: boolean',
  'last_purchase_at: date-time',
  'address_street: string',
  'city: string',
  'postal_code: string',
  'country_code: string',
  'notes: string',
];

/** The first customer's leading cells, as the grid shows them (after the row number). */
const firstCustomerCells = ['C000001', 'Yuki', 'Nowak', 'yuki.nowak1@example.com', '+33385080251', '1979-08-18'];

interface SampleCase {
  file: string;
  facts: Record<string, string>;
  columns: string[];
  /** Rows in the grid (the preview is capped at 100). */
  gridRows: number;
  title: string;
  /** Cells of the first data row, from the first data column on. */
  firstCells: string[];
  /** Extra cells of the first row, by column name: nested values show as compact JSON. */
  cellsByColumn?: Record<string, string>;
  screenshot?: string;
}

const cases: SampleCase[] = [
  {
    file: 'customers.csv',
    facts: {
      Format: 'CSV',
      Encoding: 'UTF-8',
      Delimiter: 'Comma',
      'Header row': 'Yes',
      'Line endings': 'LF (Unix, macOS)',
      Columns: '15',
      Rows: '300',
    },
    columns: flatCustomerColumns,
    gridRows: 100,
    title: 'First 100 rows',
    firstCells: firstCustomerCells,
    screenshot: 'prepare-csv.png',
  },
  {
    file: 'customers.tsv',
    facts: {
      Format: 'TSV',
      Encoding: 'UTF-8',
      Delimiter: 'Tab',
      'Header row': 'Yes',
      'Line endings': 'LF (Unix, macOS)',
      Columns: '15',
      Rows: '20',
    },
    columns: flatCustomerColumns,
    gridRows: 20,
    title: 'All 20 rows',
    firstCells: firstCustomerCells,
  },
  {
    file: 'customers.json',
    facts: { Format: 'JSON', Encoding: 'UTF-8', 'Line endings': 'LF (Unix, macOS)', Columns: '13', Rows: '20' },
    columns: [...flatCustomerColumns.slice(0, 10), 'notes: string', 'address: object', 'interests: array'],
    gridRows: 20,
    title: 'All 20 rows',
    firstCells: firstCustomerCells,
    cellsByColumn: {
      address: '{"street":"195 Avenue de l\'Opéra, Floor 9","city":"Paris","postal_code":"37950","country_code":"FR"}',
      interests: '["running","music"]',
    },
  },
  {
    file: 'customers.jsonl',
    facts: { Format: 'JSON Lines', Encoding: 'UTF-8', 'Line endings': 'LF (Unix, macOS)', Columns: '15', Rows: '20' },
    columns: flatCustomerColumns,
    gridRows: 20,
    title: 'All 20 rows',
    firstCells: firstCustomerCells,
  },
  {
    file: 'customers.parquet',
    facts: { Format: 'Parquet', Encoding: 'Binary (UTF-8 strings)', Columns: '15', Rows: '300' },
    columns: flatCustomerColumns,
    gridRows: 100,
    title: 'First 100 rows',
    firstCells: firstCustomerCells,
    cellsByColumn: { loyalty_points: '18684', lifetime_value: '1099.94', opted_in: 'true', notes: 'null' },
    screenshot: 'prepare-parquet.png',
  },
];

/** The "File details" description list as { term: definition }. */
async function detailsOf(page: Page): Promise<Record<string, string>> {
  const list = page.getByLabel('File details');
  const terms = await list.getByRole('term').allTextContents();
  const values = await list.getByRole('definition').allTextContents();
  return Object.fromEntries(terms.map((term, index) => [term, values[index] ?? '']));
}

/** Each column of the Columns list as its accessible name, "name: type". */
async function columnsOf(page: Page): Promise<string[]> {
  const items = page.getByRole('list', { name: 'Columns' }).getByRole('listitem');
  return items.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('aria-label') ?? ''));
}

/** The cells of a grid row by its 1-based aria-rowindex (the header row is 1). */
function gridRow(grid: Locator, rowIndex: number): Locator {
  return grid.locator(`[role="row"][aria-rowindex="${rowIndex}"]`);
}

/** A cell of the first data row under the column named `name`, scrolled into view. */
async function firstRowCell(page: Page, grid: Locator, name: string): Promise<Locator> {
  const columnIndex = (await columnsOf(page)).findIndex((entry) => entry.startsWith(`${name}: `));
  expect(columnIndex, `column ${name}`).toBeGreaterThanOrEqual(0);
  // aria-colindex is 1-based and column 1 is the row number.
  const cell = gridRow(grid, 2).locator(`[aria-colindex="${columnIndex + 2}"]`);
  // The grid is virtualized across columns too: scroll its body right until the cell is rendered, then to it.
  const body = grid.getByRole('rowgroup').last();
  await expect(async () => {
    if ((await cell.count()) > 0) await cell.scrollIntoViewIfNeeded({ timeout: 1_000 });
    else await body.evaluate((node) => node.scrollBy({ left: 240 }));
    await expect(cell).toBeInViewport({ timeout: 500 });
  }).toPass({ timeout: 15_000 });
  return cell;
}

test('the empty Prepare screen invites to drop or open a file', async ({ app: page }) => {
  await expect(page.getByRole('navigation', { name: 'Screens' }).getByRole('button')).toHaveText([
    'Connections',
    'Targets',
    'Prepare',
    'Jobs',
    'Batches',
    'Profiles',
    'Settings',
  ]);
  await expect(page.getByRole('button', { name: 'Prepare' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('banner')).toContainText('XDM Loader');
  await expect(page.getByRole('banner')).toContainText('Browser mode');
  await expect(page.getByRole('heading', { name: 'Drop a file anywhere to preview it' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Open a file…' })).toBeVisible();
  await page.screenshot({ path: path.join(screenshotDir, 'prepare-empty.png'), fullPage: true });
});

for (const sample of cases) {
  test(`dropping ${sample.file} previews its format, columns and first rows`, async ({ app: page }) => {
    const bytes = await readFile(path.join(samples, sample.file));
    await dropFile(page, sample.file, bytes);

    const grid = page.getByRole('grid', { name: `First rows of ${sample.file}` });
    await expect(grid).toBeVisible();
    await expect(page.getByRole('heading', { name: sample.file, level: 2 })).toBeVisible();
    expect(await detailsOf(page)).toEqual(sample.facts);
    expect(await columnsOf(page)).toEqual(sample.columns);
    await expect(page.getByRole('heading', { name: sample.title })).toBeVisible();

    // Header row + data rows; row number column + one per file column.
    await expect(grid).toHaveAttribute('aria-rowcount', String(sample.gridRows + 1));
    await expect(grid).toHaveAttribute('aria-colcount', String(sample.columns.length + 1));
    const firstHeader = grid.getByRole('columnheader').nth(1);
    await expect(firstHeader).toHaveText(sample.columns[0]!.replace(': ', ''));
    const firstRow = gridRow(grid, 2);
    await expect(firstRow.getByRole('rowheader')).toHaveText('1');
    const leading = await firstRow.getByRole('gridcell').allTextContents();
    expect(leading.slice(0, sample.firstCells.length)).toEqual(sample.firstCells);
    await expect(page.getByRole('alert')).toHaveCount(0);
    if (sample.screenshot) await page.screenshot({ path: path.join(screenshotDir, sample.screenshot), fullPage: true });

    for (const [column, text] of Object.entries(sample.cellsByColumn ?? {})) {
      await expect(await firstRowCell(page, grid, column)).toHaveText(text);
    }
  });
}

test('Open a file… picks a file through the file input', async ({ app: page }) => {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Open a file…' }).click();
  await (await chooser).setFiles(path.join(samples, 'events.csv'));

  const grid = page.getByRole('grid', { name: 'First rows of events.csv' });
  await expect(grid).toHaveAttribute('aria-rowcount', '101');
  expect(await columnsOf(page)).toEqual([
    'event_id: string',
    'email: string',
    'timestamp: date-time',
    'event_type: string',
    'product_sku: string',
    'price: number',
  ]);
  expect((await detailsOf(page)).Rows).toBe('200');
});

test('a ragged CSV is previewed with a warning', async ({ app: page }) => {
  await dropFile(page, 'ragged.csv', Buffer.from('a,b,c\n1,2,3\n4,5\n6,7,8,9\n'));

  await expect(page.getByRole('grid', { name: 'First rows of ragged.csv' })).toHaveAttribute('aria-rowcount', '4');
  const warnings = page.getByRole('region', { name: 'Warnings' }).getByRole('alert');
  await expect(warnings).toContainText('1 thing to check');
  await expect(warnings).toContainText('do not have 3 fields');
});

test('an empty file shows a clear error, not a preview', async ({ app: page }) => {
  await dropFile(page, 'empty.csv', Buffer.alloc(0));

  const alert = page.getByRole('alert');
  await expect(alert.getByRole('heading')).toHaveText('The file is empty');
  await expect(alert).toContainText('empty.csv');
  await expect(alert).not.toContainText(/\bat .+:\d+:\d+/);
  await expect(page.getByRole('grid')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Open another file…' })).toBeVisible();
  await page.screenshot({ path: path.join(screenshotDir, 'prepare-error.png'), fullPage: true });
});

test('a binary file shows a clear error naming the file', async ({ app: page }) => {
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 1, 0]);
  await dropFile(page, 'logo.png', png);

  const alert = page.getByRole('alert');
  await expect(alert).toContainText('This is not a text or Parquet file');
  await expect(alert).toContainText('logo.png');
  await expect(alert).toContainText('PNG image');
  await expect(alert).not.toContainText('/tmp');
  await expect(page.getByRole('grid')).toHaveCount(0);
});

test('a malformed JSON Lines file names the line', async ({ app: page }) => {
  await dropFile(page, 'broken.jsonl', Buffer.from('{"a":1}\n{"a":2,\n{"a":3}\n'));

  const alert = page.getByRole('alert');
  await expect(alert).toContainText('The file is malformed');
  await expect(alert).toContainText('line 2');
});

test('a second drop replaces the preview, and closing returns to the empty state', async ({ app: page }) => {
  await dropFile(page, 'customers.tsv', await readFile(path.join(samples, 'customers.tsv')));
  await expect(page.getByRole('grid', { name: 'First rows of customers.tsv' })).toBeVisible();
  await dropFile(page, 'events.csv', await readFile(path.join(samples, 'events.csv')));
  await expect(page.getByRole('grid', { name: 'First rows of events.csv' })).toBeVisible();
  await expect(page.getByRole('grid')).toHaveCount(1);

  await page.getByRole('button', { name: 'Close file' }).click();
  await expect(page.getByRole('heading', { name: 'Drop a file anywhere to preview it' })).toBeVisible();
});
