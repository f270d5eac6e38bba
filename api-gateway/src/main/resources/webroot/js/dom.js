// Small DOM helpers: element creation, status announcements and problem rendering.

/** Creates an element: h('a', {href: '#/', class: 'x', onclick: fn}, 'text', child). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'text') el.textContent = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces the children of {@code el}. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** Says {@code message} to screen readers through the page's polite live region. */
export function announce(message) {
  const region = document.getElementById('announcer');
  region.textContent = '';
  // A fresh text node after a tick makes repeated messages heard again.
  setTimeout(() => { region.textContent = message; }, 50);
}

/** An alert box for a failed call: the problem's title and detail, a retry button when given. */
export function problemBox(error, { retry, heading } = {}) {
  const unavailable = error.status === 503;
  const title = heading ?? (unavailable ? 'Service temporarily unavailable' : error.title);
  return h('div', { class: `alert ${unavailable ? 'alert-warn' : 'alert-error'}`, role: 'alert', dataset: { status: error.status } },
    h('p', { class: 'alert-title' }, title),
    h('p', {}, error.detail),
    unavailable && error.retryAfter ? h('p', { class: 'muted' }, `Try again in ${error.retryAfter} s.`) : null,
    retry ? h('button', { type: 'button', class: 'button secondary', onclick: retry }, 'Try again') : null);
}

/** A loading placeholder that assistive technology announces. */
export function loading(label) {
  return h('div', { class: 'loading', role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), label);
}

export function levelBadge(level) {
  return h('span', { class: `badge level-${level}` }, level);
}

export function minutes(total) {
  if (total < 60) return `${total} min`;
  const hours = Math.floor(total / 60);
  const rest = total % 60;
  return rest ? `${hours} h ${rest} min` : `${hours} h`;
}
