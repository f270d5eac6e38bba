// The instructor page: sign in with the instructor password, then create a course.
import { h, replace, problemBox, announce } from '../dom.js';
import { api } from '../api.js';
import { session, signIn } from '../session.js';
import { fieldErrors, fieldLabel } from './forms.js';

const LEVELS = ['beginner', 'intermediate', 'advanced'];

export function mount(main) {
  const page = h('section', { class: 'page narrow' });
  main.append(page);
  render();

  function render() {
    const user = session();
    replace(page, h('div', { class: 'page-head' },
      h('h1', { tabindex: '-1' }, user?.instructor ? 'Create a course' : 'Instructor sign-in'),
      h('p', { class: 'lead' }, user?.instructor
        ? `Signed in as instructor ${user.name}. A new course appears in the catalog at once.`
        : 'Instructors sign in with the instructor password to write courses.')),
    user?.instructor ? courseForm() : signInForm(render));
  }
  return { title: 'Instructor' };
}

function field(id, label, control, hint, spoken = label) {
  const error = h('p', { class: 'field-error', id: `${id}-error` });
  control.id = id;
  control.setAttribute('aria-describedby', [hint ? `${id}-hint` : null, `${id}-error`].filter(Boolean).join(' '));
  const set = (message) => {
    error.textContent = message ? `${spoken} ${message}.` : '';
    if (message) control.setAttribute('aria-invalid', 'true');
    else control.removeAttribute('aria-invalid');
  };
  // An edited field is no longer known to be wrong.
  control.addEventListener('input', () => set(null));
  return {
    el: h('div', { class: 'field' }, h('label', { for: id }, label), hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null, control, error),
    control,
    set,
  };
}

function signInForm(done) {
  const name = field('instructor-name', 'Name', h('input', { type: 'text', autocomplete: 'username', maxlength: '40', value: session()?.name ?? '' }));
  const password = field('instructor-password', 'Instructor password', h('input', { type: 'password', autocomplete: 'current-password' }));
  const status = h('div', { class: 'form-status' });
  const submit = h('button', { type: 'submit', class: 'button' }, 'Sign in as instructor');
  return h('form', {
    class: 'card form', novalidate: true, async onsubmit(event) {
      event.preventDefault();
      [name, password].forEach((f) => f.set(null));
      replace(status);
      submit.disabled = true;
      try {
        const { body } = await api('/api/auth/instructor', { method: 'POST', body: { name: name.control.value, password: password.control.value } });
        signIn(body, true);
        done();
        document.querySelector('main h1')?.focus();
      } catch (error) {
        const byField = fieldErrors(error);
        name.set(byField.name);
        password.set(byField.password);
        if (!error.errors.length) replace(status, problemBox(error));
      } finally {
        submit.disabled = false;
      }
    },
  }, name.el, password.el, status, h('div', { class: 'actions' }, submit));
}

function courseForm() {
  const title = field('course-title', 'Title', h('input', { type: 'text', maxlength: '120' }), '3 to 120 characters.');
  const summary = field('course-summary', 'Summary', h('textarea', { rows: '4', maxlength: '2000' }), 'What learners will get out of it; up to 2,000 characters.');
  const level = field('course-level', 'Level', h('select', {}, h('option', { value: '' }, 'Choose a level'), LEVELS.map((l) => h('option', { value: l }, l))));
  const tags = field('course-tags', 'Tags', h('input', { type: 'text', placeholder: 'java, kubernetes' }), 'Up to 10, separated by commas: lower-case letters, digits and dashes.');
  const lessonList = h('ol', { class: 'lesson-rows' });
  const lessonsError = h('p', { class: 'field-error', id: 'course-lessons-error' });
  const rows = [];
  const summaryBox = h('div', { class: 'form-status' });
  const submit = h('button', { type: 'submit', class: 'button' }, 'Create course');

  function addLesson(focus) {
    const n = rows.length;
    const row = {
      title: field(`lesson-${n}-title`, `Lesson ${n + 1} title`, h('input', { type: 'text', maxlength: '160' }), null, 'Title'),
      minutes: field(`lesson-${n}-minutes`, 'Minutes', h('input', { type: 'number', min: '1', step: '1', inputmode: 'numeric' }), null, 'Duration'),
    };
    row.el = h('li', { class: 'lesson-row' }, row.title.el, row.minutes.el);
    rows.push(row);
    lessonList.append(row.el);
    if (focus) row.title.control.focus();
  }
  function removeLesson() {
    if (rows.length > 1) rows.pop().el.remove();
  }
  addLesson(false);

  const form = h('form', { class: 'card form', novalidate: true, onsubmit: submitCourse },
    summaryBox, title.el, summary.el, level.el, tags.el,
    h('fieldset', { class: 'lessons-fieldset', 'aria-describedby': 'course-lessons-error' },
      h('legend', {}, 'Lessons'), lessonList, lessonsError,
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'button secondary', onclick: () => addLesson(true) }, '+ Add a lesson'),
        h('button', { type: 'button', class: 'button ghost', onclick: removeLesson }, 'Remove the last lesson'))),
    h('div', { class: 'actions' }, submit));

  async function submitCourse(event) {
    event.preventDefault();
    const all = [title, summary, level, tags, ...rows.flatMap((r) => [r.title, r.minutes])];
    all.forEach((f) => f.set(null));
    lessonsError.textContent = '';
    replace(summaryBox);
    const draft = {
      title: title.control.value,
      summary: summary.control.value,
      level: level.control.value || null,
      tags: tags.control.value.split(',').map((t) => t.trim()).filter(Boolean),
      lessons: rows.map((r) => ({ title: r.title.control.value, durationMinutes: r.minutes.control.value === '' ? null : Number(r.minutes.control.value) })),
    };
    submit.disabled = true;
    try {
      const { headers } = await api('/api/courses', { method: 'POST', auth: true, body: draft });
      const id = (headers.get('Location') || '').split('/').pop();
      replace(form, h('div', { class: 'alert alert-ok', role: 'status' },
        h('p', { class: 'alert-title' }, 'Course created'),
        h('p', {}, `"${draft.title.trim()}" is in the catalog now.`),
        h('p', { class: 'actions' },
          id ? h('a', { class: 'button', href: `#/courses/${encodeURIComponent(id)}` }, 'Open the course') : null,
          h('button', { type: 'button', class: 'button secondary', onclick: () => { const next = courseForm(); form.replaceWith(next); next.querySelector('input')?.focus(); } }, 'Create another'))));
      announce('Course created');
    } catch (error) {
      showErrors(error);
    } finally {
      submit.disabled = false;
    }
  }

  function showErrors(error) {
    if (!error.errors.length) {
      replace(summaryBox, problemBox(error));
      return;
    }
    const fields = { title, summary, level, tags };
    for (const { field: name, message } of error.errors) {
      const lesson = /^lessons\[(\d+)\]\.(title|durationMinutes)$/.exec(name);
      const target = lesson ? rows[Number(lesson[1])]?.[lesson[2] === 'title' ? 'title' : 'minutes'] : fields[name.replace(/\[\d+\]$/, '')];
      if (target) target.set(message);
      else if (name.startsWith('lessons')) lessonsError.textContent = `${fieldLabel(name)} ${message}.`;
    }
    const list = h('ul', {}, error.errors.map(({ field: name, message }) => h('li', {}, `${fieldLabel(name)} ${message}.`)));
    const box = h('div', { class: 'alert alert-error', role: 'alert', tabindex: '-1', 'data-testid': 'form-errors' },
      h('p', { class: 'alert-title' }, `Please fix ${error.errors.length} field${error.errors.length === 1 ? '' : 's'}`), list);
    replace(summaryBox, box);
    box.focus();
  }

  return form;
}
