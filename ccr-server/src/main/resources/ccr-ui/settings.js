// Settings: the top-level keys of config.json.
import { h, field } from './dom.js';
import { store, say } from './app.js';

const MASK = '<redacted>';

export default function settings(main) {
  const d = store.draft;
  const form = h('div', { class: 'card' });
  const set = (key, value) => {
    if (value === '' || value === null || value === undefined) delete d[key];
    else d[key] = value;
    store.changed();
  };
  const log = h('input', { type: 'checkbox', id: 'set-LOG', checked: !!d.LOG });
  log.addEventListener('change', () => set('LOG', log.checked || null));
  const level = h('select', { id: 'set-LOG_LEVEL' }, ['', 'fatal', 'error', 'warn', 'info', 'debug', 'trace']
    .map((l) => h('option', { value: l, text: l || '(default: info)' })));
  level.value = d.LOG_LEVEL || '';
  level.addEventListener('change', () => set('LOG_LEVEL', level.value));
  form.append(h('div', { class: 'field check' }, log, h('label', { for: log.id, text: 'LOG: write log files' })),
    field('LOG_LEVEL', level)[0]);
  for (const [key, type, hint] of [
    ['HOST', 'text', 'Without APIKEY ccr listens on loopback only.'],
    ['PORT', 'number', 'Default 3456. HOST and PORT take effect after ccr restart.'],
    ['PROXY_URL', 'text', 'An HTTP proxy for calls to providers.'],
    ['API_TIMEOUT_MS', 'number', 'Also what ccr code tells Claude Code.'],
    ['CUSTOM_ROUTER_PATH', 'text', 'A custom router (a jar in ccr).'],
  ]) {
    const input = h('input', { type, id: 'set-' + key, value: d[key] ?? '' });
    input.addEventListener('change', () => set(key, type === 'number' && input.value !== '' ? Number(input.value) : input.value));
    form.append(field(key, input, hint)[0]);
  }
  const masked = d.APIKEY === MASK;
  const key = h('input', { type: 'password', id: 'set-APIKEY', autocomplete: 'new-password', value: masked ? '' : (d.APIKEY || ''),
    placeholder: masked ? 'A key is stored: leave empty to keep it' : 'none: loopback clients only' });
  const removeKey = h('input', { type: 'checkbox', id: 'set-APIKEY-remove' });
  const updateKey = () => set('APIKEY', removeKey.checked ? null : key.value || (masked ? MASK : null));
  key.addEventListener('change', updateKey);
  removeKey.addEventListener('change', updateKey);
  form.append(field('APIKEY', key, 'Clients (and this UI) must send it. Stored keys are never shown.')[0],
    masked ? h('div', { class: 'field check' }, removeKey, h('label', { for: removeKey.id, text: 'Remove the APIKEY' })) : '');
  const status = d.StatusLine || {};
  const enabled = h('input', { type: 'checkbox', id: 'set-StatusLine-enabled', checked: !!status.enabled });
  const rest = { ...status };
  delete rest.enabled;
  const text = h('textarea', { id: 'set-StatusLine', rows: '6', spellcheck: 'false' });
  text.value = Object.keys(rest).length ? JSON.stringify(rest, null, 2) : '';
  const error = h('span', { class: 'error', 'aria-live': 'polite' });
  const updateStatus = () => {
    let more = {};
    try {
      more = text.value.trim() ? JSON.parse(text.value) : {};
      error.textContent = '';
    } catch (e) {
      error.textContent = 'StatusLine settings must be JSON; not applied.';
      say('StatusLine settings are not valid JSON.', 'error');
      return;
    }
    const next = { ...(enabled.checked ? { enabled: true } : status.enabled === false ? { enabled: false } : {}), ...more };
    set('StatusLine', Object.keys(next).length ? next : null);
  };
  enabled.addEventListener('change', updateStatus);
  text.addEventListener('change', updateStatus);
  form.append(h('fieldset', {}, h('legend', { text: 'StatusLine' }),
    h('div', { class: 'field check' }, enabled, h('label', { for: enabled.id, text: 'Show ccr\'s status line in Claude Code' })),
    field('Style and modules (JSON)', text)[0], error));
  main.append(form);
}
