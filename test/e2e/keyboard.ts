import type { Page } from '@playwright/test';
import { expect } from './browser-mode';

/**
 * Keyboard helpers for the e2e specs: move focus with Tab and Shift+Tab, check on the way that
 * every control that takes focus shows that it has it, and use listboxes with the arrows.
 * Why pixels for "shows it": a focus ring may be an outline, a shadow or a pseudo-element, drawn by
 * our CSS or Spectrum's; what counts for the steward is that the control looks different focused.
 */

/** The focused element's name, and whether it looks different from the same element unfocused. */
export async function focusShows(page: Page): Promise<{ name: string; visible: boolean }> {
  const box = await page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return null;
    el.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    const r = el.getBoundingClientRect();
    return { x: r.x - 4, y: r.y - 4, width: r.width + 8, height: r.height + 8 };
  });
  if (!box) return { name: '(nothing)', visible: false };
  const name = await focusedName(page);
  const viewport = page.viewportSize() ?? { width: 1440, height: 900 };
  const clip = {
    x: Math.max(0, box.x),
    y: Math.max(0, box.y),
    width: Math.min(box.width, viewport.width - Math.max(0, box.x)),
    height: Math.min(box.height, viewport.height - Math.max(0, box.y)),
  };
  const focused = await page.screenshot({ clip, animations: 'disabled' });
  // Focus moves to an invisible sink beside the element, inside its dialog if it is in one:
  // a modal dialog keeps focus within itself, and would take a plain blur() straight back.
  const restore = await page.evaluateHandle(() => {
    const el = document.activeElement as HTMLElement;
    const sink = document.createElement('span');
    sink.tabIndex = -1;
    sink.setAttribute('style', 'position:fixed;left:0;top:0;width:0;height:0;overflow:hidden;outline:none');
    (el.closest('[role="dialog"], [role="alertdialog"]') ?? document.body).append(sink);
    sink.focus();
    return { el, sink };
  });
  const blurred = await page.screenshot({ clip, animations: 'disabled' });
  await restore.evaluate(({ el, sink }) => {
    el.focus();
    sink.remove();
  });
  return { name, visible: !focused.equals(blurred) };
}

/** Presses `key` (Tab or Shift+Tab) until `name` has focus, checking on the way that every focus shows. */
async function moveTo(page: Page, key: 'Tab' | 'Shift+Tab', name: RegExp): Promise<void> {
  const passed: string[] = [];
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press(key);
    const { name: focused, visible } = await focusShows(page);
    expect.soft(visible, `focus shows on ${focused} (${key} from ${passed.at(-1) ?? 'where focus was'}, towards ${name})`).toBe(true);
    if (name.test(focused)) return;
    passed.push(focused);
  }
  throw new Error(`${key} never reached ${name}; it went through ${passed.join(', ')}`);
}

/** Presses Tab until `name` has focus, checking on the way that every focus shows. */
export function tabTo(page: Page, name: RegExp): Promise<void> {
  return moveTo(page, 'Tab', name);
}

/** Presses Shift+Tab until `name` has focus, checking on the way that every focus shows. */
export function shiftTabTo(page: Page, name: RegExp): Promise<void> {
  return moveTo(page, 'Shift+Tab', name);
}

/** The focused element as `tag "name"` (`button "Add connection"`), or `(nothing)`. */
export function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return '(nothing)';
    // The accessible name as far as the DOM tells: aria-label, else the labelling elements, else
    // the <label> (a radio's), else the text.
    const labelledBy = el.getAttribute('aria-labelledby');
    const fromIds = labelledBy
      ? labelledBy
          .split(/\s+/)
          .map((id) => document.getElementById(id)?.textContent ?? '')
          .join(' ')
      : null;
    const fromLabel = el instanceof HTMLInputElement && el.labels?.length ? (el.labels[0]?.textContent ?? null) : null;
    const name = (el.getAttribute('aria-label') ?? fromIds ?? fromLabel ?? el.textContent ?? '').trim().slice(0, 80);
    return `${el.tagName.toLowerCase()} "${name}"`;
  });
}

/** In an open listbox, moves with the arrows to the option matching `name` and takes it with Enter. */
export async function chooseOption(page: Page, name: RegExp): Promise<void> {
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
