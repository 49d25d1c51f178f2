// Usage: sums since the server started, by route, provider and model, and over time (bars drawn
// as plain SVG: per minute for the last hour or per hour for the last day).
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
  const overTime = h('section', { id: 'series', 'aria-labelledby': 'series-title' });
  main.append(h('button', { type: 'button', text: 'Refresh', onclick: () => {
    load();
    drawSeries(overTime);
  } }), overTime, out);
  load();
  drawSeries(overTime);
}

const METRICS = [['requests', 'Requests'], ['errors', 'Errors'], ['input_tokens', 'Input tokens'],
  ['output_tokens', 'Output tokens'], ['cost', 'Cost ($)']];
const choice = { by: 'total', bucket: 'minute', metric: 'requests' };

function picker(label, key, options, redraw) {
  const select = h('select', { id: 'series-' + key, onchange: () => {
    choice[key] = select.value;
    redraw();
  } }, options.map(([v, t]) => h('option', { value: v, text: t, selected: v === choice[key] })));
  return h('div', { class: 'field' }, h('label', { for: select.id, text: label }), select);
}

/** The series of /api/usage/series as the pickers choose, one small bar chart per name. */
async function drawSeries(section) {
  const redraw = () => drawSeries(section);
  let data;
  try {
    data = await api('GET', `/api/usage/series?by=${choice.by}&bucket=${choice.bucket}`);
  } catch (e) {
    say('Cannot read the usage series: ' + e.message, 'error');
    return;
  }
  const metric = METRICS.find(([k]) => k === choice.metric);
  const span = choice.bucket === 'minute' ? 'per minute, last hour' : 'per hour, last day';
  clear(section).append(h('h2', { id: 'series-title', text: 'Over time' }),
    h('div', { class: 'toolbar' },
      picker('Group by', 'by', [['total', 'All'], ['route', 'Route'], ['provider', 'Provider'], ['model', 'Model']], redraw),
      picker('Buckets', 'bucket', [['minute', 'Per minute (last hour)'], ['hour', 'Per hour (last day)']], redraw),
      picker('Show', 'metric', METRICS, redraw)));
  const names = Object.keys(data.series || {});
  if (!names.length) {
    section.append(h('p', { text: 'No requests yet.' }));
    return;
  }
  for (const name of names) section.append(chart(name, data.series[name], metric, span, choice.bucket));
}

const SVG = 'http://www.w3.org/2000/svg';
function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, v);
  for (const c of children) el.append(c);
  return el;
}

function when(iso, bucket) {
  const d = new Date(iso);
  return bucket === 'minute' ? d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
    : d.toLocaleString([], { weekday: 'short', hour: '2-digit', minute: '2-digit' });
}

/** One name's bars, each with a title (shown on hover, read by screen readers), and the sum in the caption. */
function chart(name, points, [key, label], span, bucket) {
  const values = points.map((p) => (p[key] === undefined ? 0 : Number(p[key])));
  const max = Math.max(...values, 0);
  const sum = values.reduce((a, b) => a + b, 0);
  const shown = key === 'cost' ? '$' + sum.toFixed(4) : String(sum);
  const width = 600;
  const height = 80;
  const w = width / points.length;
  const svg = s('svg', { viewBox: `0 0 ${width} ${height + 14}`, role: 'img', class: 'series',
    'aria-label': `${label} ${span} for ${name}: ${shown} in all` });
  points.forEach((p, i) => {
    const v = values[i];
    const bh = max > 0 ? Math.max(v > 0 ? 2 : 0, (v / max) * height) : 0;
    const text = key === 'cost' && p.cost === undefined && p.requests > 0 ? 'no price' : (key === 'cost' ? '$' + v.toFixed(6) : v);
    svg.append(s('rect', { x: (i * w + 1).toFixed(1), y: (height - bh).toFixed(1), width: Math.max(1, w - 2).toFixed(1),
      height: bh.toFixed(1), class: p.errors > 0 && key !== 'errors' ? 'bar has-errors' : 'bar', 'data-value': String(v) },
    s('title', {}, `${when(p.start, bucket)}: ${text} ${label.toLowerCase()}`)));
  });
  svg.append(s('text', { x: '0', y: String(height + 12), class: 'axis' }, when(points[0].start, bucket)),
    s('text', { x: String(width), y: String(height + 12), class: 'axis', 'text-anchor': 'end' }, when(points[points.length - 1].start, bucket)));
  return h('figure', { class: 'card', 'data-name': name },
    h('figcaption', {}, h('span', { class: 'mono', text: name }), ` · ${label}: ${shown} (${span}), highest ${max}`), svg);
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
