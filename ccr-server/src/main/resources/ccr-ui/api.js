// Calls to the management API, with the APIKEY from the login screen (kept for this tab only).
const KEY = 'ccr.apikey';

export function apiKey() {
  return sessionStorage.getItem(KEY);
}

export function setApiKey(k) {
  if (k) sessionStorage.setItem(KEY, k);
  else sessionStorage.removeItem(KEY);
}

function headers(extra) {
  const out = { ...extra };
  const k = apiKey();
  if (k) out['x-api-key'] = k;
  return out;
}

export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.error && body.error.message) || `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

// The ETag of the config last loaded: every save and check sends it, so one made over another's save
// (or an edit of the file) is refused with 412 instead of silently replacing it.
let configEtag = null;

export async function api(method, path, body) {
  const init = { method, headers: headers(body === undefined ? {} : { 'Content-Type': 'application/json' }) };
  if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
  const save = method === 'POST' && path.split('?')[0] === '/api/config';
  if (save) {
    if (!configEtag) throw new ApiError(412, { error: { message: 'the config was not loaded yet: reload the page' } });
    init.headers['If-Match'] = configEtag;
  }
  const res = await fetch(path, init);
  if ((method === 'GET' && path === '/api/config' || save) && res.ok && res.headers.get('ETag')) configEtag = res.headers.get('ETag');
  const text = await res.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch (e) {
    data = { raw: text };
  }
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

/** Reads server-sent events with fetch (EventSource cannot send the key); calls onEvent(name, data) until aborted. */
export async function events(path, onEvent, signal) {
  const res = await fetch(path, { headers: headers({ Accept: 'text/event-stream' }), signal });
  if (!res.ok) throw new ApiError(res.status, null);
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let name = 'message';
      const data = [];
      for (const line of frame.split('\n')) {
        if (line.startsWith('event:')) name = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
      }
      if (data.length) onEvent(name, data.join('\n'));
    }
  }
}
