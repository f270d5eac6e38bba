// The instructor page: sign-in with the instructor password, then a new course, with every bad field shown.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, launch, newPage, screenshot } from './support.js';

const PASSWORD = process.env.INSTRUCTOR_PASSWORD;
// The stack's one local account is INSTRUCTOR_NAME (grace) with INSTRUCTOR_PASSWORD; names are case-insensitive.
const NAME = process.env.INSTRUCTOR_NAME || 'Grace';
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('an instructor signs in and creates a course that the catalog then finds', { skip: !PASSWORD && 'INSTRUCTOR_PASSWORD is not set' }, async () => {
  const page = await newPage(browser);
  await page.goto(`${BASE_URL}/#/instructor`);
  await page.getByRole('heading', { level: 1, name: 'Instructor sign-in' }).waitFor();
  await page.getByLabel('Name').fill(NAME);
  await page.getByLabel('Instructor password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in as instructor' }).click();
  await page.getByRole('alert').getByText('The instructor password is wrong.').waitFor();

  await page.getByLabel('Instructor password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in as instructor' }).click();
  await page.getByRole('heading', { level: 1, name: 'Create a course' }).waitFor();

  // Every bad field of the 400 problem is listed and marked.
  await page.getByLabel('Title', { exact: true }).fill('JS');
  await page.getByLabel('Tags').fill('Java, ok-tag');
  await page.getByRole('button', { name: 'Create course' }).click();
  const errors = page.getByTestId('form-errors');
  await errors.getByText('Please fix 5 fields').waitFor();
  for (const text of ['Title is required and must be 3-120 characters.', 'Level is required',
    'Tag 1 must be 1-32 lower-case letters', 'Lesson 1 title is required', 'Lesson 1 duration is required']) {
    await errors.getByText(text).waitFor();
  }
  assert.equal(await page.getByLabel('Title', { exact: true }).getAttribute('aria-invalid'), 'true');
  assert.equal(await page.getByLabel('Lesson 1 title').getAttribute('aria-invalid'), 'true');
  await screenshot(page, 'instructor-errors');

  const title = `Elastic Vert.x ${Date.now()}`;
  await page.getByLabel('Title', { exact: true }).fill(title);
  await page.getByLabel('Summary').fill('Scale out and back in without losing a request or a game.');
  await page.getByLabel('Level').selectOption('advanced');
  await page.getByLabel('Tags').fill('java, vertx');
  await page.getByLabel('Lesson 1 title').fill('Discovery');
  await page.getByLabel('Minutes').first().fill('20');
  await page.getByRole('button', { name: '+ Add a lesson' }).click();
  await page.getByLabel('Lesson 2 title').fill('Draining');
  await page.getByLabel('Minutes').nth(1).fill('15');
  await screenshot(page, 'instructor');
  await page.getByRole('button', { name: 'Create course' }).click();
  await page.locator('main').getByText('Course created').waitFor();

  await page.getByRole('link', { name: 'Open the course' }).click();
  await page.getByRole('heading', { level: 1, name: title }).waitFor();
  assert.equal(await page.locator('ol.lessons > li').count(), 2);

  await page.goto(`${BASE_URL}/#/?q=${encodeURIComponent(title)}`);
  await page.getByRole('link', { name: title }).waitFor();
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
