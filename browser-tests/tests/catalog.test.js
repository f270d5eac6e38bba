// The catalog: browsing, paging, search and filters, the loading and error states, phone width.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, launch, newPage, screenshot, until } from './support.js';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const cards = (page) => page.locator('.course-card:not(.skeleton)');

test('the catalog lists courses and pages through them', async () => {
  const page = await newPage(browser);
  await page.goto(`${BASE_URL}/`);
  await page.getByRole('heading', { level: 1, name: 'Course catalog' }).waitFor();
  const summary = page.getByTestId('results-summary');
  await summary.filter({ hasText: /^Showing 1–9 of \d+ courses$/ }).waitFor();
  assert.equal(await cards(page).count(), 9);
  await screenshot(page, 'catalog');

  const firstTitle = await cards(page).first().locator('h2').textContent();
  await page.getByRole('button', { name: 'Next →' }).click();
  await summary.filter({ hasText: /^Showing 10–18 of/ }).waitFor();
  assert.match(page.url(), /#\/\?page=2$/);
  assert.notEqual(await cards(page).first().locator('h2').textContent(), firstTitle);
  await page.getByText('Page 2 of').waitFor();

  await page.goBack();
  await summary.filter({ hasText: /^Showing 1–9 of/ }).waitFor();
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('search, level and tag filters narrow the catalog', async () => {
  const page = await newPage(browser);
  await page.goto(`${BASE_URL}/`);
  await page.getByTestId('results-summary').waitFor();

  await page.getByLabel('Search', { exact: true }).fill('kubernetes');
  await page.getByLabel('Search', { exact: true }).press('Enter');
  await until(page, () => location.hash === '#/?q=kubernetes' && !document.querySelector('#results[aria-busy]'));
  const found = await cards(page).allTextContents();
  assert.ok(found.length > 0);
  for (const text of found) assert.match(text, /kubernetes/i);

  await page.getByLabel('Level', { exact: true }).selectOption('beginner');
  await until(page, () => location.hash.includes('level=beginner') && !document.querySelector('#results[aria-busy]'));
  const levels = await cards(page).locator('.badge').allTextContents();
  assert.ok(levels.length > 0);
  for (const level of levels) assert.equal(level, 'beginner');

  await page.getByRole('button', { name: 'Clear' }).click();
  await until(page, () => location.hash === '#/' && !document.querySelector('#results[aria-busy]'));
  await page.getByLabel('Tag', { exact: true }).selectOption('java');
  await until(page, () => location.hash === '#/?tag=java' && !document.querySelector('#results[aria-busy]'));
  const tagLists = await cards(page).locator('.tags').allTextContents();
  assert.ok(tagLists.length > 0);
  for (const tags of tagLists) assert.match(tags, /java/);

  await page.goto(`${BASE_URL}/#/?q=no-course-has-this-text`);
  await page.getByText('No course matches').waitFor();
  await page.context().close();
});

test('a tag on a course card filters the catalog by that tag', async () => {
  const page = await newPage(browser);
  await page.goto(`${BASE_URL}/`);
  const tag = cards(page).first().locator('.tag').first();
  const name = await tag.textContent();
  await tag.click();
  await until(page, (t) => location.hash === `#/?tag=${t}` && !document.querySelector('#results[aria-busy]'), name);
  assert.equal(await page.getByLabel('Tag', { exact: true }).inputValue(), name);
  await page.context().close();
});

test('a failing catalog shows the problem and recovers on retry', async () => {
  const page = await newPage(browser);
  let failing = true;
  await page.route('**/api/courses?*', (route) => (failing
    ? route.fulfill({
      status: 503,
      headers: { 'Content-Type': 'application/problem+json', 'Retry-After': '5' },
      body: JSON.stringify({ type: 'about:blank', title: 'Service Unavailable', status: 503,
        detail: 'courses is failing; the gateway stopped sending it requests for a while.' }),
    })
    : route.continue()));
  await page.goto(`${BASE_URL}/`);
  const alert = page.locator('#results').getByRole('alert');
  await alert.getByText('Service temporarily unavailable').waitFor();
  await alert.getByText('the gateway stopped sending it requests for a while').waitFor();
  await alert.getByText('Try again in 5 s.').waitFor();
  await screenshot(page, 'catalog-unavailable');

  failing = false;
  await alert.getByRole('button', { name: 'Try again' }).click();
  await page.getByTestId('results-summary').waitFor();
  await page.context().close();
});

test('the catalog reads well at phone width', async () => {
  const page = await newPage(browser, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  await page.goto(`${BASE_URL}/`);
  await page.getByTestId('results-summary').waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen`);
  await screenshot(page, 'catalog-phone');
  await page.context().close();
});

test('the skip link and the navigation work from the keyboard', async () => {
  const page = await newPage(browser);
  await page.goto(`${BASE_URL}/`);
  await page.getByTestId('results-summary').waitFor();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Skip to content');
  await page.keyboard.press('Enter');
  await until(page, () => document.activeElement?.id === 'main');
  await page.getByRole('link', { name: 'Play' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
  await page.context().close();
});
