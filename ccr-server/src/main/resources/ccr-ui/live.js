// Live requests: the usage feed as it comes; a click shows one request in full (secrets redacted).
import { h, clear, redact } from './dom.js';
import { api, events } from './api.js';

export default function live(main) {
  const rows = h('tbody', { id: 'live-rows' });
  const detail = h('section', { id: 'live-detail', 'aria-live': 'polite', 'aria-label': 'Request details' });
  const state = h('p', { id: 'live-state', text: 'Connecting…' });
  const add = (r, top) => {
    const tokens = `${r.input_tokens ?? 0} in / ${r.output_tokens ?? 0} out`;
    const row = h('tr', { 'data-request-id': r.request_id },
      h('td', {}, h('button', { type: 'button', class: 'link', text: new Date(r.time).toLocaleTimeString(),
        'aria-label': `Details of ${r.request_id}`, onclick: () => {
          clear(detail).append(h('h2', { text: r.request_id }), h('pre', { text: JSON.stringify(redact(r), null, 2) }));
        } })),
      h('td', { class: 'mono', text: r.route }), h('td', { text: r.scenario }), h('td', { text: r.reason }),
      h('td', { class: r.status >= 400 ? 'bad' : 'ok', text: String(r.status) }),
      h('td', { text: r.ttft_ms === undefined ? '–' : r.ttft_ms + ' ms' }), h('td', { text: tokens }),
      h('td', { text: r.cost === undefined ? '–' : '$' + Number(r.cost).toFixed(6) }));
    if (top) rows.prepend(row);
    else rows.append(row);
  };
  main.append(state, h('table', {},
    h('caption', { text: 'Newest first' }),
    h('thead', {}, h('tr', {}, ['Time', 'Route', 'Scenario', 'Why', 'Status', 'TTFT', 'Tokens', 'Cost']
      .map((c) => h('th', { scope: 'col', text: c })))),
    rows), detail);
  const abort = new AbortController();
  api('GET', '/api/requests?limit=50').then((recent) => {
    for (const r of (recent.data || []).slice().reverse()) add(r, true);
  }).catch(() => {});
  events('/api/requests/stream', (name, data) => {
    if (name === 'request') add(JSON.parse(data), true);
  }, abort.signal).catch((e) => {
    if (!abort.signal.aborted) state.textContent = 'The feed stopped: ' + e.message;
  });
  state.textContent = 'Listening: new requests appear at the top.';
  return () => abort.abort();
}
