// My learning: the courses I'm enrolled in, my progress in each, and lessons to tick off.
import { h, replace, problemBox, loading, levelBadge, minutes, announce } from '../dom.js';
import { api } from '../api.js';

export function mount(main) {
  const list = h('div', { 'aria-live': 'polite' });
  main.append(h('section', { class: 'page' },
    h('div', { class: 'page-head' },
      h('h1', { tabindex: '-1' }, 'My learning'),
      h('p', { class: 'lead' }, 'Your courses and how far you are in each. Tick a lesson off when you have done it.')),
    list));
  const controller = new AbortController();

  async function load() {
    list.setAttribute('aria-busy', 'true');
    replace(list, loading('Loading your courses…'));
    try {
      const { body } = await api('/api/learners/me/enrollments', { auth: true, signal: controller.signal });
      const cards = await Promise.all(body.items.map((e) => courseCard(e, controller.signal)));
      list.removeAttribute('aria-busy');
      replace(list, cards.length ? h('ul', { class: 'learning-list' }, cards.map((c) => h('li', {}, c))) : empty());
    } catch (error) {
      if (error.name === 'AbortError') return;
      list.removeAttribute('aria-busy');
      replace(list, problemBox(error, { retry: load }));
    }
  }

  load();
  return { title: 'My learning', unmount: () => controller.abort() };
}

function empty() {
  return h('div', { class: 'empty card' },
    h('p', { class: 'alert-title' }, 'No courses yet'),
    h('p', {}, 'Pick a course in the catalog and enroll: it shows up here with your progress.'),
    h('a', { class: 'button', href: '#/' }, 'Browse the catalog'));
}

async function courseCard(enrollment, signal) {
  const id = encodeURIComponent(enrollment.courseId);
  const headingId = `course-${enrollment.courseId}`;
  const card = h('article', { class: 'card learning-card', 'aria-labelledby': headingId, dataset: { course: enrollment.courseId } },
    h('div', { class: 'card-top' }, levelBadge(enrollment.level),
      h('span', { class: 'muted small' }, `Enrolled ${new Date(enrollment.enrolledAt).toLocaleDateString()}`)),
    h('h2', { id: headingId }, h('a', { href: `#/courses/${id}` }, enrollment.title)));
  try {
    const [{ body: course }, { body: progress }] = await Promise.all([
      api(`/api/courses/${id}`, { signal }),
      api(`/api/learners/me/progress/${id}`, { auth: true, signal }),
    ]);
    const meter = progressMeter(headingId);
    const status = h('div');
    meter.show(progress);
    const done = new Set(progress.completedLessonIds);
    card.append(meter.el, h('fieldset', { class: 'checklist' },
      h('legend', {}, 'Lessons'),
      h('ul', {}, course.lessons.map((lesson) => lessonBox(course.id, lesson, done.has(lesson.id), meter, status)))),
    status);
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    card.append(problemBox(error));
  }
  return card;
}

function progressMeter(headingId) {
  const bar = h('progress', { max: '100', value: '0', 'aria-labelledby': `${headingId}-progress` });
  const label = h('span', { id: `${headingId}-progress`, class: 'progress-label', 'data-testid': 'progress-label' });
  const el = h('div', { class: 'progress' }, label, bar);
  return {
    el,
    show(progress) {
      bar.value = progress.percentage;
      label.textContent = `${progress.percentage}% complete · ${progress.completedLessons} of ${progress.lessonCount} lessons`;
      el.dataset.percentage = String(progress.percentage);
    },
  };
}

function lessonBox(courseId, lesson, completed, meter, status) {
  const inputId = `lesson-${courseId}-${lesson.id}`;
  const box = h('input', { type: 'checkbox', id: inputId, checked: completed });
  box.addEventListener('change', async () => {
    const wanted = box.checked;
    box.disabled = true;
    replace(status);
    try {
      const { body } = await api(`/api/learners/me/progress/${encodeURIComponent(courseId)}/lessons/${encodeURIComponent(lesson.id)}`,
        { method: 'PUT', auth: true, body: { completed: wanted } });
      meter.show(body);
      announce(`${lesson.title} ${wanted ? 'done' : 'not done'}. ${body.percentage}% complete.`);
    } catch (error) {
      box.checked = !wanted;
      replace(status, problemBox(error));
    } finally {
      box.disabled = false;
    }
  });
  return h('li', {}, h('label', { for: inputId, class: 'check' }, box,
    h('span', { class: 'lesson-title' }, lesson.title), h('span', { class: 'muted small' }, minutes(lesson.durationMinutes))));
}
