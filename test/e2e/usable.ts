import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import type { ImpactValue } from 'axe-core';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { expect, screenshotDir, test } from './browser-mode';
import { settled } from './screens';
import type { UsableName } from './usable-names';

/** The two window sizes every screen must be usable at: a small laptop and a common desktop. */
export const windowSizes = [
  { width: 1024, height: 700 },
  { width: 1440, height: 900 },
] as const;

export const usableDir = path.join(screenshotDir, 'usable');

/** The impacts that fail a screen: a steward who relies on assistive technology is blocked or badly hindered. */
const failing: readonly ImpactValue[] = ['serious', 'critical'];

/** The WCAG 2.1 A and AA rules of axe-core: what `graveViolations` runs. */
const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * Serious and critical axe-core violations of the page as it is (WCAG 2.1 A and AA rules), one
 * line each: the rule, its help and where.
 * Why the whole page, dialogs included: a modal dialog hides the rest from assistive
 * technology, and axe reads the page as they do.
 * Why `axe.run` in the page (legacy mode) and violations only: the default mode runs each
 * frame apart and merges the results in a blank page it opens for every check, and both modes
 * otherwise send back every passing node with its HTML and selector; on the Map step that took
 * 3.3-6.6 s a check, against 1.1-1.4 s for the same rules this way (load ~10). The app has no
 * frames, the only thing legacy mode leaves out, and `resultTypes` trims passes, incomplete and
 * inapplicable results only: violations come back whole (`screens-usable.spec.ts` checks that
 * a serious one is still found).
 */
export async function graveViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .options({ runOnly: { type: 'tag', values: wcagTags }, resultTypes: ['violations'] })
    .setLegacyMode()
    .analyze();
  return result.violations
    .filter((v) => v.impact !== undefined && v.impact !== null && failing.includes(v.impact))
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Fails the test (softly, so the other checks still run) on a serious or critical violation. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const grave = await test.step(`axe: ${what}`, () => graveViolations(page));
  expect.soft(grave, `axe: ${what}`).toEqual([]);
}

/**
 * What makes a screen unusable at the current window size, read from the DOM:
 * - a control cut off by the window or by an ancestor that hides its overflow;
 * - a region that scrolls sideways, except the ones meant to (the file's preview grid, the
 *   rejected rows, raw text);
 * - a rule row's field or source squeezed below a readable width;
 * - a table cell that wraps its text one or two characters per line;
 * - in a dialog, a table cell's word broken across two lines ("member_re / f"): a modal is narrower
 *   than a screen, so its table columns are the first to be squeezed at 1024×700;
 * - a badge ("Primary", "Looked up") whose words break onto two lines.
 */
export function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const describe = (el: Element): string => {
      const label = el.getAttribute('aria-label') ?? (el.textContent ?? '').trim().slice(0, 40);
      return `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? `.${el.className.split(' ')[0]}` : ''} "${label}"`;
    };
    const shown = (el: Element): boolean => {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) return false;
      if (el.closest('[aria-hidden="true"], [hidden]')) return false;
      // A Spectrum checkbox's input is transparent over its box: the box is what shows.
      const style = getComputedStyle(el);
      return style.visibility !== 'hidden' && parseFloat(style.opacity) >= 0.01;
    };
    const mayScrollSideways = (el: Element): boolean =>
      el.matches('.preview-grid, .preview-grid *, .rejects-frame, pre, pre *, .record-tree, .record-tree *, .raw-json, .raw-json *, textarea, input') ||
      el.closest('[role="dialog"] pre') !== null;
    const controls = document.querySelectorAll(
      'main button, main a[href], main input, main [role="combobox"], main [role="link"], [role="dialog"] button, [role="dialog"] input',
    );
    for (const control of controls) {
      if (!shown(control)) continue;
      const r = control.getBoundingClientRect();
      if (r.right > window.innerWidth + 1 || r.left < -1) {
        problems.push(`cut by the window: ${describe(control)} (${Math.round(r.left)}–${Math.round(r.right)} of ${window.innerWidth})`);
        continue;
      }
      for (let a = control.parentElement; a && a !== document.body; a = a.parentElement) {
        const overflow = getComputedStyle(a).overflowX;
        if (overflow === 'visible') continue;
        const box = a.getBoundingClientRect();
        if (r.right > box.right + 1 || r.left < box.left - 1) {
          problems.push(`cut by ${describe(a)} (${overflow}): ${describe(control)}`);
          break;
        }
      }
    }
    for (const el of document.querySelectorAll('main *, [role="dialog"] *')) {
      if (!shown(el) || mayScrollSideways(el)) continue;
      const overflow = getComputedStyle(el).overflowX;
      if ((overflow === 'auto' || overflow === 'scroll') && el.scrollWidth > el.clientWidth + 1) {
        problems.push(`scrolls sideways (${el.scrollWidth} in ${el.clientWidth} px): ${describe(el)}`);
      }
    }
    const main = document.querySelector('main');
    if (main && main.scrollWidth > main.clientWidth + 1) problems.push(`the screen scrolls sideways (${main.scrollWidth} in ${main.clientWidth} px)`);
    for (const row of document.querySelectorAll('.rule-row')) {
      if (!shown(row)) continue;
      const field = row.querySelector('.rule-row__destination');
      const source = row.querySelector('.rule-row__source');
      const fieldWidth = field?.getBoundingClientRect().width ?? 0;
      const sourceWidth = source?.getBoundingClientRect().width ?? 0;
      if (fieldWidth < 200 || sourceWidth < 140)
        problems.push(`${row.getAttribute('aria-label')} squeezed: field ${Math.round(fieldWidth)} px, source ${Math.round(sourceWidth)} px`);
    }
    for (const cell of document.querySelectorAll('main td, main th, [role="dialog"] td, [role="dialog"] th')) {
      if (!shown(cell)) continue;
      const text = (cell.textContent ?? '').trim();
      const longestWord = Math.max(0, ...text.split(/\s+/).map((w) => w.length));
      const lineHeight = parseFloat(getComputedStyle(cell).lineHeight) || 18;
      // A word of 12+ characters on four or more lines: it is broken a few characters a line.
      if (longestWord >= 12 && cell.getBoundingClientRect().height > lineHeight * 4 + 24 && text.length < 200) {
        problems.push(`wraps a few characters a line: ${describe(cell)} (${Math.round(cell.getBoundingClientRect().width)} px wide)`);
      }
    }
    // A word is broken when its own text spans more than one line box. Code (a dotted path) may break anywhere.
    for (const cell of document.querySelectorAll('[role="dialog"] td')) {
      if (!shown(cell)) continue;
      const texts = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let node = texts.nextNode(); node; node = texts.nextNode()) {
        if (node.parentElement?.closest('code, pre')) continue;
        for (const word of (node.textContent ?? '').matchAll(/\S+/g)) {
          const range = document.createRange();
          range.setStart(node, word.index);
          range.setEnd(node, word.index + word[0].length);
          const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
          if (lines.size > 1)
            problems.push(`breaks the word "${word[0]}" across lines: ${describe(cell)} (${Math.round(cell.getBoundingClientRect().width)} px wide)`);
        }
      }
    }
    for (const badge of document.querySelectorAll('main .profile-mark')) {
      if (!shown(badge)) continue;
      const lineHeight = parseFloat(getComputedStyle(badge).lineHeight) || 16;
      if (badge.getBoundingClientRect().height > lineHeight * 1.6) problems.push(`a badge wraps its words: ${describe(badge)}`);
    }
    return problems;
  });
}

/**
 * Checks the screen (or dialog) as it is at both window sizes, keeping a screenshot of each,
 * then runs axe on it. The window is left at the larger size. `name` is one of `usableChecks`
 * (`usable-names.ts`), which lists every screen and dialog.
 */
export async function checkUsable(page: Page, name: UsableName): Promise<void> {
  // A step of its own, so a trace and a reporter show each check and its time.
  await test.step(`usable: ${name}`, async () => {
    await mkdir(usableDir, { recursive: true });
    for (const size of windowSizes) {
      await page.setViewportSize(size);
      await settled(page);
      await page.screenshot({ path: path.join(usableDir, `${name}-${size.width}x${size.height}.png`) });
      expect.soft(await layoutProblems(page), `${name} at ${size.width}×${size.height}`).toEqual([]);
    }
    await expectAccessible(page, name);
  });
}
