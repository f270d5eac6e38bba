// One course: its lessons, and enrolling in it.
import { h, replace, problemBox, loading, levelBadge, minutes, announce } from '../dom.js';
import { api } from '../api.js';
import { session } from '../session.js';

export function mount(main, { params: [id] }) {
  const page = h('section', { class: 'page' }, h('p', {}, h('a', { href: '#/', class: 'back' }, '← All courses')));
  const body = h('div', { 'aria-live': 'polite' });
  page.append(body);
  main.append(page);
  const controller = new AbortController();

  async function load() {
    replace(body, h('h1', { tabindex: '-1', class: 'visually-hidden' }, 'Course'), loading('Loading the course…'));
    try {
      const [{ body: course }, enrolled] = await Promise.all([
        api(`/api/courses/${encodeURIComponent(id)}`, { signal: controller.signal }),
        isEnrolled(id, controller.signal),
      ]);
      document.title = `${course.title} · vertx-elastic`;
      replace(body, render(course, enrolled));
    } catch (error) {
      if (error.name === 'AbortError') return;
      replace(body, h('h1', { tabindex: '-1' }, error.status === 404 ? 'Course not found' : 'Course'),
        problemBox(error, { retry: error.status === 404 ? null : load }));
    }
  }

  function render(course, enrolled) {
    const total = course.lessons.reduce((sum, l) => sum + l.durationMinutes, 0);
    const action = h('div', { class: 'enroll', 'data-testid': 'enroll-area' });
    showAction(action, course, enrolled);
    return h('article', { class: 'course' },
      h('header', { class: 'course-head card' },
        h('div', { class: 'card-top' }, levelBadge(course.level),
          h('span', { class: 'muted small' }, `${course.lessonCount} lessons · ${minutes(total)}`)),
        h('h1', { tabindex: '-1' }, course.title),
        h('p', { class: 'lead' }, course.summary),
        h('ul', { class: 'tags', 'aria-label': 'Tags' }, course.tags.map((t) => h('li', {}, h('a', { class: 'tag', href: `#/?tag=${encodeURIComponent(t)}` }, t)))),
        action),
      h('section', { class: 'card', 'aria-labelledby': 'lessons-heading' },
        h('h2', { id: 'lessons-heading' }, 'Lessons'),
        h('ol', { class: 'lessons' }, course.lessons.map((l) => h('li', {},
          h('span', { class: 'lesson-title' }, l.title), h('span', { class: 'muted small' }, minutes(l.durationMinutes)))))));
  }

  function showAction(area, course, enrolled) {
    if (!session()) {
      replace(area, h('a', { class: 'button', href: `#/signin?next=${encodeURIComponent(`/courses/${course.id}`)}` }, 'Sign in to enroll'));
    } else if (enrolled) {
      replace(area, h('p', { class: 'enrolled', role: 'status' }, '✓ You are enrolled in this course.'),
        h('a', { class: 'button', href: '#/learning' }, 'Continue in My learning'));
    } else {
      const button = h('button', { type: 'button', class: 'button', onclick: enroll }, 'Enroll');
      const status = h('div');
      replace(area, button, status);
      async function enroll() {
        button.disabled = true;
        button.textContent = 'Enrolling…';
        try {
          await api(`/api/courses/${encodeURIComponent(course.id)}/enrollments`, { method: 'POST', auth: true });
          showAction(area, course, true);
          announce(`Enrolled in ${course.title}`);
          area.querySelector('a')?.focus();
        } catch (error) {
          button.disabled = false;
          button.textContent = 'Enroll';
          replace(status, problemBox(error));
        }
      }
    }
  }

  load();
  return { title: 'Course', unmount: () => controller.abort() };
}

async function isEnrolled(courseId, signal) {
  if (!session()) return false;
  try {
    const { body } = await api('/api/learners/me/enrollments', { auth: true, signal });
    return body.items.some((e) => e.courseId === courseId);
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    // The course is still worth showing; enrolling answers 200 when already enrolled.
    return false;
  }
}
