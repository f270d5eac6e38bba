// Learning: guest sign-in, a course page, enrolling, ticking a lesson off and seeing progress.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, launch, newPage, screenshot, until } from './support.js';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a guest signs in, enrolls, ticks a lesson and sees the progress', async () => {
  const page = await newPage(browser);
  await page.goto(`${BASE_URL}/#/learning`);
  await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
  await page.getByLabel('Your name').fill('Ada Lovelace');
  await page.getByRole('button', { name: 'Continue as guest' }).click();
  await page.getByRole('heading', { level: 1, name: 'My learning' }).waitFor();
  await page.getByText('No courses yet').waitFor();
  await page.getByTestId('user-name').filter({ hasText: 'Ada Lovelace' }).waitFor();

  await page.goto(`${BASE_URL}/#/courses/kubernetes-fundamentals`);
  await page.getByRole('heading', { level: 1, name: 'Kubernetes Fundamentals' }).waitFor();
  const lessons = await page.locator('ol.lessons > li').count();
  assert.ok(lessons > 1);
  await screenshot(page, 'course');
  await page.getByRole('button', { name: 'Enroll' }).click();
  await page.getByText('You are enrolled in this course.').waitFor();
  await page.getByRole('link', { name: 'Continue in My learning' }).click();

  const card = page.locator('article.learning-card[data-course="kubernetes-fundamentals"]');
  const label = card.getByTestId('progress-label');
  await label.filter({ hasText: `0% complete · 0 of ${lessons} lessons` }).waitFor();
  const first = card.getByRole('checkbox').first();
  await first.check();
  const percent = Math.floor(100 / lessons);
  await label.filter({ hasText: `${percent}% complete · 1 of ${lessons} lessons` }).waitFor();
  assert.equal(await card.locator('progress').evaluate((bar) => bar.value), percent);
  await screenshot(page, 'learning');

  // Kept on the server and in the session: a reload shows the same progress, still signed in.
  await page.reload();
  await label.filter({ hasText: `1 of ${lessons} lessons` }).waitFor();
  assert.equal(await card.getByRole('checkbox').first().isChecked(), true);

  await card.getByRole('checkbox').first().uncheck();
  await label.filter({ hasText: `0% complete · 0 of ${lessons} lessons` }).waitFor();
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('enrolling twice keeps one enrollment and the course page knows it', async () => {
  const page = await newPage(browser);
  await page.goto(`${BASE_URL}/#/signin?next=${encodeURIComponent('/courses/java-for-beginners')}`);
  await page.getByLabel('Your name').fill('Grace');
  await page.getByRole('button', { name: 'Continue as guest' }).click();
  await page.getByRole('heading', { level: 1, name: 'Java for Beginners' }).waitFor();
  await page.getByRole('button', { name: 'Enroll' }).click();
  await page.getByText('You are enrolled in this course.').waitFor();
  await page.reload();
  await page.getByText('You are enrolled in this course.').waitFor();
  await page.goto(`${BASE_URL}/#/learning`);
  await page.locator('article.learning-card').first().waitFor();
  assert.equal(await page.locator('article.learning-card').count(), 1);
  await page.context().close();
});

test('a bad guest name is explained next to the field', async () => {
  const page = await newPage(browser);
  await page.goto(`${BASE_URL}/#/signin`);
  await page.getByLabel('Your name').fill('<script>');
  await page.getByRole('button', { name: 'Continue as guest' }).click();
  await page.getByText("Name may contain only letters, digits, spaces, '.', '_' and '-'.").waitFor();
  assert.equal(await page.getByLabel('Your name').getAttribute('aria-invalid'), 'true');
  await until(page, () => document.activeElement?.id === 'guest-name');
  await page.context().close();
});

test('an unknown course shows a clear not-found message', async () => {
  const page = await newPage(browser);
  await page.goto(`${BASE_URL}/#/courses/no-such-course`);
  await page.getByRole('heading', { level: 1, name: 'Course not found' }).waitFor();
  await page.getByRole('alert').getByText('Not Found').waitFor();
  await page.context().close();
});
