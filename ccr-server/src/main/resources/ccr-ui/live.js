// Live requests: the usage feed as it comes; a click shows one request in full: its usage record and
// each upstream call as sent and answered (the server takes secrets out; redact() is a second guard).
import { h, clear, redact } from './dom.js';
import { api, ApiError, events } from './api.js';

/** Headers as "Name: value" lines, then the body (pretty when it is whole JSON). */
function message(title, first, headers, body, bytes, id) {
  let text = body || '';
  try {
    text = JSON.stringify(JSON.parse(text), null, 2);
  } catch (e) {
    // not JSON, or cut at the cap: shown as it is
  }
  const lines = Object.entries(redact(headers || {})).map(([k, v]) => `${k}: ${v}`).join('\n');
  return h('section', { class: 'card', 'aria-label': title },
    h('h3', { text: title }), h('p', { class: 'mono', text: first }),
    h('details', {}, h('summary', { text: `Headers (${Object.keys(headers || {}).length})` }), h('pre', { text: lines })),
    h('p', { class: 'hint', text: `Body: ${bytes ?? 0} bytes` }), h('pre', { id, class: 'body', text }));
}

async function showDetail(detail, r) {
  clear(detail).append(h('h2', { text: r.request_id }), h('p', { text: 'Loading the upstream calls…' }));
  let upstream = [];
  let note = null;
  try {
    upstream = (await api('GET', '/api/requests/' + encodeURIComponent(r.request_id))).upstream || [];
  } catch (e) {
    note = e instanceof ApiError && e.status === 404 ? 'The upstream calls are not kept: ' + e.message : 'Cannot load them: ' + e.message;
  }
  clear(detail).append(h('h2', { text: r.request_id }),
    h('details', {}, h('summary', { text: 'Usage record' }), h('pre', { id: 'live-record', text: JSON.stringify(redact(r), null, 2) })));
  if (note) detail.append(h('p', { class: 'hint', id: 'live-upstream-note', text: note }));
  upstream.forEach((c, i) => {
    detail.append(h('h3', { text: `Upstream call ${i + 1} of ${upstream.length}: ${c.provider},${c.model}` }),
      message('Request to the provider', `${c.request.method} ${c.request.url}`, c.request.headers, c.request.body,
        c.request.bytes, `upstream-request-${i}`),
      c.response ? message('Provider response', `HTTP ${c.response.status}`, c.response.headers, c.response.body,
        c.response.bytes, `upstream-response-${i}`)
        : h('p', { class: 'bad', text: c.error || 'No response yet.' }));
  });
}

export default function live(main) {
  const rows = h('tbody', { id: 'live-rows' });
  const detail = h('section', { id: 'live-detail', 'aria-live': 'polite', 'aria-label': 'Request details' });
  const state = h('p', { id: 'live-state', text: 'Connecting…' });
  const add = (r, top) => {
    const tokens = `${r.input_tokens ?? 0} in / ${r.output_tokens ?? 0} out`;
    const row = h('tr', { 'data-request-id': r.request_id },
      h('td', {}, h('button', { type: 'button', class: 'link', text: new Date(r.time).toLocaleTimeString(),
        'aria-label': `Details of ${r.request_id}`, onclick: () => showDetail(detail, r) })),
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
