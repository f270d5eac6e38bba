// The catalog: search, tag and level filters and paging, all kept in the address (#/?q=&tag=&level=&page=).
import { h, replace, problemBox, loading, levelBadge, announce } from '../dom.js';
import { api } from '../api.js';

const PAGE_SIZE = 9;
const LEVELS = ['beginner', 'intermediate', 'advanced'];
let knownTags = null;

export function mount(main, { query, navigate }) {
  const q = h('input', { id: 'search-q', type: 'search', name: 'q', placeholder: 'Title or summary', maxlength: '100' });
  const level = h('select', { id: 'search-level', name: 'level' },
    h('option', { value: '' }, 'Any level'), LEVELS.map((l) => h('option', { value: l }, l)));
  const tag = h('select', { id: 'search-tag', name: 'tag' }, h('option', { value: '' }, 'Any tag'));
  const results = h('div', { class: 'results', id: 'results', 'aria-live': 'polite' });
  const form = h('form', { class: 'filters card', role: 'search', 'aria-label': 'Courses', onsubmit: (e) => { e.preventDefault(); apply(1); } },
    h('div', { class: 'field grow' }, h('label', { for: 'search-q' }, 'Search'), q),
    h('div', { class: 'field' }, h('label', { for: 'search-level' }, 'Level'), level),
    h('div', { class: 'field' }, h('label', { for: 'search-tag' }, 'Tag'), tag),
    h('div', { class: 'field actions' },
      h('button', { type: 'submit', class: 'button' }, 'Search'),
      h('button', { type: 'button', class: 'button ghost', onclick: () => navigate('#/') }, 'Clear')));
  level.addEventListener('change', () => apply(1));
  tag.addEventListener('change', () => apply(1));

  main.append(h('section', { class: 'page' },
    h('div', { class: 'page-head' },
      h('h1', { tabindex: '-1' }, 'Course catalog'),
      h('p', { class: 'lead' }, 'Learn cloud-native engineering, from Kubernetes basics to elastic Vert.x services.')),
    form, results));

  let controller = null;

  function apply(page) {
    const params = new URLSearchParams();
    if (q.value.trim()) params.set('q', q.value.trim());
    if (level.value) params.set('level', level.value);
    if (tag.value) params.set('tag', tag.value);
    if (page > 1) params.set('page', String(page));
    const search = params.toString();
    navigate(search ? `#/?${search}` : '#/');
  }

  async function load(current) {
    q.value = current.get('q') ?? '';
    level.value = current.get('level') ?? '';
    ensureTagOption(tag, current.get('tag'));
    tag.value = current.get('tag') ?? '';
    const page = Math.max(1, Number.parseInt(current.get('page') ?? '1', 10) || 1);
    const params = new URLSearchParams(current);
    params.set('page', String(page));
    params.set('size', String(PAGE_SIZE));
    controller?.abort();
    controller = new AbortController();
    results.setAttribute('aria-busy', 'true');
    replace(results, loading('Loading courses…'), skeletons());
    try {
      const { body } = await api(`/api/courses?${params}`, { signal: controller.signal });
      results.removeAttribute('aria-busy');
      replace(results, summary(body), body.items.length ? grid(body.items) : empty(), pager(body));
      announce(`${body.total} course${body.total === 1 ? '' : 's'} found`);
    } catch (error) {
      if (error.name === 'AbortError') return;
      results.removeAttribute('aria-busy');
      replace(results, problemBox(error, { retry: () => load(current) }));
    }
  }

  function pager({ page, size, total }) {
    const pages = Math.max(1, Math.ceil(total / size));
    if (pages <= 1) return null;
    return h('nav', { class: 'pager', 'aria-label': 'Pages' },
      h('button', { type: 'button', class: 'button secondary', disabled: page <= 1, onclick: () => apply(page - 1) }, '← Previous'),
      h('span', { class: 'pager-status', 'aria-current': 'page' }, `Page ${page} of ${pages}`),
      h('button', { type: 'button', class: 'button secondary', disabled: page >= pages, onclick: () => apply(page + 1) }, 'Next →'));
  }

  function grid(items) {
    return h('ul', { class: 'course-grid', 'aria-label': 'Courses' }, items.map((c) => h('li', { class: 'card course-card' },
      h('div', { class: 'card-top' }, levelBadge(c.level), h('span', { class: 'muted small' }, `${c.lessonCount} lessons`)),
      h('h2', {}, h('a', { href: `#/courses/${encodeURIComponent(c.id)}` }, c.title)),
      h('p', { class: 'summary' }, c.summary),
      h('ul', { class: 'tags', 'aria-label': 'Tags' }, c.tags.map((t) => h('li', {},
        h('button', { type: 'button', class: 'tag', 'aria-label': `Filter by tag ${t}`, onclick: () => { ensureTagOption(tag, t); tag.value = t; apply(1); } }, t)))))));
  }

  loadTags(tag);
  load(query);
  return { title: 'Course catalog', update: load, unmount: () => controller?.abort() };
}

function summary({ page, size, total, items }) {
  if (!total) return null;
  const first = (page - 1) * size + 1;
  return h('p', { class: 'results-summary', 'data-testid': 'results-summary' },
    `Showing ${first}–${first + items.length - 1} of ${total} course${total === 1 ? '' : 's'}`);
}

function empty() {
  return h('div', { class: 'empty card' },
    h('p', { class: 'alert-title' }, 'No course matches'),
    h('p', {}, 'Try other words, another level or tag, or ', h('a', { href: '#/' }, 'clear the filters'), '.'));
}

function skeletons() {
  return h('ul', { class: 'course-grid', 'aria-hidden': 'true' },
    Array.from({ length: 6 }, () => h('li', { class: 'card course-card skeleton' },
      h('span', { class: 'bone short' }), h('span', { class: 'bone' }), h('span', { class: 'bone' }), h('span', { class: 'bone short' }))));
}

function ensureTagOption(select, value) {
  if (value && ![...select.options].some((o) => o.value === value)) select.append(h('option', { value }, value));
}

// The tag choices come from the first 100 courses; tags on every card filter too.
async function loadTags(select) {
  try {
    if (!knownTags) {
      const { body } = await api('/api/courses?size=100');
      knownTags = [...new Set(body.items.flatMap((c) => c.tags))].sort();
    }
    const chosen = select.value;
    knownTags.forEach((t) => ensureTagOption(select, t));
    [...select.options].slice(1).sort((a, b) => a.value.localeCompare(b.value)).forEach((o) => select.append(o));
    select.value = chosen;
  } catch {
    // The filter still works with the tags on the cards; the results area shows any outage.
  }
}
