// The ccr web UI: a draft of the config edited by the pages, reviewed and saved through /api/config.
import { h, clear, clone, field } from './dom.js';
import { api, ApiError, apiKey, setApiKey } from './api.js';
import providers from './providers.js';
import router from './router.js';
import settings from './settings.js';
import editor from './editor.js';
import logs from './logs.js';
import live from './live.js';
import usage from './usage.js';

/** The config as saved (secrets masked) and the draft the pages change; pages call store.changed(). */
export const store = {
  saved: null,
  draft: null,
  editorText: null,
  transformers: [],
  dirty() {
    return JSON.stringify(this.saved) !== JSON.stringify(this.draft);
  },
  changed() {
    renderSaveBar();
  },
};

const pages = {
  providers: { title: 'Providers', render: providers },
  router: { title: 'Router', render: router },
  settings: { title: 'Settings', render: settings },
  editor: { title: 'JSON editor', render: editor },
  logs: { title: 'Logs', render: logs },
  live: { title: 'Live requests', render: live },
  usage: { title: 'Usage', render: usage },
};

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const statusEl = document.getElementById('status');
let cleanup = null;

export function say(text, kind = 'info') {
  statusEl.textContent = text;
  statusEl.className = 'status ' + kind;
}

export async function loadConfig() {
  store.saved = await api('GET', '/api/config');
  store.draft = clone(store.saved);
  store.editorText = null;
  store.changed();
}

function login(message) {
  nav.hidden = true;
  clear(main);
  const [keyField, input] = field('APIKEY', h('input', { type: 'password', autocomplete: 'current-password', required: true }),
    'The APIKEY of your config. It is kept in this tab only (session storage).');
  const form = h('form', { class: 'card login', 'aria-labelledby': 'login-title' },
    h('h1', { id: 'login-title', text: 'Log in to ccr' }),
    message ? h('p', { class: 'error', role: 'alert', text: message }) : null,
    keyField,
    h('button', { type: 'submit', class: 'primary', text: 'Log in' }));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    setApiKey(input.value);
    start();
  });
  main.append(form);
  input.focus();
}

async function start() {
  try {
    await loadConfig();
    store.transformers = ((await api('GET', '/api/transformers')) || {}).transformers || [];
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      login(apiKey() ? 'That key was not accepted.' : null);
      setApiKey(null);
      return;
    }
    clear(main).append(h('p', { class: 'error', role: 'alert', text: 'Cannot read the config: ' + e.message }));
    return;
  }
  renderNav();
  show();
}

function renderNav() {
  clear(nav);
  const list = h('ul');
  for (const [id, p] of Object.entries(pages)) {
    list.append(h('li', {}, h('a', { href: '#/' + id, id: 'nav-' + id, text: p.title })));
  }
  if (apiKey()) {
    list.append(h('li', {}, h('button', { type: 'button', class: 'quiet', text: 'Log out', onclick: () => {
      setApiKey(null);
      location.hash = '';
      location.reload();
    } })));
  }
  nav.append(list);
  nav.hidden = false;
}

function show() {
  if (!store.saved) return;
  const id = (location.hash.match(/^#\/(\w+)/) || [])[1] || 'providers';
  const page = pages[id] || pages.providers;
  if (cleanup) cleanup();
  cleanup = null;
  for (const a of nav.querySelectorAll('a')) {
    if (a.getAttribute('href') === '#/' + id) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  document.title = page.title + ' · ccr';
  clear(main);
  main.append(h('h1', { text: page.title }));
  const result = page.render(main);
  if (typeof result === 'function') cleanup = result;
}

function renderSaveBar() {
  const bar = document.getElementById('savebar');
  clear(bar);
  if (!store.dirty()) {
    bar.hidden = true;
    return;
  }
  bar.hidden = false;
  bar.append(h('span', { text: 'Unsaved changes.' }),
    h('button', { type: 'button', class: 'primary', id: 'review-save', text: 'Review and save',
      onclick: () => review(JSON.stringify(store.draft, null, 2)) }),
    h('button', { type: 'button', id: 'discard', text: 'Discard changes', onclick: () => {
      store.draft = clone(store.saved);
      store.changed();
      show();
      say('Changes discarded.');
    } }));
}

/** Checks a whole config (dry run), shows what changes and the verdict, and saves on confirmation. */
export async function review(text) {
  const dialog = document.getElementById('review');
  clear(dialog);
  let verdict;
  try {
    verdict = await api('POST', '/api/config?dryRun=true', text);
  } catch (e) {
    if (e instanceof ApiError && e.status === 412) return conflict(text);
    if (!(e instanceof ApiError) || e.status !== 400) {
      say('Cannot check the config: ' + e.message, 'error');
      return { problems: [e.message] };
    }
    verdict = e.body;
  }
  const problems = verdict.problems || [];
  const changes = verdict.changes || [];
  dialog.append(h('h2', { id: 'review-title', text: problems.length ? 'The config has problems' : 'Save these changes?' }),
    h('h3', { text: 'What changes' }),
    changes.length ? h('ul', { class: 'changes', id: 'review-changes' }, changes.map((c) => h('li', { text: c })))
      : h('p', { text: 'Nothing changes.' }),
    h('h3', { text: 'Validator' }),
    problems.length ? h('ul', { class: 'problems', id: 'review-problems' }, problems.map((p) => h('li', { text: p })))
      : h('p', { class: 'ok', id: 'review-valid', text: 'Valid: the same checks as ccr validate pass.' }),
    h('ul', { class: 'warnings' }, (verdict.warnings || []).map((w) => h('li', { text: 'warning: ' + w }))));
  const buttons = h('div', { class: 'buttons' });
  const done = new Promise((resolve) => {
    if (!problems.length) {
      buttons.append(h('button', { type: 'button', class: 'primary', id: 'confirm-save', text: 'Save', onclick: async () => {
        try {
          const saved = await api('POST', '/api/config', text);
          dialog.close();
          await loadConfig();
          say(`Saved (${changes.length} change${changes.length === 1 ? '' : 's'}). `
            + (saved.backup ? `Backup ${saved.backup}. ` : '')
            + (saved.reloaded ? 'The server is using it now.' : 'The server kept its running config: see its log.'), 'ok');
          show();
          resolve({ saved: true, problems: [] });
        } catch (e) {
          dialog.close();
          if (e instanceof ApiError && e.status === 412) {
            resolve(await conflict(text));
            return;
          } else {
            say('Not saved: ' + (e.body && e.body.problems ? e.body.problems.join('; ') : e.message), 'error');
          }
          resolve({ problems: (e.body && e.body.problems) || [e.message] });
        }
      } }));
    }
    buttons.append(h('button', { type: 'button', text: problems.length ? 'Close' : 'Cancel', onclick: () => {
      dialog.close();
      resolve({ problems });
    } }));
  });
  dialog.append(buttons);
  dialog.showModal();
  return done;
}

/**
 * A save refused because the file changed since it was loaded (412): says so in the dialog, keeps the
 * draft, and offers the draft's text to copy or the saved config to load instead (dropping the draft).
 */
function conflict(text) {
  const dialog = document.getElementById('review');
  if (dialog.open) dialog.close();
  clear(dialog);
  say('Not saved: the config changed since you loaded it.', 'error');
  const draft = h('textarea', { id: 'conflict-draft', rows: 8, readonly: true, 'aria-label': 'Your draft, to copy' });
  draft.value = text;
  return new Promise((resolve) => {
    dialog.append(h('h2', { id: 'review-title', text: 'Not saved: the config changed since you loaded it' }),
      h('p', { id: 'conflict', role: 'alert', class: 'error', text: 'Someone saved the config (or edited the file) after you'
        + ' loaded it. Nothing was written. Your draft is below and still in this page: copy what you need, then load'
        + ' the saved config and apply your change to it again.' }),
      draft,
      h('div', { class: 'buttons' },
        h('button', { type: 'button', class: 'primary', id: 'conflict-load', text: 'Load the saved config (drops my draft)',
          onclick: async () => {
            dialog.close();
            await loadConfig();
            show();
            say('Loaded the saved config; your draft was dropped.');
            resolve({ problems: [], conflict: true });
          } }),
        h('button', { type: 'button', id: 'conflict-keep', text: 'Keep my draft', onclick: () => {
          dialog.close();
          resolve({ problems: [], conflict: true });
        } })));
    dialog.showModal();
  });
}

window.addEventListener('hashchange', show);
window.addEventListener('beforeunload', (e) => {
  if (store.dirty() || (store.editorText !== null && store.editorText !== JSON.stringify(store.saved, null, 2))) {
    e.preventDefault();
    e.returnValue = '';
  }
});

const theme = document.getElementById('theme');
function applyTheme(dark) {
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
  theme.setAttribute('aria-pressed', String(dark));
}
applyTheme(localStorage.getItem('ccr.theme') ? localStorage.getItem('ccr.theme') === 'dark'
  : matchMedia('(prefers-color-scheme: dark)').matches);
theme.addEventListener('click', () => {
  const dark = document.documentElement.dataset.theme !== 'dark';
  localStorage.setItem('ccr.theme', dark ? 'dark' : 'light');
  applyTheme(dark);
});

start();
