// Router: a target per scenario from the configured provider,model pairs; thresholds, fallbacks, retries and timeouts.
import { h, clear, field } from './dom.js';
import { store } from './app.js';

const SCENARIOS = [
  ['default', 'Default', 'Every request no other scenario takes.'],
  ['background', 'Background', 'Claude Code\'s small background requests (haiku models).'],
  ['think', 'Think', 'Requests with extended thinking (plan mode).'],
  ['longContext', 'Long context', 'Requests over the long-context threshold.'],
  ['webSearch', 'Web search', 'Requests using the web search tool.'],
  ['image', 'Image', 'Requests carrying images.'],
];
const NUMBERS = [
  ['RETRY', 'attempts', 'Retry: attempts'], ['RETRY', 'initial_backoff_ms', 'Retry: first backoff (ms)'],
  ['RETRY', 'max_backoff_ms', 'Retry: longest backoff (ms)'], ['RETRY', 'max_retry_after_ms', 'Retry: longest retry-after honoured (ms)'],
  ['TIMEOUTS', 'connect_ms', 'Timeout: connect (ms)'], ['TIMEOUTS', 'first_byte_ms', 'Timeout: first byte (ms)'],
  ['TIMEOUTS', 'idle_ms', 'Timeout: idle stream (ms)'], ['TIMEOUTS', 'request_body_ms', 'Timeout: client request body (ms)'],
  ['CIRCUIT_BREAKER', 'failures', 'Circuit breaker: failures to open'], ['CIRCUIT_BREAKER', 'open_ms', 'Circuit breaker: open for (ms)'],
];

export function pairs() {
  const out = [];
  for (const p of store.draft.Providers || []) for (const m of p.models || []) out.push(`${p.name},${m}`);
  return out;
}

function table() {
  const key = store.draft.Router || !store.draft.router ? 'Router' : 'router';
  if (!store.draft[key]) store.draft[key] = {};
  return store.draft[key];
}

export default function router(main) {
  const r = table();
  const all = pairs();
  const routes = h('fieldset', {}, h('legend', { text: 'Scenarios' }));
  for (const [id, label, hint] of SCENARIOS) {
    const select = h('select', { id: 'route-' + id },
      h('option', { value: '', text: id === 'default' ? '(choose one)' : '(use default)' }),
      all.map((p) => h('option', { value: p, text: p })));
    if (r[id] && !all.includes(r[id])) select.append(h('option', { value: r[id], text: r[id] + ' (not configured)' }));
    select.value = r[id] || '';
    select.addEventListener('change', () => {
      if (select.value) r[id] = select.value;
      else delete r[id];
      store.changed();
    });
    routes.append(field(label, select, hint)[0]);
  }
  const threshold = h('input', { type: 'number', min: '1', id: 'long-context-threshold', value: r.longContextThreshold ?? '' });
  threshold.addEventListener('change', () => {
    if (threshold.value) r.longContextThreshold = Number(threshold.value);
    else delete r.longContextThreshold;
    store.changed();
  });
  routes.append(field('Long-context threshold (tokens)', threshold, 'Default 60000.')[0]);
  main.append(routes, fallbacks(all), numbers());
}

function fallbacks(all) {
  const box = h('fieldset', { id: 'fallbacks' }, h('legend', { text: 'Fallbacks (tried in order when a target fails)' }));
  const draw = () => {
    clear(box).append(h('legend', { text: 'Fallbacks (tried in order when a target fails)' }));
    const fb = store.draft.fallback || {};
    for (const [id, label] of SCENARIOS) {
      const list = fb[id] || [];
      const add = h('select', { id: 'fallback-' + id }, h('option', { value: '', text: '(add a fallback)' }),
        all.map((p) => h('option', { value: p, text: p })));
      add.addEventListener('change', () => {
        if (!add.value) return;
        store.draft.fallback = store.draft.fallback || {};
        store.draft.fallback[id] = [...list, add.value];
        store.changed();
        draw();
      });
      box.append(h('div', { class: 'row' }, h('span', { class: 'label', text: label + ':' }),
        h('ul', { class: 'tags', 'aria-label': `Fallbacks for ${label}` }, list.map((t, i) => h('li', { class: 'tag' }, t,
          h('button', { type: 'button', class: 'quiet', 'aria-label': `Remove fallback ${t} from ${label}`, text: '×', onclick: () => {
            list.splice(i, 1);
            if (!list.length) delete store.draft.fallback[id];
            if (!Object.keys(store.draft.fallback).length) delete store.draft.fallback;
            store.changed();
            draw();
          } })))),
        field(`Add a fallback for ${label}`, add)[0]));
    }
  };
  draw();
  return box;
}

function numbers() {
  const box = h('fieldset', {}, h('legend', { text: 'Retries and timeouts' }));
  for (const [section, key, label] of NUMBERS) {
    const input = h('input', { type: 'number', min: '0', id: `${section}-${key}`, value: (store.draft[section] || {})[key] ?? '' });
    input.addEventListener('change', () => {
      const s = store.draft[section] || {};
      if (input.value === '') delete s[key];
      else s[key] = Number(input.value);
      if (Object.keys(s).length) store.draft[section] = s;
      else delete store.draft[section];
      store.changed();
    });
    box.append(field(label, input, 'Empty: ccr\'s default.')[0]);
  }
  return box;
}
