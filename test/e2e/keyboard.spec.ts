import type { Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { dropFile } from './drop';
import { expect, repoRoot, test } from './browser-mode';

/**
 * The main journey by keyboard alone: from a dropped file to an upload on the Jobs screen, every
 * control reached with Tab and used with Enter, Space or the arrows, and every control that takes
 * focus on the way shows that it has it.
 * Why pixels for "shows it": a focus ring may be an outline, a shadow or a pseudo-element, drawn by
 * our CSS or Spectrum's; what counts for the steward is that the control looks different focused.
 */

/** The focused element's name, and whether it looks different from the same element unfocused. */
async function focusShows(page: Page): Promise<{ name: string; visible: boolean }> {
  const box = await page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return null;
    el.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    const r = el.getBoundingClientRect();
    // The accessible name as far as the DOM tells: aria-label, else the labelling elements, else the text.
    const labelledBy = el.getAttribute('aria-labelledby');
    const fromIds = labelledBy
      ? labelledBy
          .split(/\s+/)
          .map((id) => document.getElementById(id)?.textContent ?? '')
          .join(' ')
      : null;
    const name = (el.getAttribute('aria-label') ?? fromIds ?? el.textContent ?? '').trim().slice(0, 80);
    return { name: `${el.tagName.toLowerCase()} "${name}"`, x: r.x - 4, y: r.y - 4, width: r.width + 8, height: r.height + 8 };
  });
  if (!box) return { name: '(nothing)', visible: false };
  const viewport = page.viewportSize() ?? { width: 1440, height: 900 };
  const clip = {
    x: Math.max(0, box.x),
    y: Math.max(0, box.y),
    width: Math.min(box.width, viewport.width - Math.max(0, box.x)),
    height: Math.min(box.height, viewport.height - Math.max(0, box.y)),
  };
  const focused = await page.screenshot({ clip, animations: 'disabled' });
  const restore = await page.evaluateHandle(() => {
    const el = document.activeElement as HTMLElement;
    el.blur();
    return el;
  });
  const blurred = await page.screenshot({ clip, animations: 'disabled' });
  await restore.evaluate((el) => (el as HTMLElement).focus());
  return { name: box.name, visible: !focused.equals(blurred) };
}

/** Presses Tab until `name` has focus, checking on the way that every focus shows. */
async function tabTo(page: Page, name: RegExp): Promise<void> {
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    const { name: focused, visible } = await focusShows(page);
    expect.soft(visible, `focus shows on ${focused}`).toBe(true);
    if (name.test(focused)) return;
  }
  throw new Error(`Tab never reached ${name}`);
}

/** In an open listbox, moves with the arrows to the option matching `name` and takes it with Enter. */
async function chooseOption(page: Page, name: RegExp): Promise<void> {
  await expect(page.getByRole('listbox')).toBeVisible();
  for (let i = 0; i < 12; i++) {
    if (
      name.test(
        (await page
          .locator('[role="option"]:focus')
          .textContent()
          .catch(() => '')) ?? '',
      )
    )
      break;
    await page.keyboard.press('ArrowDown');
  }
  await page.keyboard.press('Enter');
}

test('the journey by keyboard: map, prepare, choose a dataset, preflight and upload', async ({ app: page }) => {
  test.setTimeout(240_000);
  await dropFile(page, 'customers.csv', await readFile(path.join(repoRoot, 'assets', 'samples', 'customers.csv')));
  await expect(page.getByRole('heading', { name: 'customers.csv', level: 2 })).toBeVisible({ timeout: 30_000 });

  await tabTo(page, /"Map to XDM"$/);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Accept suggestions' })).toBeVisible({ timeout: 30_000 });
  await tabTo(page, /"Target schema"|Target schema/);
  await page.keyboard.press('Enter');
  await chooseOption(page, /XDM Loader Customers/);
  await expect(page.getByRole('button', { name: /Target schema/ })).toContainText('XDM Loader Customers');
  await tabTo(page, /"Accept suggestions"$/);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('list', { name: 'Unmapped columns' })).toBeVisible();
  // The rules are reachable in order: the first rule's column follows "Add rule".
  await tabTo(page, /Rule 1 column/);
  // Prepare file is in the toolbar above: Shift+Tab back to it.
  for (let i = 0; i < 80 && !/"Prepare file"$/.test((await focusShows(page)).name); i++) await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Enter');
  await expect(page.getByText('Completed')).toBeVisible({ timeout: 60_000 });

  await tabTo(page, /"Upload…"$/);
  await page.keyboard.press('Enter');
  await tabTo(page, /Dataset/);
  await page.keyboard.press('Enter');
  await chooseOption(page, /XDM Loader Customers/);
  await expect(page.getByRole('button', { name: /Dataset$/ })).toContainText('XDM Loader Customers');
  await tabTo(page, /"Run preflight"$/);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Ready to upload' })).toBeVisible({ timeout: 30_000 });
  await tabTo(page, /^button "Upload"$/);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Jobs', level: 1 })).toBeVisible();
  await expect(page.getByRole('article', { name: 'Upload of customers.csv' })).toBeVisible();
});
