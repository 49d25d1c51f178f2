// Elements built with the DOM API: text is always text, never parsed as HTML.
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2).toLowerCase(), v);
    else if (k === 'text') el.textContent = v;
    else if (k === 'value') el.value = v;
    else if (k === 'checked') el.checked = !!v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

let ids = 0;
export function uid(prefix) {
  return `${prefix}-${++ids}`;
}

/** A labelled input; returns [wrapper, input]. */
export function field(label, input, hint) {
  const id = input.id || uid('f');
  input.id = id;
  const hintEl = hint ? h('span', { class: 'hint', id: id + '-hint', text: hint }) : null;
  if (hintEl) input.setAttribute('aria-describedby', hintEl.id);
  return [h('div', { class: 'field' }, h('label', { for: id, text: label }), input, hintEl), input];
}

export function clone(v) {
  return v === undefined ? undefined : JSON.parse(JSON.stringify(v));
}

/** Names whose values are secrets, as the server's Redaction decides. */
export function isSecretName(name) {
  const n = name.toLowerCase().replace(/[-_]/g, '');
  return n === 'apikey' || n.endsWith('apikey') || n.endsWith('apikeys') || n.includes('privatekey')
    || n.includes('accesskey') || (n.includes('token') && !n.includes('tokens') && !n.includes('maxtoken'))
    || n.includes('secret') || n.includes('password') || n === 'authorization' || n === 'cookie';
}

/** A copy with secret members hidden (a second guard: the server redacts first). */
export function redact(v) {
  if (Array.isArray(v)) return v.map(redact);
  if (v && typeof v === 'object') {
    const out = {};
    for (const [k, x] of Object.entries(v)) {
      out[k] = isSecretName(k) && typeof x === 'string' && x && !/^\$\{?[A-Za-z_]/.test(x) ? '<redacted>' : redact(x);
    }
    return out;
  }
  return v;
}
