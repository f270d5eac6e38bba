// Guest sign-in: a name is enough; the token lives in this tab's session.
import { h, problemBox, replace } from '../dom.js';
import { api } from '../api.js';
import { session, signIn, takeNotice } from '../session.js';
import { fieldErrors } from './forms.js';

export function mount(main, { query, navigate }) {
  const next = safeNext(query.get('next'));
  const notice = takeNotice();
  const status = h('div', { class: 'form-status' });
  const nameError = h('p', { class: 'field-error', id: 'guest-name-error' });
  const name = h('input', {
    id: 'guest-name', name: 'name', type: 'text', autocomplete: 'nickname', maxlength: '40',
    required: true, 'aria-describedby': 'guest-name-hint guest-name-error', value: session()?.name ?? '',
  });
  const submit = h('button', { type: 'submit', class: 'button' }, 'Continue as guest');
  const form = h('form', { class: 'card form', novalidate: true, onsubmit: onSubmit },
    h('div', { class: 'field' },
      h('label', { for: 'guest-name' }, 'Your name'),
      h('p', { class: 'hint', id: 'guest-name-hint' }, 'Letters, digits, spaces, dots, dashes; up to 40 characters. Other players see it in games.'),
      name, nameError),
    status,
    h('div', { class: 'actions' }, submit));

  async function onSubmit(event) {
    event.preventDefault();
    replace(status);
    replace(nameError);
    name.removeAttribute('aria-invalid');
    submit.disabled = true;
    try {
      const { body } = await api('/api/auth/guest', { method: 'POST', body: { name: name.value } });
      signIn(body, false);
      navigate(`#${next}`, { replaceEntry: true });
    } catch (error) {
      const byField = fieldErrors(error);
      if (byField.name) {
        name.setAttribute('aria-invalid', 'true');
        nameError.textContent = `Name ${byField.name}.`;
        name.focus();
      } else {
        replace(status, problemBox(error));
      }
    } finally {
      submit.disabled = false;
    }
  }

  main.append(h('section', { class: 'page narrow' },
    h('h1', { tabindex: '-1' }, 'Sign in'),
    h('p', { class: 'lead' }, 'Sign in as a guest to enroll in courses, track your progress and play.'),
    notice ? h('div', { class: 'alert alert-warn', role: 'alert' }, h('p', {}, notice)) : null,
    form,
    h('p', { class: 'muted' }, 'Teaching a course? Use the ', h('a', { href: '#/instructor' }, 'instructor page'), '.')));
  return { title: 'Sign in' };
}

// Only paths of this app: never an absolute URL from the address bar.
function safeNext(value) {
  return value && /^\/[A-Za-z0-9/_.-]*$/.test(value) && value !== '/signin' ? value : '/';
}
