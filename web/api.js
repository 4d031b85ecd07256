// The JSON API client: same-origin fetch, the session cookie sent by the browser, the CSRF
// token (from /api/me or the login reply) on every POST. Errors carry the server's message.
let csrf = '';

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message || `HTTP ${status}`);
    this.status = status;
    this.code = body?.error || '';
  }
}

export function setCsrf(token) { csrf = token || ''; }

async function call(method, path, body) {
  const headers = {};
  if (method === 'POST') {
    headers['Content-Type'] = 'application/json';
    headers['X-CSRF-Token'] = csrf;
  }
  const r = await fetch(path, {
    method, headers, credentials: 'same-origin',
    body: method === 'POST' ? JSON.stringify(body || {}) : undefined,
  });
  const doc = await r.json().catch(() => null);
  if (!r.ok) throw new ApiError(r.status, doc);
  return doc;
}

export const get = (path) => call('GET', path);
export const post = (path, body) => call('POST', path, body);

// Every row of a paged listing (rows: the name of its array), page after page by "next".
export async function getAll(path, rows) {
  const sep = path.includes('?') ? '&' : '?';
  let all = [];
  for (let before = 0; ;) {
    const doc = await get(`${path}${sep}limit=1000${before ? `&before=${before}` : ''}`);
    all = all.concat(doc[rows]);
    if (doc.next == null) return all;
    before = doc.next;
  }
}
