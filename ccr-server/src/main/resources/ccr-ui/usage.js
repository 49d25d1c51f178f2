// Usage: sums since the server started, by route, provider and model.
import { h, clear } from './dom.js';
import { api } from './api.js';
import { say } from './app.js';

const COLUMNS = [['requests', 'Requests'], ['errors', 'Errors'], ['input_tokens', 'Input tokens'],
  ['output_tokens', 'Output tokens'], ['cache_read_tokens', 'Cache read'], ['cost', 'Cost ($)'],
  ['unpriced_requests', 'Unpriced'],
  ['latency_p50_ms', 'p50 latency (ms)'], ['ttft_p50_ms', 'p50 TTFT (ms)']];

export default function usage(main) {
  const out = h('div', { id: 'usage' });
  const load = async () => {
    try {
      const u = await api('GET', '/api/usage');
      clear(out).append(h('p', { text: `Since ${new Date(u.since).toLocaleString()}: ${u.total.requests} requests, `
        + spend(u.total) }));
      for (const [key, title] of [['by_route', 'By route'], ['by_provider', 'By provider'], ['by_model', 'By model']]) {
        out.append(h('h2', { text: title }), table(u[key] || {}, title));
      }
    } catch (e) {
      say('Cannot read usage: ' + e.message, 'error');
    }
  };
  main.append(h('button', { type: 'button', text: 'Refresh', onclick: load }), out);
  load();
}

// Requests on a route with no price have no cost: never shown as $0.
function spend(t) {
  if (t.cost === undefined) return 'no priced route.';
  const unpriced = t.unpriced_requests ? ` (${t.unpriced_requests} more without a price)` : '';
  return `$${Number(t.cost).toFixed(4)}${unpriced}.`;
}

function table(section, title) {
  const names = Object.keys(section);
  if (!names.length) return h('p', { text: 'No requests yet.' });
  return h('table', {}, h('caption', { class: 'sr-only', text: title }),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: 'Name' }), COLUMNS.map(([, c]) => h('th', { scope: 'col', text: c })))),
    h('tbody', {}, names.map((n) => h('tr', {}, h('th', { scope: 'row', class: 'mono', text: n }),
      COLUMNS.map(([k]) => h('td', { text: section[n][k] === undefined ? '–' : String(section[n][k]) }))))));
}
