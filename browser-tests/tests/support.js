// Shared setup: Debian's Chromium through playwright-core, the stack's base URL, screenshots.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const BASE_URL = (process.env.BASE_URL || 'http://127.0.0.1:8080').replace(/\/$/, '');
export const SCREENSHOTS = join(dirname(fileURLToPath(import.meta.url)), '..', 'screenshots');
/** How long one condition may take to come true. */
export const TIMEOUT = 15_000;

/** A fresh headless Chromium (a temporary profile); never a downloaded browser. */
export async function launch() {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A page in a context of its own (its own sessionStorage), failing the test on page errors. */
export async function newPage(browser, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  context.setDefaultTimeout(TIMEOUT);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error));
  page.errors = errors;
  return page;
}

export async function screenshot(page, name) {
  // From the top: a full-page capture of a scrolled page draws the sticky header mid-page.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Signs in as a guest through the sign-in page and waits for the name in the header. */
export async function signInAsGuest(page, name, next = '/') {
  await page.goto(`${BASE_URL}/#/signin?next=${encodeURIComponent(next)}`);
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('button', { name: 'Continue as guest' }).click();
  await page.getByTestId('user-name').filter({ hasText: name }).waitFor();
}

/** Waits until {@code predicate(arg)} holds in the page. */
export function until(page, predicate, arg, timeout = TIMEOUT) {
  return page.waitForFunction(predicate, arg, { timeout, polling: 50 });
}
