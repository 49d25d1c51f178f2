// The whole config as text (JSON5 accepted), checked by the server's validator, problems shown at their lines.
import { h, clear } from './dom.js';
import { api, ApiError } from './api.js';
import { store, review, say } from './app.js';

/** The line of each JSON path in JSON5 text ("Providers[0].api_key" -> 7); tolerant of broken text. */
export function pathLines(text) {
  const lines = new Map();
  let i = 0;
  let line = 1;
  const n = text.length;
  const skip = () => {
    while (i < n) {
      const c = text[i];
      if (c === '\n') { line++; i++; }
      else if (c === ' ' || c === '\t' || c === '\r' || c === ',') i++;
      else if (c === '/' && text[i + 1] === '/') { while (i < n && text[i] !== '\n') i++; }
      else if (c === '/' && text[i + 1] === '*') {
        i += 2;
        while (i < n && !(text[i] === '*' && text[i + 1] === '/')) { if (text[i] === '\n') line++; i++; }
        i += 2;
      } else break;
    }
  };
  const str = () => {
    const q = text[i++];
    let s = '';
    while (i < n && text[i] !== q) {
      if (text[i] === '\\') { s += text[i + 1]; i += 2; }
      else { if (text[i] === '\n') line++; s += text[i++]; }
    }
    i++;
    return s;
  };
  const value = (path, depth) => {
    skip();
    if (i >= n || depth > 200) return;
    if (!lines.has(path)) lines.set(path, line);
    const c = text[i];
    if (c === '{') {
      i++;
      for (;;) {
        skip();
        if (i >= n) return;
        if (text[i] === '}') { i++; return; }
        if (text[i] === ']') { i++; return; }
        const keyLine = line;
        let key;
        if (text[i] === '"' || text[i] === "'") key = str();
        else {
          const s = i;
          while (i < n && /[\w$]/.test(text[i])) i++;
          if (s === i) { i++; continue; }
          key = text.slice(s, i);
        }
        skip();
        if (text[i] === ':') i++;
        const p = path ? `${path}.${key}` : key;
        lines.set(p, keyLine);
        value(p, depth + 1);
      }
    } else if (c === '[') {
      i++;
      for (let k = 0; ; k++) {
        skip();
        if (i >= n) return;
        if (text[i] === ']' || text[i] === '}') { i++; return; }
        const before = i;
        value(`${path}[${k}]`, depth + 1);
        if (i === before) i++;
      }
    } else if (c === '"' || c === "'") str();
    else {
      const s = i;
      while (i < n && !/[\s,\]}]/.test(text[i])) i++;
      if (s === i) i++;
    }
  };
  value('', 0);
  return lines;
}

/** The line a validator problem points at: "config:L:C: …" for parse errors, else the line of its JSON path. */
export function problemLine(problem, lines) {
  const parse = problem.match(/^[^\s]*?:(\d+):(\d+): /);
  if (parse) return Number(parse[1]);
  const m = problem.match(/^([A-Za-z_$][\w$-]*(?:\[\d+\]|\.[\w$-]+)*)/);
  if (!m) return null;
  let path = m[1];
  while (path) {
    if (lines.has(path)) return lines.get(path);
    const cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
    if (cut <= 0) break;
    path = path.slice(0, cut);
  }
  return lines.has(path) ? lines.get(path) : null;
}

export default function editor(main) {
  const savedText = JSON.stringify(store.saved, null, 2);
  if (store.editorText === null) store.editorText = store.dirty() ? JSON.stringify(store.draft, null, 2) : savedText;
  const gutter = h('pre', { class: 'gutter', 'aria-hidden': 'true' });
  const area = h('textarea', { id: 'raw-editor', spellcheck: 'false', wrap: 'off', 'aria-describedby': 'editor-hint',
    'aria-label': 'config.json' });
  area.value = store.editorText;
  const problems = h('ul', { class: 'problems', id: 'editor-problems', 'aria-live': 'polite' });
  const marked = new Set();
  const drawGutter = () => {
    const count = area.value.split('\n').length;
    clear(gutter);
    for (let k = 1; k <= count; k++) {
      gutter.append(h('span', { class: marked.has(k) ? 'bad' : null, 'data-line': k, text: String(k) }), '\n');
    }
  };
  const goTo = (line) => {
    const all = area.value.split('\n');
    const start = all.slice(0, line - 1).reduce((a, l) => a + l.length + 1, 0);
    area.focus();
    area.setSelectionRange(start, start + (all[line - 1] || '').length);
  };
  const show = (list) => {
    clear(problems);
    marked.clear();
    const lines = pathLines(area.value);
    for (const p of list) {
      const line = problemLine(p, lines);
      if (line) marked.add(line);
      problems.append(h('li', { 'data-line': line || '' }, line
        ? h('button', { type: 'button', class: 'link', text: `Line ${line}`, 'aria-label': `Go to line ${line}`, onclick: () => goTo(line) })
        : null, line ? ': ' : '', p));
    }
    drawGutter();
  };
  area.addEventListener('input', () => {
    store.editorText = area.value;
    drawGutter();
  });
  area.addEventListener('scroll', () => { gutter.scrollTop = area.scrollTop; });
  const check = async () => {
    try {
      const r = await api('POST', '/api/config?dryRun=true', area.value);
      show([]);
      say(`Valid. ${r.changes.length} change${r.changes.length === 1 ? '' : 's'} from the saved config.`, 'ok');
    } catch (e) {
      if (e instanceof ApiError && e.status === 400) {
        show(e.body.problems || []);
        say(`${(e.body.problems || []).length} problem(s): see the list under the editor.`, 'error');
      } else say('Cannot check: ' + e.message, 'error');
    }
  };
  main.append(h('p', { id: 'editor-hint', text: 'The config as saved, secrets masked: a masked value left as it is keeps the stored '
      + 'secret. JSON5 is accepted; the file is written back as JSON (comments are not kept; the backup has them).' }),
    h('div', { class: 'editor' }, gutter, area),
    h('div', { class: 'buttons' },
      h('button', { type: 'button', id: 'editor-check', text: 'Check', onclick: check }),
      h('button', { type: 'button', class: 'primary', id: 'editor-save', text: 'Review and save', onclick: async () => {
        const r = await review(area.value);
        if (r && r.saved) {
          store.editorText = null;
          area.value = JSON.stringify(store.saved, null, 2);
        }
        show((r && r.problems) || []);
      } }),
      h('button', { type: 'button', text: 'Revert to saved', onclick: () => {
        area.value = savedText;
        store.editorText = null;
        show([]);
      } })),
    h('h2', { text: 'Problems' }), problems);
  drawGutter();
}
