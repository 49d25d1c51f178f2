// Logs: pick a file of the logs folder; its lines grouped by request id.
import { h, clear, field } from './dom.js';
import { api } from './api.js';
import { say } from './app.js';

export default function logs(main) {
  const select = h('select', { id: 'log-file' });
  const out = h('div', { id: 'log-groups' });
  const load = async () => {
    clear(out);
    if (!select.value) return;
    const lines = await api('GET', '/api/logs?file=' + encodeURIComponent(select.value));
    const groups = new Map();
    for (const line of lines) {
      const id = (line.match(/req_[A-Za-z0-9_]+/) || ['(no request id)'])[0];
      if (!groups.has(id)) groups.set(id, []);
      groups.get(id).push(line);
    }
    for (const [id, group] of groups) {
      out.append(h('details', {}, h('summary', { text: `${id} (${group.length} line${group.length === 1 ? '' : 's'})` }),
        h('pre', { text: group.join('\n') })));
    }
    if (!groups.size) out.append(h('p', { text: 'The file is empty.' }));
  };
  select.addEventListener('change', () => load().catch((e) => say('Cannot read the log: ' + e.message, 'error')));
  let clearing = false;
  const clearButton = h('button', { type: 'button', class: 'danger', text: 'Clear this file' });
  clearButton.addEventListener('click', async () => {
    if (!clearing) {
      clearing = true;
      clearButton.textContent = 'Confirm clear';
      return;
    }
    clearing = false;
    clearButton.textContent = 'Clear this file';
    await api('DELETE', '/api/logs?file=' + encodeURIComponent(select.value));
    say(`${select.value} cleared.`);
    load();
  });
  main.append(h('div', { class: 'toolbar' }, field('Log file', select)[0],
    h('button', { type: 'button', text: 'Reload', onclick: () => load() }), clearButton), out);
  api('GET', '/api/logs/files').then((files) => {
    if (!files.length) {
      main.append(h('p', { text: 'No log files: set LOG to true in Settings to write them.' }));
      return;
    }
    for (const f of files) select.append(h('option', { value: f.name, text: `${f.name} (${Math.ceil(f.size / 1024)} KB)` }));
    load();
  }).catch((e) => say('Cannot list the log files: ' + e.message, 'error'));
}
