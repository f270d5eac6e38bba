// The single-page app: hash routes (#/, #/courses/{id}, #/learning, #/play, #/instructor, #/signin).
import { h, replace, announce } from './dom.js';
import { session, signOut, onSessionChange } from './session.js';
import * as catalog from './views/catalog.js';
import * as course from './views/course.js';
import * as learning from './views/learning.js';
import * as play from './views/play.js';
import * as instructor from './views/instructor.js';
import * as signin from './views/signin.js';

const routes = [
  { pattern: /^\/?$/, view: catalog, nav: 'catalog' },
  { pattern: /^\/courses\/([^/]+)$/, view: course, nav: 'catalog' },
  { pattern: /^\/learning$/, view: learning, nav: 'learning', needsSession: true },
  { pattern: /^\/play$/, view: play, nav: 'play', needsSession: true },
  { pattern: /^\/instructor$/, view: instructor, nav: 'instructor' },
  { pattern: /^\/signin$/, view: signin, nav: null },
];

let current = null;

/** Goes to {@code hash} (e.g. '#/learning'); replaces the history entry when asked. */
export function navigate(hash, { replaceEntry = false } = {}) {
  if (replaceEntry) {
    history.replaceState(null, '', hash);
    render();
  } else {
    location.hash = hash;
  }
}

function parse() {
  const raw = location.hash.replace(/^#/, '') || '/';
  const at = raw.indexOf('?');
  const path = at < 0 ? raw : raw.slice(0, at);
  return { path: path || '/', query: new URLSearchParams(at < 0 ? '' : raw.slice(at + 1)) };
}

function render() {
  const { path, query } = parse();
  const main = document.getElementById('main');
  const route = routes.find((r) => r.pattern.test(path));
  if (route && route.needsSession && !session()) {
    navigate(`#/signin?next=${encodeURIComponent(path)}`, { replaceEntry: true });
    return;
  }
  const params = route ? path.match(route.pattern).slice(1).map(decodeURIComponent) : [];
  highlightNav(route?.nav);
  if (current && route && current.route === route && current.instance.update && current.key === params.join('/')) {
    current.instance.update(query);
    return;
  }
  current?.instance.unmount?.();
  replace(main);
  if (!route) {
    current = null;
    document.title = 'Page not found · vertx-elastic';
    main.append(h('section', { class: 'page narrow' },
      h('h1', { tabindex: '-1' }, 'Page not found'),
      h('p', {}, 'There is nothing at this address.'),
      h('p', {}, h('a', { class: 'button', href: '#/' }, 'Browse the catalog'))));
    focusHeading(main);
    return;
  }
  const instance = route.view.mount(main, { params, query, navigate }) || {};
  current = { route, instance, key: params.join('/') };
  document.title = `${instance.title || 'vertx-elastic'} · vertx-elastic`;
  announce(instance.title || 'Page loaded');
  focusHeading(main);
}

function focusHeading(main) {
  const heading = main.querySelector('h1');
  // Only move focus on real navigation, not on the first load (keeps the skip link first in tab order).
  if (heading && document.activeElement !== document.body) heading.focus({ preventScroll: false });
}

function highlightNav(active) {
  document.querySelectorAll('[data-nav]').forEach((link) => {
    if (link.dataset.nav === active) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  });
}

function renderAccount() {
  const box = document.getElementById('account');
  const user = session();
  if (!user) {
    const { path } = parse();
    const next = path === '/signin' ? '' : `?next=${encodeURIComponent(path)}`;
    replace(box, h('a', { class: 'button small', href: `#/signin${next}` }, 'Sign in'));
    return;
  }
  replace(box,
    h('span', { class: 'user', title: user.instructor ? 'Instructor' : 'Guest learner' },
      h('span', { class: 'avatar', 'aria-hidden': 'true' }, user.name.slice(0, 1).toUpperCase()),
      h('span', { class: 'user-name', 'data-testid': 'user-name' }, user.name),
      user.instructor ? h('span', { class: 'badge role' }, 'instructor') : null),
    h('button', { type: 'button', class: 'button small ghost', onclick: () => signOut() }, 'Sign out'));
}

onSessionChange(() => {
  renderAccount();
  const { path } = parse();
  const route = routes.find((r) => r.pattern.test(path));
  if (!session() && route?.needsSession) render();
});

// The skip link must not change the hash: that is the router's.
document.querySelector('.skip-link').addEventListener('click', (event) => {
  event.preventDefault();
  document.getElementById('main').focus();
});

window.addEventListener('hashchange', () => {
  renderAccount();
  render();
});
renderAccount();
render();
