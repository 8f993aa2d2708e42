// Debian's Chromium, headless, driven by playwright-core; screenshots go to test-output/ (git-ignored).
import * as fs from 'fs';
import * as path from 'path';
import { Browser, Page, chromium } from 'playwright-core';
import { root } from '../kernel/harness';

export const screenshots = path.join(root, 'test-output');

export async function launchChromium(): Promise<Browser> {
  fs.mkdirSync(screenshots, { recursive: true });
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}

/** A screenshot of the whole of a page that scrolls inside `scroller` (the classic Notebook scrolls
 * #site, not the document): the viewport grows to its content for the shot. */
export async function screenshotAll(page: Page, scroller: string, file: string): Promise<void> {
  const size = page.viewportSize()!;
  const extra = await page.$eval(scroller, (el) => el.scrollHeight - el.clientHeight);
  await page.setViewportSize({ width: size.width, height: Math.min(size.height + extra, 20000) });
  await page.screenshot({ path: path.join(screenshots, file) });
  await page.setViewportSize(size);
}
