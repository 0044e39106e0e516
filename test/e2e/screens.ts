import type { Page } from '@playwright/test';
import path from 'node:path';
import { screenshotDir } from './browser-mode';

/** The side navigation's button for a screen. */
export function nav(page: Page, name: string) {
  return page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name, exact: true });
}

/** Waits until no CSS animation or transition runs (popovers and dialogs fade in). */
export async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
}

/**
 * A screenshot of the whole screen: the window is made as tall as the screen's content first.
 * Why: screens scroll inside the app's main area, so a full-page screenshot stops at the window.
 */
export async function fullScreenshot(page: Page, name: string): Promise<void> {
  const viewport = page.viewportSize() ?? { width: 1440, height: 900 };
  // The main area's top from the document's top (the document itself may have been scrolled, by
  // a scrollIntoView, so its top on screen is above it), plus all its content. Measured again once
  // the window is that tall, until it holds still: the layout may change with the window's height.
  const contentHeight = () => page.getByRole('main').evaluate((main) => Math.ceil(main.scrollHeight + main.getBoundingClientRect().top + window.scrollY));
  let height = viewport.height;
  for (let tries = 0; tries < 3; tries++) {
    const wanted = Math.max(viewport.height, await contentHeight());
    if (wanted === height && tries > 0) break;
    height = wanted;
    await page.setViewportSize({ width: viewport.width, height });
    await settled(page);
  }
  await page.screenshot({ path: path.join(screenshotDir, name) });
  await page.setViewportSize(viewport);
}
