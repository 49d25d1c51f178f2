// Providers: list, search, add, edit, delete; models as tags; transformer chains; test and fetch models.
import { h, clear, field, clone } from './dom.js';
import { api } from './api.js';
import { store, say } from './app.js';

const MASK = '<redacted>';

function list() {
  if (!Array.isArray(store.draft.Providers)) store.draft.Providers = [];
  return store.draft.Providers;
}

export default function providers(main) {
  const body = h('div');
  main.append(body);
  renderList(body, '');
}

function renderList(body, query) {
  clear(body);
  const [searchField, search] = field('Search providers', h('input', { type: 'search', id: 'provider-search', value: query }));
  const items = h('ul', { class: 'cards', id: 'provider-list' });
  const fill = () => {
    clear(items);
    const q = search.value.trim().toLowerCase();
    list().forEach((p, index) => {
      const text = [p.name, p.api_base_url, ...(p.models || [])].join(' ').toLowerCase();
      if (!q || text.includes(q)) items.append(card(body, p, index));
    });
    if (!items.firstChild) items.append(h('li', { text: q ? 'No provider matches.' : 'No providers yet.' }));
  };
  search.addEventListener('input', fill);
  body.append(h('div', { class: 'toolbar' }, searchField,
    h('button', { type: 'button', class: 'primary', id: 'add-provider', text: 'Add provider', onclick: () => edit(body, null) })),
  items);
  fill();
}

function card(body, p, index) {
  const out = h('output', { class: 'result', 'aria-live': 'polite' });
  const saved = (store.saved.Providers || []).some((s) => s.name === p.name);
  const chain = summary(p.transformer);
  let deleting = false;
  const del = h('button', { type: 'button', class: 'danger', text: 'Delete', 'aria-label': `Delete ${p.name}` });
  del.addEventListener('click', () => {
    if (!deleting) {
      deleting = true;
      del.textContent = 'Confirm delete';
      return;
    }
    list().splice(index, 1);
    store.changed();
    renderList(body, '');
    say(`Provider ${p.name} removed from the draft; save to apply.`);
  });
  return h('li', { class: 'card', 'data-provider': p.name },
    h('h2', { text: p.name || '(unnamed)' }),
    h('p', { class: 'mono', text: p.api_base_url || '(no api_base_url)' }),
    h('ul', { class: 'tags', 'aria-label': 'Models' }, (p.models || []).map((m) => h('li', { class: 'tag', text: m }))),
    chain ? h('p', { text: 'Transformers: ' + chain }) : null,
    h('div', { class: 'buttons' },
      h('button', { type: 'button', text: 'Edit', 'aria-label': `Edit ${p.name}`, onclick: () => edit(body, index) }),
      h('button', { type: 'button', text: 'Test', 'aria-label': `Test ${p.name}`, onclick: () => test(p, out, saved) }),
      del),
    out);
}

function summary(t) {
  if (!t) return '';
  const parts = [];
  for (const [k, v] of Object.entries(t)) {
    const names = (k === 'use' ? v : (v && v.use) || []).map((u) => (Array.isArray(u) ? u[0] : u));
    if (names.length) parts.push((k === 'use' ? '' : k + ': ') + names.join(' → '));
  }
  return parts.join('; ');
}

async function test(p, out, saved) {
  if (!saved) {
    out.textContent = 'Save first: the test uses the running config.';
    return;
  }
  out.textContent = 'Testing…';
  try {
    const r = await api('POST', '/api/providers/test', { provider: p.name, model: (p.models || [])[0] });
    out.textContent = r.ok ? `OK: ${r.model} answered in ${r.latencyMs} ms` : `Failed (${r.status}) after ${r.latencyMs} ms: ${r.error}`;
  } catch (e) {
    out.textContent = 'Test failed: ' + e.message;
  }
}

function edit(body, index) {
  clear(body);
  const original = index === null ? {} : list()[index];
  const p = clone(original);
  const keyMasked = p.api_key === MASK;
  const name = h('input', { type: 'text', id: 'provider-name', required: true, value: p.name || '' });
  const url = h('input', { type: 'url', id: 'provider-url', required: true, value: p.api_base_url || '',
    placeholder: 'https://api.example.com/v1/chat/completions' });
  const key = h('input', { type: 'password', id: 'provider-key', autocomplete: 'off',
    value: keyMasked ? '' : (p.api_key || ''),
    placeholder: keyMasked ? 'A key is stored: leave empty to keep it' : 'sk-… or $ENV_VAR' });
  const models = p.models ? [...p.models] : [];
  const transformer = p.transformer ? clone(p.transformer) : {};
  const form = h('form', { class: 'card', id: 'provider-form', 'aria-labelledby': 'provider-form-title' });
  const tagList = h('ul', { class: 'tags', id: 'model-tags', 'aria-label': 'Models' });
  const chains = h('div', { id: 'chains' });
  const modelInput = h('input', { type: 'text', id: 'model-input' });
  const fetched = h('div', { class: 'fetched', 'aria-live': 'polite' });
  const addModel = (m) => {
    m = m.trim();
    if (m && !models.includes(m)) models.push(m);
    drawTags();
  };
  const drawTags = () => {
    clear(tagList);
    models.forEach((m, i) => tagList.append(h('li', { class: 'tag' }, m,
      h('button', { type: 'button', class: 'quiet', 'aria-label': `Remove model ${m}`, text: '×', onclick: () => {
        models.splice(i, 1);
        drawTags();
      } }))));
    drawChains();
  };
  const drawChains = () => {
    clear(chains);
    chains.append(chainEditor('Transformers for every model', transformer, 'use'));
    for (const m of models) {
      if (!transformer[m]) transformer[m] = { use: [] };
      chains.append(chainEditor(`Transformers for ${m} only`, transformer[m], 'use'));
    }
  };
  modelInput.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      addModel(modelInput.value);
      modelInput.value = '';
    }
  });
  form.append(h('h2', { id: 'provider-form-title', text: index === null ? 'Add provider' : `Edit ${p.name}` }),
    field('Name', name)[0],
    field('API base URL', url, 'The full endpoint, as in the original config.')[0],
    field('API key', key, keyMasked ? 'Stored keys are never shown.' : 'A literal key, or $VAR to read it from the environment.')[0],
    h('fieldset', {}, h('legend', { text: 'Models' }), tagList,
      h('div', { class: 'row' }, field('Add a model', modelInput, 'Press Enter to add.')[0],
        h('button', { type: 'button', id: 'add-model', text: 'Add model', onclick: () => {
          addModel(modelInput.value);
          modelInput.value = '';
        } }),
        h('button', { type: 'button', id: 'fetch-models', text: 'Fetch models', onclick: async () => {
          if (!(store.saved.Providers || []).some((s) => s.name === name.value)) {
            fetched.textContent = 'Save the provider first: the list is asked with its stored key.';
            return;
          }
          fetched.textContent = 'Fetching…';
          try {
            const r = await api('GET', `/api/providers/${encodeURIComponent(name.value)}/models`);
            clear(fetched).append(h('p', { text: `${r.models.length} models offered; choose to add:` }),
              h('div', { class: 'buttons' }, r.models.map((m) => h('button', { type: 'button', text: m, onclick: () => addModel(m) }))));
          } catch (e) {
            fetched.textContent = 'Cannot fetch models: ' + e.message;
          }
        } })),
      fetched),
    chains,
    h('div', { class: 'buttons' },
      h('button', { type: 'submit', class: 'primary', id: 'provider-done', text: 'Apply to draft' }),
      h('button', { type: 'button', text: 'Cancel', onclick: () => renderList(body, '') })));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const next = { ...p, name: name.value.trim(), api_base_url: url.value.trim(), models: [...models] };
    if (key.value) next.api_key = key.value;
    else if (keyMasked) next.api_key = MASK;
    else delete next.api_key;
    const t = {};
    if (transformer.use && transformer.use.length) t.use = transformer.use;
    for (const m of models) if (transformer[m] && transformer[m].use && transformer[m].use.length) t[m] = transformer[m];
    if (Object.keys(t).length) next.transformer = t;
    else delete next.transformer;
    const clash = list().findIndex((x, i) => x.name === next.name && i !== index);
    if (clash >= 0) {
      say(`There is already a provider named ${next.name}.`, 'error');
      return;
    }
    if (index === null) list().push(next);
    else list()[index] = next;
    // a renamed provider's routes follow it
    if (index !== null && original.name && original.name !== next.name) renameRoutes(original.name, next.name);
    store.changed();
    say(`Provider ${next.name} is in the draft; review and save to apply.`);
    renderList(body, '');
  });
  body.append(form);
  drawTags();
  name.focus();
}

function renameRoutes(from, to) {
  const r = store.draft.Router || {};
  for (const [k, v] of Object.entries(r)) {
    if (typeof v === 'string' && v.startsWith(from + ',')) r[k] = to + v.slice(from.length);
  }
}

/** Edits holder[key], a list of transformer uses: a name, or [name, options]. */
function chainEditor(title, holder, key) {
  if (!Array.isArray(holder[key])) holder[key] = [];
  const chain = holder[key];
  const box = h('fieldset', { class: 'chain' }, h('legend', { text: title }));
  const rows = h('ol');
  const draw = () => {
    clear(rows);
    chain.forEach((u, i) => {
      const name = Array.isArray(u) ? u[0] : u;
      const options = Array.isArray(u) && u.length > 1 ? JSON.stringify(u[1]) : '';
      const select = h('select', {}, store.transformers.map((t) => h('option', { value: t.name, text: t.name })));
      if (!store.transformers.some((t) => t.name === name)) select.prepend(h('option', { value: name, text: name }));
      select.value = name;
      const opts = h('input', { type: 'text', value: options, placeholder: '{"max_tokens": 16384}' });
      const error = h('span', { class: 'error', 'aria-live': 'polite' });
      const update = () => {
        if (!opts.value.trim()) {
          chain[i] = select.value;
          error.textContent = '';
          return;
        }
        try {
          chain[i] = [select.value, JSON.parse(opts.value)];
          error.textContent = '';
        } catch (e) {
          error.textContent = 'Options must be JSON.';
        }
      };
      select.addEventListener('change', update);
      opts.addEventListener('change', update);
      rows.append(h('li', { class: 'row' }, field('Transformer', select)[0], field('Options (JSON)', opts)[0], error,
        h('button', { type: 'button', 'aria-label': `Move ${name} up`, text: '↑', disabled: i === 0, onclick: () => {
          [chain[i - 1], chain[i]] = [chain[i], chain[i - 1]];
          draw();
        } }),
        h('button', { type: 'button', 'aria-label': `Remove ${name}`, text: 'Remove', onclick: () => {
          chain.splice(i, 1);
          draw();
        } })));
    });
  };
  box.append(rows, h('button', { type: 'button', text: 'Add transformer', onclick: () => {
    chain.push((store.transformers[0] || { name: 'maxtoken' }).name);
    draw();
  } }));
  draw();
  return box;
}
